import type { RetentionKind, RetentionRepository } from './privacy-ports';
import { retentionCutoffs } from './retention';
import { RetentionService, type RetentionReport } from './retention.service';

const NOW = new Date('2026-12-01T12:00:00Z');
const POLICY = { retentionDays: 400, idempotencyDays: 30, batchSize: 3 };

/** A store holding `pending` rows per kind, handing out at most `limit` per batch. */
function fakeRepo(pending: Partial<Record<RetentionKind, number>>, locked = false) {
  const calls: { kind: RetentionKind; before: Date; limit: number }[] = [];
  const repo: RetentionRepository = {
    exclusively: async (work) =>
      locked
        ? null
        : work({
            batch: async (kind, before, limit) => {
              calls.push({ kind, before, limit });
              const n = Math.min(limit, pending[kind] ?? 0);
              pending[kind] = (pending[kind] ?? 0) - n;
              return n;
            },
          }),
  };
  return { repo, calls };
}

function observer() {
  const seen: { ran: RetentionReport[]; skipped: number } = { ran: [], skipped: 0 };
  return { seen, observer: { ran: (r: RetentionReport) => seen.ran.push(r), skipped: () => (seen.skipped += 1) } };
}

describe('retentionCutoffs', () => {
  it('puts personal data at RETENTION_DAYS and idempotency records at IDEMPOTENCY_DAYS before now', () => {
    const c = retentionCutoffs(NOW, POLICY);
    expect(c.messages.toISOString()).toBe('2025-10-27T12:00:00.000Z');
    expect(c.missedCalls).toEqual(c.messages);
    expect(c.tickets).toEqual(c.messages);
    expect(c.activities.toISOString()).toBe('2026-11-01T12:00:00.000Z');
  });
});

describe('RetentionService', () => {
  it('works each kind in batches until a batch comes back short, and reports the rows', async () => {
    const { repo, calls } = fakeRepo({ activities: 7, messages: 3, missedCalls: 0, tickets: 1 });
    const { seen, observer: o } = observer();
    const report = await new RetentionService(repo, POLICY, o, () => NOW).run();
    expect(report!.rows).toEqual({ activities: 7, messages: 3, missedCalls: 0, tickets: 1, conversations: 0 });
    // activities 3+3+1, messages 3+0, missed calls 0, tickets 1, conversations 0
    expect(calls.map((c) => c.kind)).toEqual([
      'activities',
      'activities',
      'activities',
      'messages',
      'messages',
      'missedCalls',
      'tickets',
      'conversations',
    ]);
    expect(calls.every((c) => c.limit === 3)).toBe(true);
    expect(seen.ran).toEqual([report]);
  });

  it('does nothing and says so when another instance holds the lock', async () => {
    const { repo, calls } = fakeRepo({ messages: 5 }, true);
    const { seen, observer: o } = observer();
    expect(await new RetentionService(repo, POLICY, o, () => NOW).run()).toBeNull();
    expect(calls).toEqual([]);
    expect(seen).toEqual({ ran: [], skipped: 1 });
  });

  it('stops after the current batch when aborted (shutdown)', async () => {
    const abort = new AbortController();
    const { repo, calls } = fakeRepo({ activities: 100 });
    const { observer: o } = observer();
    const service = new RetentionService(
      {
        exclusively: (work) =>
          repo.exclusively((store) =>
            work({
              batch: async (...a) => {
                abort.abort();
                return store.batch(...a);
              },
            }),
          ),
      },
      POLICY,
      o,
      () => NOW,
    );
    const report = await service.run(abort.signal);
    expect(calls).toHaveLength(1);
    expect(report!.rows.activities).toBe(3);
  });
});

import type { StoredMessage } from '../domain/automation/automation-ports';
import type { Trigger } from '../domain/chat-settings/triggers';
import { DomainError } from '../domain/errors';
import type { DispatchedPage, DispatchLog } from '../domain/feed/feed-ports';
import { FeedHub, type FeedLimits } from './feed-hub';

/** The dispatch log in memory, with the same contract as the PostgreSQL one (per team, gap-free positions). */
class MemoryLog implements DispatchLog {
  readonly rows = new Map<string, StoredMessage[]>();
  reads = 0;
  /** Runs before a read's snapshot is taken: lets a test commit "while the read is in flight". */
  beforeRead: (() => void) | null = null;

  commit(
    teamId: string,
    trigger: Trigger = 'PHOTO_VIDEO_REQUESTED',
    decision: StoredMessage['decision'] = 'DISPATCHED',
  ): StoredMessage {
    const log = this.rows.get(teamId) ?? [];
    this.rows.set(teamId, log);
    const m = {
      id: `${teamId}#${log.length + 1}`,
      teamId,
      position: log.length + 1,
      trigger,
      decision,
    } as StoredMessage;
    log.push(m);
    return m;
  }

  /** When set, every read takes its snapshot at once but answers only when the test releases it. */
  held: { after: number; release: () => void }[] | null = null;

  async dispatchedAfter(
    teamId: string,
    after: number,
    limit: number,
    triggers?: readonly Trigger[] | null,
  ): Promise<DispatchedPage> {
    this.reads += 1;
    await Promise.resolve();
    this.beforeRead?.();
    const log = this.rows.get(teamId) ?? [];
    const messages = log
      .filter(
        (m) => m.position > after && m.decision === 'DISPATCHED' && (!triggers?.length || triggers.includes(m.trigger)),
      )
      .slice(0, limit);
    const through = messages.length >= limit ? messages[messages.length - 1].position : Math.max(log.length, after);
    if (this.held) await new Promise<void>((release) => this.held!.push({ after, release }));
    await Promise.resolve();
    return { messages, through };
  }

  /** Answers the held read that started after `after`. */
  async release(after: number): Promise<void> {
    for (let i = 0; i < 100 && !this.held!.some((r) => r.after === after); i++)
      await new Promise((r) => setImmediate(r));
    const i = this.held!.findIndex((r) => r.after === after);
    if (i < 0) throw new Error(`no read after ${after} is held`);
    this.held!.splice(i, 1)[0].release();
    await new Promise((r) => setImmediate(r));
  }

  async heads(teamIds: readonly string[]): Promise<Map<string, number>> {
    return new Map(teamIds.map((t) => [t, this.rows.get(t)?.length ?? 0]));
  }
}

const quiet = { warn: () => undefined, debug: () => undefined };
const LIMITS: FeedLimits = { pageSize: 3, bufferLimit: 4, maxLag: 10 };

async function take(it: AsyncIterator<StoredMessage>, n: number): Promise<number[]> {
  const out: number[] = [];
  while (out.length < n) {
    const step = await it.next();
    if (step.done) break;
    out.push(step.value.position);
  }
  return out;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('FeedHub', () => {
  it('delivers what commits after subscribing, in position order, once, whatever order the hints come in', async () => {
    const log = new MemoryLog();
    const hub = new FeedHub(log, LIMITS, quiet);
    log.commit('t');
    const sub = await hub.subscribe('t', { after: null });
    for (let i = 0; i < 5; i++) log.commit('t');
    hub.hint('t', 3);
    hub.hint('t', 6);
    hub.hint('t', 2);
    expect(await take(sub, 5)).toEqual([2, 3, 4, 5, 6]);
  });

  it('skips SUPPRESSED rows and filters by trigger', async () => {
    const log = new MemoryLog();
    const hub = new FeedHub(log, LIMITS, quiet);
    const sub = await hub.subscribe('t', { after: null, triggers: ['PAYMENT_REQUESTED'] });
    log.commit('t', 'PAYMENT_REQUESTED', 'SUPPRESSED');
    log.commit('t', 'APPROVAL_REQUESTED');
    log.commit('t', 'PAYMENT_REQUESTED');
    hub.hint('t', 3);
    expect(await take(sub, 1)).toEqual([3]);
  });

  it('replays after a cursor in pages, then goes live without a gap or a duplicate, also for commits during the replay', async () => {
    const log = new MemoryLog();
    const hub = new FeedHub(log, LIMITS, quiet);
    const watcher = await hub.subscribe('t', { after: null }); // keeps the team's channel reading live
    for (let i = 0; i < 10; i++) log.commit('t');
    hub.hint('t', 10);
    await take(watcher, 10);
    const sub = await hub.subscribe('t', { after: 2 });
    // every read of the replay sees two more commits, which the channel fans out to live subscribers
    log.beforeRead = () => {
      if (log.rows.get('t')!.length >= 20) return;
      log.commit('t');
      log.commit('t');
      hub.hint('t', log.rows.get('t')!.length);
    };
    const got = await take(sub, 18);
    log.beforeRead = null;
    expect(got).toEqual(range(3, 20));
    log.commit('t');
    hub.hint('t', 21);
    expect(await take(sub, 1)).toEqual([21]);
  });

  it('does not go live while the channel has fanned out more than its replay read saw (no gap)', async () => {
    const log = new MemoryLog();
    const hub = new FeedHub(log, { ...LIMITS, pageSize: 50 }, quiet);
    const watcher = await hub.subscribe('t', { after: null });
    for (let i = 0; i < 10; i++) log.commit('t');
    hub.hint('t', 10);
    await take(watcher, 10);
    log.held = [];
    const sub = await hub.subscribe('t', { after: 5 });
    const replay = take(sub, 5); // its read sees 6..10
    await new Promise((r) => setImmediate(r));
    log.commit('t');
    log.commit('t');
    hub.hint('t', 12); // the channel reads 11, 12 and fans them out before the replay's read answers
    await log.release(10);
    await log.release(5);
    expect(await replay).toEqual(range(6, 10));
    const next = take(sub, 2);
    await log.release(10);
    expect(await next).toEqual([11, 12]);
    log.held = null;
    log.commit('t');
    hub.hint('t', 13);
    expect(await take(sub, 1)).toEqual([13]);
  });

  it('skips what its replay already read when the channel catches up behind it (no duplicate)', async () => {
    const log = new MemoryLog();
    const hub = new FeedHub(log, { ...LIMITS, pageSize: 50 }, quiet);
    const watcher = await hub.subscribe('t', { after: null });
    for (let i = 0; i < 10; i++) log.commit('t');
    hub.hint('t', 10);
    await take(watcher, 10);
    log.commit('t');
    log.commit('t');
    log.held = [];
    const sub = await hub.subscribe('t', { after: 5 }); // sees head 12: the channel starts reading 11, 12
    const replay = take(sub, 7);
    await log.release(5); // the replay read 6..12 first, while the channel is still at 10: it goes live
    expect(await replay).toEqual(range(6, 12));
    await log.release(10); // now the channel fans out 11, 12
    log.held = null;
    log.commit('t');
    hub.hint('t', 13);
    expect(await take(sub, 1)).toEqual([13]);
    expect(await take(watcher, 3)).toEqual([11, 12, 13]);
  });

  it("refuses a cursor beyond the team's log", async () => {
    const log = new MemoryLog();
    const hub = new FeedHub(log, LIMITS, quiet);
    log.commit('t');
    await expect(hub.subscribe('t', { after: 2 })).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
  });

  it('a consumer that stops pulling holds no more than its buffer, then pages from the log and catches up', async () => {
    const log = new MemoryLog();
    const fellBehind = jest.fn();
    const hub = new FeedHub(log, LIMITS, quiet, { fellBehind });
    const sub = await hub.subscribe('t', { after: null });
    for (let i = 0; i < 8; i++) {
      log.commit('t');
      hub.hint('t', i + 1);
      await new Promise((r) => setImmediate(r));
    }
    expect(fellBehind).toHaveBeenCalledTimes(1);
    const readsBefore = log.reads;
    expect(await take(sub, 8)).toEqual(range(1, 8));
    expect(log.reads).toBeGreaterThan(readsBefore); // from the log, not from memory
    log.commit('t');
    hub.hint('t', 9);
    expect(await take(sub, 1)).toEqual([9]);
  });

  it('ends a subscription that falls more than maxLag behind with SUBSCRIBER_TOO_SLOW and where to resume', async () => {
    const log = new MemoryLog();
    const tooSlow = jest.fn();
    const hub = new FeedHub(log, LIMITS, quiet, { tooSlow });
    const sub = await hub.subscribe('t', { after: null });
    log.commit('t');
    hub.hint('t', 1);
    expect(await take(sub, 1)).toEqual([1]);
    for (let i = 2; i <= 20; i++) {
      log.commit('t');
      hub.hint('t', i);
      await new Promise((r) => setImmediate(r));
    }
    expect(tooSlow).toHaveBeenCalledTimes(1);
    const error = await sub.next().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ category: 'SUBSCRIBER_TOO_SLOW', details: { resumeAfterPosition: 1 } });
    expect(hub.subscriptions).toBe(0);
  });

  it('return() ends a pending next() at once and leaves the team', async () => {
    const log = new MemoryLog();
    const hub = new FeedHub(log, LIMITS, quiet);
    const sub = await hub.subscribe('t', { after: null });
    const pending = sub.next();
    await sub.return();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(hub.teams).toBe(0);
  });

  it('catchUp reads the teams whose head moved without a hint (a lost NOTIFY, a reconnect)', async () => {
    const log = new MemoryLog();
    const hub = new FeedHub(log, LIMITS, quiet);
    const a = await hub.subscribe('a', { after: null });
    const b = await hub.subscribe('b', { after: null });
    log.commit('a');
    log.commit('b');
    log.commit('b');
    await hub.catchUp();
    expect(await take(a, 1)).toEqual([1]);
    expect(await take(b, 2)).toEqual([1, 2]);
  });
});

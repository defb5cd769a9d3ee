import type { RetentionKind } from './privacy-ports';

export interface RetentionPolicy {
  /** Personal data in the dispatch log, missed calls, tickets and conversations is erased after this. */
  readonly retentionDays: number;
  /** Idempotency records (a duplicate eventId's first outcome) are deleted after this. */
  readonly idempotencyDays: number;
  /** Rows per statement; each batch is its own short transaction. */
  readonly batchSize: number;
}

const DAY_MS = 86_400_000;

/** Which rows of each kind a run at `now` handles: those older than the returned instant. */
export function retentionCutoffs(now: Date, policy: RetentionPolicy): Record<RetentionKind, Date> {
  const personal = new Date(now.getTime() - policy.retentionDays * DAY_MS);
  return {
    messages: personal,
    missedCalls: personal,
    tickets: personal,
    conversations: personal,
    activities: new Date(now.getTime() - policy.idempotencyDays * DAY_MS),
  };
}

/** In this order: idempotency records first, since they point at log rows and missed calls. */
export const RETENTION_KINDS: readonly RetentionKind[] = [
  'activities',
  'messages',
  'missedCalls',
  'tickets',
  'conversations',
];

/** The delivery lifecycle a sender reports (PRODUCT.md §11), and the rule that picks the current status. */
export const DELIVERY_STATUSES = ['PENDING', 'QUEUED', 'SENT', 'DELIVERED', 'READ', 'UNDELIVERED', 'FAILED'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** Higher wins: reports arrive out of order, so a late SENT never hides an earlier DELIVERED. */
export const DELIVERY_RANK = {
  PENDING: 0,
  QUEUED: 1,
  SENT: 2,
  UNDELIVERED: 3,
  FAILED: 3,
  DELIVERED: 4,
  READ: 5,
} as const satisfies Record<DeliveryStatus, number>;

/** What the dashboard figures count a status as (§12): DELIVERED or READ, UNDELIVERED or FAILED. */
export type DeliveryOutcome = 'DELIVERED' | 'FAILED';

export function outcomeOf(status: DeliveryStatus | null): DeliveryOutcome | null {
  if (status === 'DELIVERED' || status === 'READ') return 'DELIVERED';
  if (status === 'UNDELIVERED' || status === 'FAILED') return 'FAILED';
  return null;
}

export interface DeliveryReport {
  readonly eventId: string;
  readonly status: DeliveryStatus;
  readonly occurredAt: Date;
  readonly providerMessageId?: string | null;
  readonly errorCode?: string | null;
  readonly errorMessage?: string | null;
}

export interface DeliveryState {
  /** The report that set the current status; null: PENDING, nothing reported yet. */
  readonly current: DeliveryReport | null;
  /** Every report, in occurredAt order (ties by eventId, so the order never depends on arrival). */
  readonly history: readonly DeliveryReport[];
}

export const NO_DELIVERY_REPORTS: DeliveryState = { current: null, history: [] };

/**
 * Whether report `a` beats report `b` for the current status: the higher rank, then the later
 * occurredAt, then the greater eventId. The last key makes the order total (eventIds are unique per
 * team), so the winner of a set of reports never depends on the order they arrived in. The SQL of
 * the delivery repository compares the same key, `(rank, occurred_at, event_id)`.
 */
export function outranks(a: DeliveryReport, b: DeliveryReport): boolean {
  const ra = DELIVERY_RANK[a.status];
  const rb = DELIVERY_RANK[b.status];
  if (ra !== rb) return ra > rb;
  const ta = a.occurredAt.getTime();
  const tb = b.occurredAt.getTime();
  if (ta !== tb) return ta > tb;
  return a.eventId > b.eventId;
}

function historyOrder(a: DeliveryReport, b: DeliveryReport): number {
  return (
    a.occurredAt.getTime() - b.occurredAt.getTime() || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0)
  );
}

/**
 * One more report: kept in the history, and the current one when it outranks the current.
 * `changed` says whether the current status (or the report that set it) changed, which is what
 * the deliveryStatusChanged feed streams. A report whose eventId is already known changes nothing.
 */
export function applyDeliveryReport(
  state: DeliveryState,
  report: DeliveryReport,
): { state: DeliveryState; changed: boolean } {
  if (state.history.some((r) => r.eventId === report.eventId)) return { state, changed: false };
  const history = [...state.history, report].sort(historyOrder);
  const changed = state.current === null || outranks(report, state.current);
  return { state: { current: changed ? report : state.current, history }, changed };
}

export function statusOf(state: DeliveryState): DeliveryStatus {
  return state.current?.status ?? 'PENDING';
}

import { SUPPRESSION_REASONS, type SuppressionReason } from '../automation/decide';
import { TRIGGERS, type Trigger } from '../chat-settings/triggers';

/** Counts of one trigger in one bucket, as the rollup sums them. */
export interface StatsRow {
  /** Index into the bucket starts the query was made with. */
  readonly bucket: number;
  readonly trigger: Trigger;
  readonly dispatched: number;
  readonly segments: number;
  readonly delivered: number;
  readonly failed: number;
  readonly suppressed: Readonly<Partial<Record<SuppressionReason, number>>>;
}

export interface TriggerStats {
  readonly trigger: Trigger;
  readonly dispatched: number;
  readonly suppressed: number;
  readonly segments: number;
  readonly delivered: number;
  readonly failed: number;
}

export interface StatsBucket {
  readonly start: Date;
  readonly dispatched: number;
  readonly suppressed: number;
  readonly segments: number;
  readonly delivered: number;
  readonly failed: number;
  /** Non-zero rows only, in the catalogue's trigger order. */
  readonly byTrigger: readonly TriggerStats[];
  /** Non-zero rows only, in the order of SUPPRESSION_REASONS. */
  readonly bySuppressionReason: readonly { reason: SuppressionReason; count: number }[];
}

export interface AutomationStats {
  readonly totals: StatsBucket;
  readonly buckets: readonly StatsBucket[];
}

/** Every bucket listed, empty ones too; the totals start at the first bucket. */
export function summarize(starts: readonly Date[], rows: readonly StatsRow[]): AutomationStats {
  const perBucket = starts.map(() => [] as StatsRow[]);
  for (const r of rows) perBucket[r.bucket]?.push(r);
  return {
    totals: bucketOf(starts[0], rows),
    buckets: starts.map((start, i) => bucketOf(start, perBucket[i])),
  };
}

function bucketOf(start: Date, rows: readonly StatsRow[]): StatsBucket {
  const byTrigger = new Map<
    Trigger,
    { dispatched: number; suppressed: number; segments: number; delivered: number; failed: number }
  >();
  const byReason = new Map<SuppressionReason, number>();
  for (const r of rows) {
    const t = byTrigger.get(r.trigger) ?? { dispatched: 0, suppressed: 0, segments: 0, delivered: 0, failed: 0 };
    t.dispatched += r.dispatched;
    t.segments += r.segments;
    t.delivered += r.delivered;
    t.failed += r.failed;
    for (const [reason, n] of Object.entries(r.suppressed) as [SuppressionReason, number][]) {
      t.suppressed += n;
      byReason.set(reason, (byReason.get(reason) ?? 0) + n);
    }
    byTrigger.set(r.trigger, t);
  }
  const triggers = TRIGGERS.flatMap((trigger) => {
    const t = byTrigger.get(trigger);
    return t && (t.dispatched || t.suppressed || t.segments || t.delivered || t.failed) ? [{ trigger, ...t }] : [];
  });
  const sum = (k: keyof Omit<TriggerStats, 'trigger'>) => triggers.reduce((n, t) => n + t[k], 0);
  return {
    start,
    dispatched: sum('dispatched'),
    suppressed: sum('suppressed'),
    segments: sum('segments'),
    delivered: sum('delivered'),
    failed: sum('failed'),
    byTrigger: triggers,
    bySuppressionReason: SUPPRESSION_REASONS.flatMap((reason) =>
      byReason.get(reason) ? [{ reason, count: byReason.get(reason)! }] : [],
    ),
  };
}

import { SUPPRESSION_REASONS, type SuppressionReason } from '../../domain/automation/decide';

/**
 * SQL of the dashboard rollup (PRODUCT.md §12): counts per team, UTC quarter hour ("slot") and
 * trigger in `automation_stats_slot` (and per UTC hour in `automation_stats_hour`), kept in the same statement that writes a decision or a
 * delivery report, so `automationStats` reads at most one row per slot and trigger, whatever the
 * size of the log. See domain/stats/stats-buckets.ts for why quarter hours.
 */

/** The two granularities, both UTC: quarter hours (any zone) and hours (zones on whole-hour offsets). */
export const ROLLUP_TABLES = [
  { table: 'automation_stats_slot', width: '15 minutes', ms: 15 * 60_000 },
  { table: 'automation_stats_hour', width: '1 hour', ms: 60 * 60_000 },
] as const;

export type RollupTable = (typeof ROLLUP_TABLES)[number];

/** The slot of a timestamp in a rollup table. */
export const slotOf = (t: RollupTable, timestamp: string) =>
  `date_bin('${t.width}', ${timestamp}, timestamptz '2000-01-01 00:00:00+00')`;

/**
 * The coarsest table whose slots tile the buckets exactly: every bucket start and `until` on a
 * slot boundary. DAY and HOUR buckets of zones on whole-hour offsets (Europe/Berlin,
 * America/Chicago) read the hour table; Asia/Kolkata and the like read quarter hours.
 */
export function rollupTableFor(starts: readonly Date[], until: Date): RollupTable {
  const aligned = (t: RollupTable) => [...starts, until].every((d) => d.getTime() % t.ms === 0);
  return aligned(ROLLUP_TABLES[1]) ? ROLLUP_TABLES[1] : ROLLUP_TABLES[0];
}

export const SUPPRESSED_COLUMNS = {
  DISABLED: 'suppressed_disabled',
  COOLDOWN: 'suppressed_cooldown',
  OPTED_OUT: 'suppressed_opted_out',
  CHANNEL_NOT_SUPPORTED: 'suppressed_channel_not_supported',
  NO_RECIPIENT: 'suppressed_no_recipient',
} as const satisfies Record<SuppressionReason, string>;

const COUNT_COLUMNS = ['dispatched', 'segments', ...SUPPRESSION_REASONS.map((r) => SUPPRESSED_COLUMNS[r])];

/**
 * CTEs (`<name>_slot AS (INSERT … ON CONFLICT DO UPDATE), <name>_hour AS (…)`) that add the
 * decisions in the CTE named `messages` to both rollup tables. `messages` must return rows of
 * `automated_message` (at least team_id, trigger, decision, suppression_reason, channel, segments,
 * activity_at), e.g. the `RETURNING` of the statement's INSERT INTO automated_message; an empty
 * CTE adds nothing.
 *
 * Used as: `WITH …, msg AS (INSERT INTO automated_message … RETURNING …), ${decisionRollupCte('msg')}, …`.
 * The row locks it takes come after the team row's (the activity transaction holds that first).
 */
export function decisionRollupCte(messages: string, name = 'stats_rollup'): string {
  const key = `${messages}\u0000${name}`;
  let text = decisionRollups.get(key);
  if (text === undefined) decisionRollups.set(key, (text = buildDecisionRollupCte(messages, name)));
  return text;
}

/** The CTE text by (messages, name): built once (it is part of every activity's statement). */
const decisionRollups = new Map<string, string>();

function buildDecisionRollupCte(messages: string, name: string): string {
  return ROLLUP_TABLES.map(
    (t) => `${name}_${t.table.slice('automation_stats_'.length)} AS (
    INSERT INTO ${t.table} AS s (team_id, slot, trigger, ${COUNT_COLUMNS.join(', ')})
    SELECT m.team_id, ${slotOf(t, 'm.activity_at')}, m.trigger,
           (m.decision = 'DISPATCHED')::int,
           CASE WHEN m.decision = 'DISPATCHED' AND m.channel = 'SMS' THEN m.segments ELSE 0 END,
           ${SUPPRESSION_REASONS.map((r) => `(m.suppression_reason IS NOT DISTINCT FROM '${r}')::int`).join(',\n           ')}
      FROM ${messages} m
    ON CONFLICT (team_id, slot, trigger) DO UPDATE SET
      ${COUNT_COLUMNS.map((c) => `${c} = s.${c} + EXCLUDED.${c}`).join(',\n      ')}
  )`,
  ).join(', ');
}

/**
 * CTEs that move one message between the delivered / failed counts of its slots when its current
 * delivery status changes class. `change` must return one row with team_id, trigger, activity_at,
 * `delivered_delta` and `failed_delta` (-1, 0 or 1), or no row.
 */
export function deliveryRollupCte(change: string, name = 'delivery_rollup'): string {
  return ROLLUP_TABLES.map(
    (t) => `${name}_${t.table.slice('automation_stats_'.length)} AS (
    INSERT INTO ${t.table} AS s (team_id, slot, trigger, delivered, failed)
    SELECT c.team_id, ${slotOf(t, 'c.activity_at')}, c.trigger, c.delivered_delta, c.failed_delta
      FROM ${change} c WHERE c.delivered_delta <> 0 OR c.failed_delta <> 0
    ON CONFLICT (team_id, slot, trigger) DO UPDATE SET
      delivered = s.delivered + EXCLUDED.delivered, failed = s.failed + EXCLUDED.failed
  )`,
  ).join(', ');
}

import { SUPPRESSION_REASONS, type SuppressionReason } from '../../domain/automation/decide';

/**
 * SQL of the dashboard rollup (PRODUCT.md §12): counts per team, UTC quarter hour ("slot") and
 * trigger in `automation_stats_slot`, kept in the same statement that writes a decision or a
 * delivery report, so `automationStats` reads at most one row per slot and trigger, whatever the
 * size of the log. See domain/stats/stats-buckets.ts for why quarter hours.
 */

/** The slot of an activity time: its UTC quarter hour. */
export const slotOf = (timestamp: string) => `date_bin('15 minutes', ${timestamp}, timestamptz '2000-01-01 00:00:00+00')`;

export const SUPPRESSED_COLUMNS = {
  DISABLED: 'suppressed_disabled',
  COOLDOWN: 'suppressed_cooldown',
  OPTED_OUT: 'suppressed_opted_out',
  CHANNEL_NOT_SUPPORTED: 'suppressed_channel_not_supported',
  NO_RECIPIENT: 'suppressed_no_recipient',
} as const satisfies Record<SuppressionReason, string>;

const COUNT_COLUMNS = ['dispatched', 'segments', ...SUPPRESSION_REASONS.map((r) => SUPPRESSED_COLUMNS[r])];

/**
 * A CTE (`<name> AS (INSERT … ON CONFLICT DO UPDATE)`) that adds the decisions in the CTE named
 * `messages` to the rollup. `messages` must return rows of `automated_message` (at least team_id,
 * trigger, decision, suppression_reason, channel, segments, activity_at), e.g. the
 * `RETURNING` of the statement's INSERT INTO automated_message; an empty CTE adds nothing.
 *
 * Used as: `WITH …, msg AS (INSERT INTO automated_message … RETURNING …), ${decisionRollupCte('msg')} …`.
 * The row lock it takes comes after the team row's (the activity transaction holds that first).
 */
export function decisionRollupCte(messages: string, name = 'stats_rollup'): string {
  return `${name} AS (
    INSERT INTO automation_stats_slot AS s (team_id, slot, trigger, ${COUNT_COLUMNS.join(', ')})
    SELECT m.team_id, ${slotOf('m.activity_at')}, m.trigger,
           (m.decision = 'DISPATCHED')::int,
           CASE WHEN m.decision = 'DISPATCHED' AND m.channel = 'SMS' THEN m.segments ELSE 0 END,
           ${SUPPRESSION_REASONS.map((r) => `(m.suppression_reason IS NOT DISTINCT FROM '${r}')::int`).join(',\n           ')}
      FROM ${messages} m
    ON CONFLICT (team_id, slot, trigger) DO UPDATE SET
      ${COUNT_COLUMNS.map((c) => `${c} = s.${c} + EXCLUDED.${c}`).join(',\n      ')}
  )`;
}

/**
 * A CTE that moves one message between the delivered / failed counts of its slot when its current
 * delivery status changes class. `change` must return one row with team_id, trigger, activity_at,
 * `delivered_delta` and `failed_delta` (-1, 0 or 1), or no row.
 */
export function deliveryRollupCte(change: string, name = 'delivery_rollup'): string {
  return `${name} AS (
    INSERT INTO automation_stats_slot AS s (team_id, slot, trigger, delivered, failed)
    SELECT c.team_id, ${slotOf('c.activity_at')}, c.trigger, c.delivered_delta, c.failed_delta
      FROM ${change} c WHERE c.delivered_delta <> 0 OR c.failed_delta <> 0
    ON CONFLICT (team_id, slot, trigger) DO UPDATE SET
      delivered = s.delivered + EXCLUDED.delivered, failed = s.failed + EXCLUDED.failed
  )`;
}

import type { DataSource } from 'typeorm';
import type { SuppressionReason } from '../../domain/automation/decide';
import { SUPPRESSION_REASONS } from '../../domain/automation/decide';
import { TRIGGERS, type Trigger } from '../../domain/chat-settings/triggers';
import type {
  DeliveryChange,
  DeliveryRepository,
  NewDeliveryReport,
  RecordedDelivery,
  StoredDelivery,
} from '../../domain/delivery/delivery-ports';
import { DELIVERY_STATUSES, outcomeOf } from '../../domain/delivery/delivery-status';
import type { DispatchedPage, DispatchLog } from '../../domain/feed/feed-ports';
import type { StatsRow } from '../../domain/stats/automation-stats';
import { z } from 'zod';
import { query, queryOne } from '../sql';
import { teamHeads } from './team-row';
import { MESSAGE_COLUMNS, messageRow, toMessage } from './automation.rows';
import { deliveryRollupCte, rollupTableFor, SUPPRESSED_COLUMNS } from './stats-rollup.sql';

/**
 * Delivery reports, the delivery-status change feed and the dashboard figures in PostgreSQL.
 * Recording a report is one statement (see `record`).
 */
/**
 * One statement per report: the message row locked first, the report kept, the current status
 * moved only when the report ranks higher, the team's change position taken, the figures moved.
 */
const RECORD_DELIVERY_SQL = `/* recordDeliveryStatus */
       WITH old AS (
         SELECT id, team_id, trigger, decision, activity_at, delivery_status, delivery_rank, delivery_at, delivery_event_id,
                erased_at
           FROM automated_message WHERE id = $3::uuid AND team_id = $1 FOR UPDATE
       ), dup AS (
         SELECT message_id FROM delivery_report WHERE team_id = $1 AND event_id = $2
       ), fresh AS (
         SELECT old.* FROM old WHERE old.decision = 'DISPATCHED' AND NOT EXISTS (SELECT 1 FROM dup)
       ), wins AS (
         SELECT fresh.* FROM fresh
          WHERE fresh.delivery_rank IS NULL
             OR ($5::smallint, $6::timestamptz, $2::text COLLATE "C")
              > (fresh.delivery_rank, fresh.delivery_at, fresh.delivery_event_id COLLATE "C")
       ), upd AS (
         UPDATE automated_message m
            SET delivery_status = $4, delivery_rank = $5, delivery_at = $6, delivery_event_id = $2
           FROM wins WHERE m.id = wins.id
         RETURNING m.id
       ), pos AS (
         UPDATE team SET delivery_position = delivery_position + 1
          WHERE id = $1 AND EXISTS (SELECT 1 FROM upd)
         RETURNING delivery_position
       ), rep AS (
         INSERT INTO delivery_report (team_id, event_id, message_id, status, occurred_at, provider_message_id, error_code,
           error_message, change_position)
         -- the provider's texts echo the number: not kept for a message already erased (PRODUCT.md §14)
         SELECT $1, $2, fresh.id, $4, $6, CASE WHEN fresh.erased_at IS NULL THEN $7::text END, $8,
                CASE WHEN fresh.erased_at IS NULL THEN $9::text END, (SELECT delivery_position FROM pos) FROM fresh
         ON CONFLICT (team_id, event_id) DO NOTHING
         RETURNING change_position
       ), change AS (
         -- DELIVERED/READ count as delivered, UNDELIVERED/FAILED as failed (domain outcomeOf)
         SELECT wins.team_id, wins.trigger, wins.activity_at,
                ($10::text IS NOT DISTINCT FROM 'DELIVERED')::int
                  - (wins.delivery_status IS NOT NULL AND wins.delivery_status IN ('DELIVERED', 'READ'))::int AS delivered_delta,
                ($10::text IS NOT DISTINCT FROM 'FAILED')::int
                  - (wins.delivery_status IS NOT NULL AND wins.delivery_status IN ('UNDELIVERED', 'FAILED'))::int AS failed_delta
           FROM wins WHERE EXISTS (SELECT 1 FROM pos)
       ), ${deliveryRollupCte('change')}
       SELECT o.decision, o.duplicate_of, o.inserted, o.change_position, m.*
         FROM (SELECT (SELECT decision FROM old) AS decision,
                      (SELECT message_id FROM dup) AS duplicate_of,
                      EXISTS (SELECT 1 FROM rep) AS inserted,
                      (SELECT change_position::text FROM rep) AS change_position) o
         LEFT JOIN LATERAL (
           SELECT ${MESSAGE_COLUMNS} FROM automated_message
            WHERE id = coalesce(o.duplicate_of, $3::uuid) AND team_id = $1) m ON true`;

const recordRow = z.object({
  decision: z.string().nullable(),
  duplicate_of: z.string().nullable(),
  inserted: z.boolean(),
  change_position: z.string().nullable(),
  id: z.string().nullable(),
});

/** The outcome columns, and the message (null when the message is unknown to the team). */
function parseRecordRow(row: unknown) {
  const outcome = recordRow.parse(row);
  return { ...outcome, message: outcome.id === null ? null : messageRow.parse(row) };
}

/** A message's current delivery and its history; `occurredAt` comes through json_agg as a string. */
const deliveryRow = z.object({
  id: z.string(),
  delivery_status: z.enum(DELIVERY_STATUSES),
  delivery_at: z.date().nullable(),
  provider_message_id: z.string().nullable(),
  error_code: z.string().nullable(),
  error_message: z.string().nullable(),
  history: z.array(
    z.object({ status: z.enum(DELIVERY_STATUSES), occurredAt: z.coerce.date(), errorCode: z.string().nullable() }),
  ),
});

/** One count column per suppression reason, named after the reason (see statsRows). */
const suppressedCounts = {
  DISABLED: z.number().int(),
  COOLDOWN: z.number().int(),
  OPTED_OUT: z.number().int(),
  CHANNEL_NOT_SUPPORTED: z.number().int(),
  NO_RECIPIENT: z.number().int(),
} satisfies Record<SuppressionReason, z.ZodType<number>>;

const statsRow = z.object({
  bucket: z.number().int(),
  trigger: z.enum(TRIGGERS),
  dispatched: z.number().int(),
  segments: z.number().int(),
  delivered: z.number().int(),
  failed: z.number().int(),
  ...suppressedCounts,
});

const changeHead = z.object({ head: z.string().nullable(), change_position: z.string().nullable() });
const changeColumns = z.object({
  change_position: z.string(),
  change_status: z.enum(DELIVERY_STATUSES),
  change_occurred_at: z.date(),
});

/** The team's head, and the change with its message (null on the row of a page without changes). */
function parseChangeRow(row: unknown) {
  const { head, change_position } = changeHead.parse(row);
  if (change_position === null) return { head, change: null };
  return { head, change: { ...changeColumns.parse(row), message: messageRow.parse(row) } };
}

export class PgDeliveryRepository implements DeliveryRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * The message row is locked first (FOR UPDATE: under READ COMMITTED it yields the latest
   * committed delivery state), so the reports of one message apply one at a time; the report wins
   * when its (rank, occurred_at, event_id) beats the current one's — the order of
   * domain/delivery/delivery-status.ts `outranks`. A winning report takes the next change position
   * under the team row lock (so positions commit in order) and moves the message between the
   * delivered / failed figures of its slot. Lock order: message row, team row, rollup row; an
   * activity takes team row then rollup row and never a message row, so the two cannot deadlock.
   */
  async record(r: NewDeliveryReport): Promise<RecordedDelivery> {
    const row = await queryOne(
      this.ds,
      RECORD_DELIVERY_SQL,
      [
        r.teamId,
        r.eventId,
        r.messageId,
        r.status,
        r.rank,
        r.occurredAt,
        r.providerMessageId,
        r.errorCode,
        r.errorMessage,
        outcomeOf(r.status),
      ],
      parseRecordRow,
    );
    if (row === null) throw new Error('recordDeliveryStatus returned no row');
    if (row.duplicate_of !== null && row.message) {
      return { kind: 'RECORDED', message: toMessage(row.message), duplicate: true, changePosition: null };
    }
    if (row.decision === null || !row.message) return { kind: 'UNKNOWN_MESSAGE' };
    if (row.decision !== 'DISPATCHED') return { kind: 'NOT_DISPATCHED' };
    return {
      kind: 'RECORDED',
      message: toMessage(row.message),
      // not inserted: the same eventId committed concurrently on another connection
      duplicate: !row.inserted,
      changePosition: row.change_position === null ? null : Number(row.change_position),
    };
  }

  async deliveriesOf(messageIds: readonly string[]): Promise<StoredDelivery[]> {
    if (!messageIds.length) return [];
    const rows = await query(
      this.ds,
      `/* deliveriesOf */
       SELECT m.id, m.delivery_status, m.delivery_at, cur.provider_message_id, cur.error_code, cur.error_message,
              (SELECT json_agg(json_build_object('status', r.status, 'occurredAt', r.occurred_at, 'errorCode', r.error_code)
                               ORDER BY r.occurred_at, r.event_id COLLATE "C")
                 FROM delivery_report r WHERE r.message_id = m.id) AS history
         FROM automated_message m
         LEFT JOIN delivery_report cur ON cur.team_id = m.team_id AND cur.event_id = m.delivery_event_id
        WHERE m.id = ANY($1::uuid[]) AND m.delivery_status IS NOT NULL`,
      [messageIds],
      deliveryRow,
    );
    return rows.map((r) => ({
      messageId: r.id,
      status: r.delivery_status,
      updatedAt: r.delivery_at,
      providerMessageId: r.provider_message_id,
      errorCode: r.error_code,
      errorMessage: r.error_message,
      history: r.history.map((h) => ({ status: h.status, occurredAt: h.occurredAt, errorCode: h.errorCode })),
    }));
  }

  async statsRows(teamId: string, starts: readonly Date[], until: Date): Promise<StatsRow[]> {
    const { table } = rollupTableFor(starts, until);
    const reasons = SUPPRESSION_REASONS.map((reason) => `sum(${SUPPRESSED_COLUMNS[reason]})::int AS "${reason}"`).join(
      ', ',
    );
    const rows = await query(
      this.ds,
      `/* automationStats */
       SELECT width_bucket(slot, $2::timestamptz[]) - 1 AS bucket, trigger,
              sum(dispatched)::int AS dispatched, sum(segments)::int AS segments,
              sum(delivered)::int AS delivered, sum(failed)::int AS failed, ${reasons}
         FROM ${table}
        WHERE team_id = $1 AND slot >= $3 AND slot < $4
        GROUP BY 1, 2`,
      [teamId, starts, starts[0], until],
      statsRow,
    );
    return rows.map((r) => ({
      bucket: r.bucket,
      trigger: r.trigger,
      dispatched: r.dispatched,
      segments: r.segments,
      delivered: r.delivered,
      failed: r.failed,
      suppressed: Object.fromEntries(
        SUPPRESSION_REASONS.filter((reason) => r[reason] > 0).map((reason) => [reason, r[reason]]),
      ),
    }));
  }
}

/** The delivery-status changes of a team, by change position: what deliveryStatusChanged streams. */
export class PgDeliveryChangeLog implements DispatchLog<DeliveryChange> {
  constructor(private readonly ds: DataSource) {}

  async dispatchedAfter(
    teamId: string,
    after: number,
    limit: number,
    triggers?: readonly Trigger[] | null,
  ): Promise<DispatchedPage<DeliveryChange>> {
    // one statement: the rows and the head from one snapshot (see PgAutomationReadRepository.dispatchedAfter)
    const rows = await query(
      this.ds,
      `/* deliveryChangesAfter */
       SELECT h.head, c.*
         FROM (SELECT (SELECT delivery_position FROM team WHERE id = $1)::text AS head) h
         LEFT JOIN LATERAL (
           SELECT r.change_position::text AS change_position, r.status AS change_status, r.occurred_at AS change_occurred_at, m.*
             FROM delivery_report r
             CROSS JOIN LATERAL (SELECT ${MESSAGE_COLUMNS} FROM automated_message WHERE id = r.message_id) m
            WHERE r.team_id = $1 AND r.change_position > $2
              AND ($4::text[] IS NULL OR m.trigger = ANY($4::text[]))
            ORDER BY r.change_position LIMIT $3) c ON true`,
      [teamId, after, limit, triggers?.length ? triggers : null],
      parseChangeRow,
    );
    const head = Number(rows[0]?.head ?? 0);
    const changes = rows
      .flatMap((r) => (r.change === null ? [] : [r.change]))
      .map((c) => {
        const message = toMessage(c.message);
        return {
          position: Number(c.change_position),
          teamId: message.teamId,
          trigger: message.trigger,
          status: c.change_status,
          occurredAt: c.change_occurred_at,
          message,
        };
      })
      .sort((a, b) => a.position - b.position);
    const through = changes.length >= limit ? changes[changes.length - 1].position : Math.max(head, after);
    return { messages: changes, through };
  }

  heads(teamIds: readonly string[]): Promise<Map<string, number>> {
    return teamHeads(this.ds, 'delivery_position', teamIds);
  }
}

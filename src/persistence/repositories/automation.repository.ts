import type { DataSource, EntityManager } from 'typeorm';
import type {
  AutomationRepository,
  AutomationTransaction,
  NewDecision,
  StoredMessage,
  StoredMissedCall,
  StoredOutcome,
  StoredTicket,
} from '../../domain/automation/automation-ports';
import type { MessageChannel, Trigger } from '../../domain/chat-settings/triggers';
import { ticketNumber } from '../../domain/missed-calls/missed-call-rules';
import type { TeamRingPlans } from '../../domain/ports';
import { readTeamRingPlans } from './ring-plan.repository';
import { ensureTeams, lockTeamRow, rowToStored, TEAM_COLUMNS, type TeamRow } from './chat-settings.repository';
import {
  MESSAGE_COLUMNS,
  MISSED_CALL_COLUMNS,
  TICKET_COLUMNS,
  toMessage,
  toMissedCall,
  toTicket,
  type MessageRow,
  type MissedCallRow,
  type TicketRow,
} from './automation.rows';
import { decisionRollupCte } from './stats-rollup.sql';

/** The activity transaction in PostgreSQL: the team row lock serializes a team's activities. */
export class PgAutomationRepository implements AutomationRepository {
  constructor(private readonly ds: DataSource) {}

  inTeamTransaction<T>(teamId: string, work: (tx: AutomationTransaction) => Promise<T>): Promise<T> {
    return this.ds.transaction((em) => work(new PgAutomationTransaction(em, teamId)));
  }

  async setOptOut(teamId: string, channel: MessageChannel, recipient: string, optedOut: boolean): Promise<void> {
    await this.ds.transaction(async (em) => {
      await ensureTeams(em, [teamId]);
      await upsertOptOut(em, teamId, channel, recipient, optedOut);
    });
  }
}

async function upsertOptOut(em: EntityManager, teamId: string, channel: string, recipient: string, optedOut: boolean) {
  await em.query(
    `INSERT INTO opt_out (team_id, channel, recipient, opted_out) VALUES ($1, $2, $3, $4)
     ON CONFLICT (team_id, channel, recipient) DO UPDATE SET opted_out = EXCLUDED.opted_out, updated_at = now()`,
    [teamId, channel, recipient, optedOut],
  );
}

class PgAutomationTransaction implements AutomationTransaction {
  constructor(
    private readonly em: EntityManager,
    private readonly teamId: string,
  ) {}

  async lockTeam(eventId: string) {
    // one statement: the lock and the idempotency lookup together
    const row = await lockTeamRow<TeamRow & { ring_plans_version: number; previous: ActivityRow | null }>(
      this.em,
      this.teamId,
      `${TEAM_COLUMNS}, ring_plans_version,
       (SELECT row_to_json(a) FROM (SELECT event_id, trigger, decision, suppression_reason, message_id, missed_call_id
          FROM activity WHERE team_id = $1 AND event_id = $2) a) AS previous`,
      [eventId],
    );
    return {
      settings: rowToStored(row),
      ringPlansVersion: row.ring_plans_version,
      previous: row.previous ? await this.outcomeOf(row.previous) : null,
    };
  }

  /** Only for duplicates: the first outcome with its message and missed call. */
  private async outcomeOf(row: ActivityRow): Promise<StoredOutcome> {
    const [message] = row.message_id
      ? ((await this.em.query(`SELECT ${MESSAGE_COLUMNS} FROM automated_message WHERE id = $1`, [row.message_id])) as MessageRow[])
      : [];
    const [missed] = row.missed_call_id
      ? ((await this.em.query(`SELECT ${MISSED_CALL_COLUMNS} FROM missed_call WHERE id = $1`, [row.missed_call_id])) as MissedCallRow[])
      : [];
    return {
      eventId: row.event_id,
      trigger: row.trigger,
      decision: row.decision,
      suppressionReason: row.suppression_reason,
      message: message ? toMessage(message) : null,
      missedCall: missed ? toMissedCall(missed) : null,
    };
  }

  async ringPlans(): Promise<TeamRingPlans> {
    return (await readTeamRingPlans(this.em, [this.teamId])).get(this.teamId)!;
  }

  async markConversation(conversationId: string, eventId: string): Promise<boolean> {
    const rows = (await this.em.query(
      `INSERT INTO conversation (team_id, conversation_id, first_event_id) VALUES ($1, $2, $3)
       ON CONFLICT (team_id, conversation_id) DO NOTHING RETURNING 1`,
      [this.teamId, conversationId, eventId],
    )) as unknown[];
    return rows.length === 1;
  }

  async recipientState(q: { channel: MessageChannel; recipient: string; trigger: Trigger; at: Date; cooldownMs: number }) {
    const [row] = (await this.em.query(
      `SELECT
         COALESCE((SELECT opted_out FROM opt_out WHERE team_id = $1 AND channel = $2 AND recipient = $3), false) AS opted_out,
         CASE WHEN $6::double precision > 0 THEN (
           SELECT activity_at FROM automated_message
            WHERE team_id = $1 AND trigger = $4 AND recipient = $3 AND decision = 'DISPATCHED'
              AND activity_at > $5::timestamptz - ($6::double precision * interval '1 millisecond')
              AND activity_at < $5::timestamptz + ($6::double precision * interval '1 millisecond')
            ORDER BY abs(extract(epoch FROM activity_at - $5::timestamptz)) LIMIT 1) END AS nearest`,
      [this.teamId, q.channel, q.recipient, q.trigger, q.at, q.cooldownMs],
    )) as { opted_out: boolean; nearest: Date | null }[];
    return { optedOut: row.opted_out, nearestDispatchAt: row.nearest };
  }

  setOptOut(channel: MessageChannel, recipient: string, optedOut: boolean): Promise<void> {
    return upsertOptOut(this.em, this.teamId, channel, recipient, optedOut);
  }

  async openTicketsByPhone(phone: string): Promise<StoredTicket[]> {
    return ((await this.em.query(
      `SELECT ${TICKET_COLUMNS} FROM ticket WHERE team_id = $1 AND phone = $2 AND status = 'OPEN' ORDER BY opened_at DESC`,
      [this.teamId, phone],
    )) as TicketRow[]).map(toTicket);
  }

  async findTicket(ticketId: string): Promise<StoredTicket | null> {
    const [row] = (await this.em.query(`SELECT ${TICKET_COLUMNS} FROM ticket WHERE team_id = $1 AND id = $2`, [
      this.teamId,
      ticketId,
    ])) as TicketRow[];
    return row ? toTicket(row) : null;
  }

  async createTicket(prefix: 'MC' | 'VM', source: StoredTicket['source'], phone: string, openedAt: Date): Promise<StoredTicket> {
    const column = prefix === 'MC' ? 'missed_call_ticket_seq' : 'voicemail_ticket_seq';
    // under the team lock this transaction holds: numbers are gap-free and unique
    const [[{ n }]] = (await this.em.query(`UPDATE team SET ${column} = ${column} + 1 WHERE id = $1 RETURNING ${column} AS n`, [
      this.teamId,
    ])) as [[{ n: number }], number];
    const [row] = (await this.em.query(
      `INSERT INTO ticket (team_id, id, number, status, source, phone, created_here, opened_at)
       VALUES ($1, gen_random_uuid()::text, $2, 'OPEN', $3, $4, true, $5) RETURNING ${TICKET_COLUMNS}`,
      [this.teamId, ticketNumber(prefix, n), source, phone, openedAt],
    )) as TicketRow[];
    return toTicket(row);
  }

  async upsertTicket(t: Omit<StoredTicket, 'teamId' | 'createdHere'>): Promise<StoredTicket> {
    const [row] = (await this.em.query(
      `INSERT INTO ticket (team_id, id, number, status, source, phone, conversation_id, created_here, opened_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, false, $8)
       ON CONFLICT (team_id, id) DO UPDATE SET number = EXCLUDED.number, status = EXCLUDED.status,
         phone = EXCLUDED.phone, conversation_id = EXCLUDED.conversation_id, updated_at = now()
       RETURNING ${TICKET_COLUMNS}`,
      [this.teamId, t.id, t.number, t.status, t.source, t.phone, t.conversationId, t.openedAt],
    )) as TicketRow[];
    return toTicket(row);
  }

  /**
   * One statement: the next position under the team lock this transaction holds, the log row,
   * the missed call linked to it and the idempotency row.
   */
  async recordDecision(d: NewDecision): Promise<{ message: StoredMessage | null; missedCall: StoredMissedCall | null }> {
    const m = d.message;
    const c = d.missedCall;
    const [row] = (await this.em.query(
      `WITH pos AS (
         UPDATE team SET message_position = message_position + 1 WHERE id = $1 AND $2::boolean RETURNING message_position
       ), msg AS (
         INSERT INTO automated_message (team_id, position, event_id, trigger, decision, suppression_reason, channel, recipient,
           body, locale, segments, ticket_id, activity_at)
         SELECT $1, pos.message_position, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13 FROM pos
         RETURNING ${MESSAGE_COLUMNS}
       ), ${decisionRollupCte('msg')}, mc AS (
         INSERT INTO missed_call (team_id, call_id, event_id, phone, occurred_at, trigger, ticket_id, ticket_created, ticket_rule, message_id)
         SELECT $1, $15, $3, $16, $17, $18, $19, $20, $21, (SELECT id FROM msg) WHERE $14::boolean
         RETURNING ${MISSED_CALL_COLUMNS}
       ), act AS (
         INSERT INTO activity (team_id, event_id, kind, trigger, decision, suppression_reason, message_id, missed_call_id, occurred_at)
         VALUES ($1, $3, $22, $23, $24, $25, (SELECT id FROM msg), (SELECT id FROM mc), $26)
       )
       SELECT (SELECT row_to_json(msg) FROM msg) AS message, (SELECT row_to_json(mc) FROM mc) AS missed_call`,
      [
        this.teamId,
        m !== null,
        d.eventId,
        m?.trigger ?? null,
        m?.decision ?? null,
        m?.suppressionReason ?? null,
        m?.channel ?? null,
        m?.recipient ?? null,
        m?.body ?? null,
        m?.locale ?? null,
        m?.segments ?? null,
        m?.ticketId ?? null,
        m?.activityAt ?? null,
        c !== null,
        c?.callId ?? null,
        c?.phone ?? null,
        c?.occurredAt ?? null,
        c?.trigger ?? null,
        c?.ticketId ?? null,
        c?.ticketCreated ?? null,
        c?.ticketRule ?? null,
        d.kind,
        d.trigger,
        d.decision,
        d.suppressionReason,
        d.occurredAt,
      ],
    )) as { message: JsonRow<MessageRow> | null; missed_call: JsonRow<MissedCallRow> | null }[];
    return {
      message: row.message ? toMessage(fromJson(row.message, ['activity_at', 'dispatched_at'])) : null,
      missedCall: row.missed_call ? toMissedCall(fromJson(row.missed_call, ['occurred_at'])) : null,
    };
  }
}

interface ActivityRow {
  event_id: string;
  trigger: Trigger | null;
  decision: StoredOutcome['decision'];
  suppression_reason: StoredOutcome['suppressionReason'];
  message_id: string | null;
  missed_call_id: string | null;
}

/** row_to_json turns timestamps into strings and bigints into numbers. */
type JsonRow<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] };

function fromJson<T>(row: JsonRow<T>, dates: (keyof T)[]): T {
  const out = { ...row } as Record<keyof T, unknown>;
  for (const key of dates) out[key] = new Date(row[key] as string);
  return out as T;
}

import type { DataSource, EntityManager } from 'typeorm';
import type {
  AutomationRepository,
  AutomationTransaction,
  NewMessage,
  NewMissedCall,
  StoredMessage,
  StoredMissedCall,
  StoredOutcome,
  StoredTicket,
} from '../../domain/automation/automation-ports';
import type { MessageChannel, Trigger } from '../../domain/chat-settings/triggers';
import { ticketNumber } from '../../domain/missed-calls/missed-call-rules';
import type { TeamRingPlans } from '../../domain/ports';
import { readTeamRingPlans } from './ring-plan.repository';
import { ensureTeams, rowToStored, TEAM_COLUMNS, type TeamRow } from './chat-settings.repository';
import { MESSAGE_COLUMNS, MISSED_CALL_COLUMNS, TICKET_COLUMNS, toMessage, toMissedCall, toTicket } from './automation.rows';

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

  async lockTeam() {
    await ensureTeams(this.em, [this.teamId]);
    const [row] = (await this.em.query(`SELECT ${TEAM_COLUMNS}, ring_plans_version FROM team WHERE id = $1 FOR UPDATE`, [
      this.teamId,
    ])) as (TeamRow & { ring_plans_version: number })[];
    return { settings: rowToStored(row), ringPlansVersion: row.ring_plans_version };
  }

  async findOutcome(eventId: string): Promise<StoredOutcome | null> {
    const [row] = (await this.em.query(
      `SELECT a.event_id, a.trigger, a.decision, a.suppression_reason, a.message_id, a.missed_call_id
         FROM activity a WHERE a.team_id = $1 AND a.event_id = $2`,
      [this.teamId, eventId],
    )) as { event_id: string; trigger: Trigger | null; decision: StoredOutcome['decision']; suppression_reason: StoredOutcome['suppressionReason']; message_id: string | null; missed_call_id: string | null }[];
    if (!row) return null;
    const [message] = row.message_id
      ? ((await this.em.query(`SELECT ${MESSAGE_COLUMNS} FROM automated_message WHERE id = $1`, [row.message_id])) as never[])
      : [];
    const [missed] = row.missed_call_id
      ? ((await this.em.query(`SELECT ${MISSED_CALL_COLUMNS} FROM missed_call WHERE id = $1`, [row.missed_call_id])) as never[])
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

  async isOptedOut(channel: MessageChannel, recipient: string): Promise<boolean> {
    const rows = (await this.em.query(
      `SELECT opted_out FROM opt_out WHERE team_id = $1 AND channel = $2 AND recipient = $3`,
      [this.teamId, channel, recipient],
    )) as { opted_out: boolean }[];
    return rows[0]?.opted_out ?? false;
  }

  setOptOut(channel: MessageChannel, recipient: string, optedOut: boolean): Promise<void> {
    return upsertOptOut(this.em, this.teamId, channel, recipient, optedOut);
  }

  async nearestDispatch(trigger: Trigger, recipient: string, at: Date, windowMs: number): Promise<Date | null> {
    const rows = (await this.em.query(
      `SELECT activity_at FROM automated_message
        WHERE team_id = $1 AND trigger = $2 AND recipient = $3 AND decision = 'DISPATCHED'
          AND activity_at > $4::timestamptz - ($5::double precision * interval '1 millisecond')
          AND activity_at < $4::timestamptz + ($5::double precision * interval '1 millisecond')
        ORDER BY abs(extract(epoch FROM activity_at - $4::timestamptz)) LIMIT 1`,
      [this.teamId, trigger, recipient, at, windowMs],
    )) as { activity_at: Date }[];
    return rows[0]?.activity_at ?? null;
  }

  async openTicketsByPhone(phone: string): Promise<StoredTicket[]> {
    return ((await this.em.query(
      `SELECT ${TICKET_COLUMNS} FROM ticket WHERE team_id = $1 AND phone = $2 AND status = 'OPEN' ORDER BY opened_at DESC`,
      [this.teamId, phone],
    )) as never[]).map(toTicket);
  }

  async findTicket(ticketId: string): Promise<StoredTicket | null> {
    const [row] = (await this.em.query(`SELECT ${TICKET_COLUMNS} FROM ticket WHERE team_id = $1 AND id = $2`, [
      this.teamId,
      ticketId,
    ])) as never[];
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
    )) as never[];
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
    )) as never[];
    return toTicket(row);
  }

  async insertMessage(m: NewMessage): Promise<StoredMessage> {
    const [[{ position }]] = (await this.em.query(
      `UPDATE team SET message_position = message_position + 1 WHERE id = $1 RETURNING message_position AS position`,
      [this.teamId],
    )) as [[{ position: string }], number];
    const [row] = (await this.em.query(
      `INSERT INTO automated_message (team_id, position, event_id, trigger, decision, suppression_reason, channel, recipient,
         body, locale, segments, ticket_id, activity_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING ${MESSAGE_COLUMNS}`,
      [
        this.teamId,
        position,
        m.eventId,
        m.trigger,
        m.decision,
        m.suppressionReason,
        m.channel,
        m.recipient,
        m.body,
        m.locale,
        m.segments,
        m.ticketId,
        m.activityAt,
      ],
    )) as never[];
    return toMessage(row);
  }

  async insertMissedCall(c: NewMissedCall): Promise<StoredMissedCall> {
    const [row] = (await this.em.query(
      `INSERT INTO missed_call (team_id, call_id, event_id, phone, occurred_at, trigger, ticket_id, ticket_created, ticket_rule, message_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${MISSED_CALL_COLUMNS}`,
      [this.teamId, c.callId, c.eventId, c.phone, c.occurredAt, c.trigger, c.ticketId, c.ticketCreated, c.ticketRule, c.messageId],
    )) as never[];
    return toMissedCall(row);
  }

  async saveOutcome(o: Parameters<AutomationTransaction['saveOutcome']>[0]): Promise<void> {
    await this.em.query(
      `INSERT INTO activity (team_id, event_id, kind, trigger, decision, suppression_reason, message_id, missed_call_id, occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [this.teamId, o.eventId, o.kind, o.trigger, o.decision, o.suppressionReason, o.messageId, o.missedCallId, o.occurredAt],
    );
  }
}

import type { DataSource } from 'typeorm';
import type { ActivityFacts, FactsQuery, NearbyDispatches, TeamFacts } from '../../domain/automation/activity-facts';
import type { AutomationRepository } from '../../domain/automation/activity-repository';
import type { StoredMessage, StoredMissedCall, StoredOutcome } from '../../domain/automation/automation-ports';
import type { ActivityPlan } from '../../domain/automation/plan-activity';
import { defaultChatSettings } from '../../domain/chat-settings/settings-model';
import type { MessageChannel, Trigger } from '../../domain/chat-settings/triggers';
import { databaseUnavailable } from '../database-errors';
import type { RecipientKey } from '../recipient-key';
import { raw, sql, type Statement } from '../sql';
import { rowToStored, TEAM_COLUMNS, type TeamRow } from './team-row';
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

/**
 * The activity in PostgreSQL: one statement reads the facts from one snapshot, one statement writes
 * the plan guarded by a compare-and-set on the team row. No transaction stays open between them.
 */
export class PgAutomationRepository implements AutomationRepository {
  constructor(
    private readonly ds: DataSource,
    /** Opt-outs are kept under the recipient's keyed hash, never the number (erasure keeps them honoured). */
    private readonly recipientKey: RecipientKey,
  ) {}

  async readFacts(q: FactsQuery): Promise<ActivityFacts> {
    const keys = q.optOuts.map((o) => this.recipientKey(o.recipient));
    const [row] = await this.run<FactsRow>(sql`/* activity facts */
      SELECT team.id IS NOT NULL AS team_exists, ${raw(TEAM_COLUMNS)}, team.write_seq::text AS write_seq,
        team.ring_plans_version, team.message_position::text AS message_position,
        team.missed_call_ticket_seq, team.voicemail_ticket_seq,
        (SELECT json_build_object(
            'activity', row_to_json(a),
            'message', (SELECT row_to_json(m) FROM (SELECT ${raw(MESSAGE_COLUMNS)} FROM automated_message WHERE id = a.message_id) m),
            'missed_call', (SELECT row_to_json(c) FROM (SELECT ${raw(MISSED_CALL_COLUMNS)} FROM missed_call WHERE id = a.missed_call_id) c))
           FROM activity a WHERE a.team_id = ${q.teamId}::text AND a.event_id = ${q.eventId}::text) AS previous,
        (SELECT json_agg(w.i)
           FROM opt_out o JOIN unnest(${q.optOuts.map((o) => o.channel)}::text[], ${keys}::text[])
             WITH ORDINALITY AS w(channel, recipient_key, i) ON o.channel = w.channel AND o.recipient_key = w.recipient_key
          WHERE o.team_id = ${q.teamId}::text AND o.opted_out) AS opted_out,
        (SELECT json_agg(json_build_object('trigger', w.trigger, 'recipient', w.recipient,
            'at_or_before', (SELECT max(m.activity_at) FROM automated_message m
               WHERE m.team_id = ${q.teamId}::text AND m.trigger = w.trigger AND m.recipient = w.recipient
                 AND m.decision = 'DISPATCHED' AND m.activity_at <= ${q.at}::timestamptz),
            'after', (SELECT min(m.activity_at) FROM automated_message m
               WHERE m.team_id = ${q.teamId}::text AND m.trigger = w.trigger AND m.recipient = w.recipient
                 AND m.decision = 'DISPATCHED' AND m.activity_at > ${q.at}::timestamptz)))
           FROM unnest(${q.dispatches.map((d) => d.trigger)}::text[], ${q.dispatches.map((d) => d.recipient)}::text[])
             AS w(trigger, recipient)) AS dispatches,
        (SELECT json_agg(row_to_json(k)) FROM (SELECT ${raw(TICKET_COLUMNS)} FROM ticket
            WHERE team_id = ${q.teamId}::text AND phone = ${q.openTicketsOf}::text AND status = 'OPEN') k) AS open_tickets,
        (SELECT row_to_json(k) FROM (SELECT ${raw(TICKET_COLUMNS)} FROM ticket
            WHERE team_id = ${q.teamId}::text AND id = ${q.ticketId}::text) k) AS named_ticket,
        EXISTS (SELECT 1 FROM conversation
            WHERE team_id = ${q.teamId}::text AND conversation_id = ${q.conversationId}::text) AS conversation_seen
      FROM (SELECT 1) AS one LEFT JOIN team ON team.id = ${q.teamId}::text`);
    return toFacts(q, row);
  }

  async apply(plan: ActivityPlan, seen: TeamFacts): Promise<{ message: StoredMessage | null; missedCall: StoredMissedCall | null } | null> {
    const d = defaultChatSettings();
    const m = plan.message;
    const c = plan.missedCall;
    const t = plan.ticket?.ticket;
    const o = plan.optOut;
    // The team row is the guard: inserted with its defaults when this is the team's first write, else
    // updated only if nothing was written since the facts were read. Every other write hangs off it.
    const [row] = await this.run<ApplyRow>(sql`/* apply activity plan */
      WITH cas AS (
        INSERT INTO team AS t (id, sender_identity, company_name, team_name, create_missed_call_tickets, ring_last_advisor,
          time_zone, default_locale, voice_hub_url, write_seq, message_position, missed_call_ticket_seq, voicemail_ticket_seq)
        VALUES (${plan.teamId}::text, ${d.senderIdentity}::text, ${d.companyName}::text, ${d.teamName}::text,
          ${d.createMissedCallTickets}::boolean, ${d.ringLastAdvisor}::boolean, ${d.timeZone}::text, ${d.defaultLocale}::text,
          ${d.voiceHubUrl}::text, 1, ${m ? 1 : 0}::bigint, ${plan.takes.missedCallTicket ? 1 : 0}::integer,
          ${plan.takes.voicemailTicket ? 1 : 0}::integer)
        ON CONFLICT (id) DO UPDATE SET write_seq = t.write_seq + 1,
          message_position = t.message_position + EXCLUDED.message_position,
          missed_call_ticket_seq = t.missed_call_ticket_seq + EXCLUDED.missed_call_ticket_seq,
          voicemail_ticket_seq = t.voicemail_ticket_seq + EXCLUDED.voicemail_ticket_seq
        WHERE t.write_seq = ${seen.writeSeq}::bigint AND t.version = ${seen.settings.version}::integer
          AND t.ring_plans_version = ${seen.ringPlansVersion}::integer
        RETURNING t.message_position
      ), opt AS (
        INSERT INTO opt_out (team_id, channel, recipient_key, opted_out)
        SELECT ${plan.teamId}::text, ${o?.channel ?? null}::text, ${o ? this.recipientKey(o.recipient) : null}::text, ${o?.optedOut ?? null}::boolean
          FROM cas WHERE ${o !== null}::boolean
        ON CONFLICT (team_id, channel, recipient_key) DO UPDATE SET opted_out = EXCLUDED.opted_out, updated_at = now()
      ), conv AS (
        INSERT INTO conversation (team_id, conversation_id, first_event_id)
        SELECT ${plan.teamId}::text, ${plan.markConversation}::text, ${plan.eventId}::text
          FROM cas WHERE ${plan.markConversation !== null}::boolean
        ON CONFLICT (team_id, conversation_id) DO NOTHING
      ), tk AS (
        INSERT INTO ticket (team_id, id, number, status, source, phone, conversation_id, created_here, opened_at)
        SELECT ${plan.teamId}::text, ${t?.id ?? null}::text, ${t?.number ?? null}::text, ${t?.status ?? null}::text,
          ${t?.source ?? null}::text, ${t?.phone ?? null}::text, ${t?.conversationId ?? null}::text,
          ${t?.createdHere ?? null}::boolean, ${t?.openedAt ?? null}::timestamptz
          FROM cas WHERE ${t !== undefined}::boolean
        ON CONFLICT (team_id, id) DO UPDATE SET number = EXCLUDED.number, status = EXCLUDED.status,
          phone = EXCLUDED.phone, conversation_id = EXCLUDED.conversation_id, updated_at = now()
      ), msg AS (
        INSERT INTO automated_message (team_id, position, event_id, trigger, decision, suppression_reason, channel, recipient,
          body, locale, segments, ticket_id, activity_at)
        SELECT ${plan.teamId}::text, cas.message_position, ${plan.eventId}::text, ${m?.trigger ?? null}::text,
          ${m?.decision ?? null}::text, ${m?.suppressionReason ?? null}::text, ${m?.channel ?? null}::text,
          ${m?.recipient ?? null}::text, ${m?.body ?? null}::text, ${m?.locale ?? null}::text, ${m?.segments ?? null}::integer,
          ${m?.ticketId ?? null}::text, ${m?.activityAt ?? null}::timestamptz
          FROM cas WHERE ${m !== null}::boolean
        RETURNING ${raw(MESSAGE_COLUMNS)}
      ), ${raw(decisionRollupCte('msg'))}, mc AS (
        INSERT INTO missed_call (team_id, call_id, event_id, phone, occurred_at, trigger, ticket_id, ticket_created, ticket_rule, message_id)
        SELECT ${plan.teamId}::text, ${c?.callId ?? null}::text, ${plan.eventId}::text, ${c?.phone ?? null}::text,
          ${c?.occurredAt ?? null}::timestamptz, ${c?.trigger ?? null}::text, ${c?.ticketId ?? null}::text,
          ${c?.ticketCreated ?? null}::boolean, ${c?.ticketRule ?? null}::text, (SELECT id FROM msg)
          FROM cas WHERE ${c !== null}::boolean
        RETURNING ${raw(MISSED_CALL_COLUMNS)}
      ), act AS (
        INSERT INTO activity (team_id, event_id, kind, trigger, decision, suppression_reason, message_id, missed_call_id, occurred_at)
        SELECT ${plan.teamId}::text, ${plan.eventId}::text, ${plan.kind}::text, ${plan.trigger}::text, ${plan.decision}::text,
          ${plan.suppressionReason}::text, (SELECT id FROM msg), (SELECT id FROM mc), ${plan.occurredAt}::timestamptz
          FROM cas
      )
      SELECT EXISTS (SELECT 1 FROM cas) AS applied, (SELECT row_to_json(msg) FROM msg) AS message,
        (SELECT row_to_json(mc) FROM mc) AS missed_call`);
    if (!row.applied) return null;
    return {
      message: row.message ? toMessage(fromJson(row.message, ['activity_at', 'dispatched_at'])) : null,
      missedCall: row.missed_call ? toMissedCall(fromJson(row.missed_call, ['occurred_at'])) : null,
    };
  }

  async setOptOut(teamId: string, channel: MessageChannel, recipient: string, optedOut: boolean): Promise<void> {
    const d = defaultChatSettings();
    await this.run(sql`/* record opt-out */
      WITH team_write AS (
        INSERT INTO team AS t (id, sender_identity, company_name, team_name, create_missed_call_tickets, ring_last_advisor,
          time_zone, default_locale, voice_hub_url, write_seq)
        VALUES (${teamId}::text, ${d.senderIdentity}::text, ${d.companyName}::text, ${d.teamName}::text,
          ${d.createMissedCallTickets}::boolean, ${d.ringLastAdvisor}::boolean, ${d.timeZone}::text, ${d.defaultLocale}::text,
          ${d.voiceHubUrl}::text, 1)
        ON CONFLICT (id) DO UPDATE SET write_seq = t.write_seq + 1
        RETURNING t.id
      )
      INSERT INTO opt_out (team_id, channel, recipient_key, opted_out)
      SELECT id, ${channel}::text, ${this.recipientKey(recipient)}::text, ${optedOut}::boolean FROM team_write
      ON CONFLICT (team_id, channel, recipient_key) DO UPDATE SET opted_out = EXCLUDED.opted_out, updated_at = now()`);
  }

  /**
   * One statement through the pool. A retryable failure (the team's row locked elsewhere past
   * lock_timeout: TEAM_BUSY; the database busy or gone) is thrown as its UNAVAILABLE error here, so
   * the team queue sees it too.
   */
  private async run<T>(statement: Statement): Promise<T[]> {
    try {
      return (await this.ds.query(statement.text, statement.values)) as T[];
    } catch (err) {
      throw databaseUnavailable(err) ?? err;
    }
  }
}

interface FactsRow extends TeamRow {
  team_exists: boolean;
  write_seq: string | null;
  ring_plans_version: number | null;
  message_position: string | null;
  missed_call_ticket_seq: number | null;
  voicemail_ticket_seq: number | null;
  previous: {
    activity: ActivityRow;
    message: JsonRow<MessageRow> | null;
    missed_call: JsonRow<MissedCallRow> | null;
  } | null;
  /** Which of the asked (channel, recipient) pairs are opted out: 1-based positions (the table keeps only keyed hashes). */
  opted_out: number[] | null;
  dispatches: { trigger: Trigger; recipient: string; at_or_before: string | null; after: string | null }[] | null;
  open_tickets: JsonRow<TicketRow>[] | null;
  named_ticket: JsonRow<TicketRow> | null;
  conversation_seen: boolean;
}

interface ApplyRow {
  applied: boolean;
  message: JsonRow<MessageRow> | null;
  missed_call: JsonRow<MissedCallRow> | null;
}

interface ActivityRow {
  event_id: string;
  trigger: Trigger | null;
  decision: StoredOutcome['decision'];
  suppression_reason: StoredOutcome['suppressionReason'];
}

function toFacts(q: FactsQuery, row: FactsRow): ActivityFacts {
  const teamId = q.teamId;
  const settings = row.team_exists ? rowToStored(row) : { teamId, version: 0, updatedAt: null, data: defaultChatSettings() };
  const previous = row.previous;
  return {
    team: {
      exists: row.team_exists,
      writeSeq: Number(row.write_seq ?? 0),
      settings,
      ringPlansVersion: row.ring_plans_version ?? 0,
      messagePosition: Number(row.message_position ?? 0),
      missedCallTicketSeq: row.missed_call_ticket_seq ?? 0,
      voicemailTicketSeq: row.voicemail_ticket_seq ?? 0,
    },
    previous: previous
      ? {
          eventId: previous.activity.event_id,
          trigger: previous.activity.trigger,
          decision: previous.activity.decision,
          suppressionReason: previous.activity.suppression_reason,
          message: previous.message ? toMessage(fromJson(previous.message, ['activity_at', 'dispatched_at'])) : null,
          missedCall: previous.missed_call ? toMissedCall(fromJson(previous.missed_call, ['occurred_at'])) : null,
        }
      : null,
    optedOut: (row.opted_out ?? []).map((i) => q.optOuts[i - 1]),
    dispatches: (row.dispatches ?? []).map(
      (d): NearbyDispatches => ({
        trigger: d.trigger,
        recipient: d.recipient,
        atOrBefore: d.at_or_before ? new Date(d.at_or_before) : null,
        after: d.after ? new Date(d.after) : null,
      }),
    ),
    openTickets: (row.open_tickets ?? []).map((k) => toTicket(fromJson(k, ['opened_at']))),
    namedTicket: row.named_ticket ? toTicket(fromJson(row.named_ticket, ['opened_at'])) : null,
    conversationSeen: row.conversation_seen,
  };
}

/** row_to_json turns timestamps into strings and bigints into numbers. */
type JsonRow<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] };

function fromJson<T>(row: JsonRow<T>, dates: (keyof T)[]): T {
  const out = { ...row } as Record<keyof T, unknown>;
  for (const key of dates) out[key] = new Date(row[key] as string);
  return out as T;
}


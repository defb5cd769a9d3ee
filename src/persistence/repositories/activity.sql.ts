import type { FactsQuery, TeamFacts } from '../../domain/automation/activity-facts';
import type { NewMessage } from '../../domain/automation/automation-ports';
import type { ActivityPlan, PlannedTicket } from '../../domain/automation/plan-activity';
import { defaultChatSettings } from '../../domain/chat-settings/settings-model';
import type { MessageChannel } from '../../domain/chat-settings/triggers';
import { joinSql, raw, sql, type Statement } from '../sql';
import { MESSAGE_COLUMNS, MISSED_CALL_COLUMNS, TICKET_COLUMNS } from './automation.rows';
import { decisionRollupCte } from './stats-rollup.sql';
import { TEAM_COLUMNS } from './team-row';

/**
 * The activity's two statements (PgAutomationRepository): one reads every fact from one snapshot;
 * one writes a plan, every part of it selecting FROM a compare-and-set on the team row, so either
 * all of it is written or, when another write of the team came first, none of it.
 */

/**
 * The facts of `q`; `keys` are the keyed hashes of `q.optOuts`' recipients, in order. Only the
 * lookups the activity needs are in the statement (the others are constant columns): a smaller
 * plan is cheaper to start on every execution, and each variant is prepared once per connection.
 */
export function factsStatement(q: FactsQuery, keys: readonly string[]): Statement {
  const optedOut = q.optOuts.length
    ? sql`(SELECT json_agg(w.i)
         FROM opt_out o JOIN unnest(${q.optOuts.map((o) => o.channel)}::text[], ${keys}::text[])
           WITH ORDINALITY AS w(channel, recipient_key, i) ON o.channel = w.channel AND o.recipient_key = w.recipient_key
        WHERE o.team_id = ${q.teamId}::text AND o.opted_out)`
    : sql`NULL::json`;
  const dispatches = q.dispatches.length
    ? sql`(SELECT json_agg(json_build_object('trigger', w.trigger, 'recipient', w.recipient,
          'at_or_before', (SELECT max(m.activity_at) FROM automated_message m
             WHERE m.team_id = ${q.teamId}::text AND m.trigger = w.trigger AND m.recipient = w.recipient
               AND m.decision = 'DISPATCHED' AND m.activity_at <= ${q.at}::timestamptz),
          'after', (SELECT min(m.activity_at) FROM automated_message m
             WHERE m.team_id = ${q.teamId}::text AND m.trigger = w.trigger AND m.recipient = w.recipient
               AND m.decision = 'DISPATCHED' AND m.activity_at > ${q.at}::timestamptz)))
         FROM unnest(${q.dispatches.map((d) => d.trigger)}::text[], ${q.dispatches.map((d) => d.recipient)}::text[])
           AS w(trigger, recipient))`
    : sql`NULL::json`;
  const openTickets =
    q.openTicketsOf === null
      ? sql`NULL::json`
      : sql`(SELECT json_agg(row_to_json(k)) FROM (SELECT ${raw(TICKET_COLUMNS)} FROM ticket
          WHERE team_id = ${q.teamId}::text AND phone = ${q.openTicketsOf}::text AND status = 'OPEN') k)`;
  const namedTicket =
    q.ticketId === null
      ? sql`NULL::json`
      : sql`(SELECT row_to_json(k) FROM (SELECT ${raw(TICKET_COLUMNS)} FROM ticket
          WHERE team_id = ${q.teamId}::text AND id = ${q.ticketId}::text) k)`;
  const conversationSeen =
    q.conversationId === null
      ? sql`false`
      : sql`EXISTS (SELECT 1 FROM conversation
          WHERE team_id = ${q.teamId}::text AND conversation_id = ${q.conversationId}::text)`;
  return sql`/* activityFacts */
    SELECT team.id IS NOT NULL AS team_exists, ${raw(TEAM_COLUMNS)}, team.write_seq::text AS write_seq,
      team.ring_plans_version, team.message_position::text AS message_position,
      team.missed_call_ticket_seq, team.voicemail_ticket_seq,
      (SELECT json_build_object(
          'activity', json_build_object('event_id', a.event_id, 'trigger', a.trigger, 'decision', a.decision,
                                        'suppression_reason', a.suppression_reason),
          'message', (SELECT row_to_json(m) FROM (SELECT ${raw(MESSAGE_COLUMNS)} FROM automated_message WHERE id = a.message_id) m),
          'missed_call', (SELECT row_to_json(c) FROM (SELECT ${raw(MISSED_CALL_COLUMNS)} FROM missed_call WHERE id = a.missed_call_id) c))
         FROM activity a WHERE a.team_id = ${q.teamId}::text AND a.event_id = ${q.eventId}::text) AS previous,
      -- which asked (channel, recipient) pairs are opted out, by position: the table keeps only keyed hashes
      ${optedOut} AS opted_out,
      ${dispatches} AS dispatches,
      ${openTickets} AS open_tickets,
      ${namedTicket} AS named_ticket,
      ${conversationSeen} AS conversation_seen
    FROM (SELECT 1) AS one LEFT JOIN team ON team.id = ${q.teamId}::text`;
}

/**
 * Everything of the plan, if the team is still as `seen`; `key` hashes the opt-out's recipient.
 * Only the writes the plan has are in the statement (each variant is prepared once per connection).
 */
export function applyStatement(plan: ActivityPlan, seen: TeamFacts, key: (recipient: string) => string): Statement {
  const ctes: Statement[] = [guard(plan, seen)];
  if (plan.optOut) ctes.push(optOutWrite(plan.teamId, plan.optOut, key));
  if (plan.markConversation !== null) ctes.push(conversationWrite(plan, plan.markConversation));
  if (plan.ticket) ctes.push(ticketWrite(plan.teamId, plan.ticket.ticket));
  if (plan.message) ctes.push(logRow(plan.teamId, plan.eventId, plan.message), sql`${raw(decisionRollupCte('msg'))}`);
  if (plan.missedCall) ctes.push(missedCallWrite(plan, plan.missedCall, plan.message !== null));
  ctes.push(outcomeWrite(plan, plan.missedCall !== null));
  const message = plan.message ? sql`(SELECT row_to_json(msg) FROM msg)` : sql`NULL::json`;
  const missedCall = plan.missedCall ? sql`(SELECT row_to_json(mc) FROM mc)` : sql`NULL::json`;
  return sql`/* applyActivityPlan */
    WITH ${joinSql(ctes, ', ')}
    SELECT EXISTS (SELECT 1 FROM cas) AS applied, ${message} AS message, ${missedCall} AS missed_call`;
}

/** An opt-out reported by another system: a write of the team like an activity's (it bumps write_seq). */
export function optOutStatement(teamId: string, channel: MessageChannel, key: string, optedOut: boolean): Statement {
  return sql`/* recordOptOut */
    WITH ${teamRowWrite(teamId, sql`true`, { position: 0, missedCallTickets: 0, voicemailTickets: 0 })},
    team_write AS (SELECT id FROM cas)
    INSERT INTO opt_out (team_id, channel, recipient_key, opted_out)
    SELECT id, ${channel}::text, ${key}::text, ${optedOut}::boolean FROM team_write
    ON CONFLICT (team_id, channel, recipient_key) DO UPDATE SET opted_out = EXCLUDED.opted_out, updated_at = now()`;
}

/** The settings a team's first write creates its row with (read only). */
const TEAM_DEFAULTS = defaultChatSettings();

/** The guard of an activity: counters taken only if nothing was written since the facts were read. */
function guard(plan: ActivityPlan, seen: TeamFacts): Statement {
  const takes = {
    position: plan.message ? 1 : 0,
    missedCallTickets: plan.takes.missedCallTicket ? 1 : 0,
    voicemailTickets: plan.takes.voicemailTicket ? 1 : 0,
  };
  return teamRowWrite(
    plan.teamId,
    sql`t.write_seq = ${seen.writeSeq}::bigint AND t.version = ${seen.settings.version}::integer
        AND t.ring_plans_version = ${seen.ringPlansVersion}::integer`,
    takes,
  );
}

/**
 * `cas`: the team row, inserted with its defaults by the team's first write, else updated when
 * `condition` holds; returns the team's new message position (a row only when it was written).
 */
function teamRowWrite(
  teamId: string,
  condition: Statement,
  takes: { position: number; missedCallTickets: number; voicemailTickets: number },
): Statement {
  const d = TEAM_DEFAULTS;
  return sql`cas AS (
      INSERT INTO team AS t (id, sender_identity, company_name, team_name, create_missed_call_tickets, ring_last_advisor,
        time_zone, default_locale, voice_hub_url, write_seq, message_position, missed_call_ticket_seq, voicemail_ticket_seq)
      VALUES (${teamId}::text, ${d.senderIdentity}::text, ${d.companyName}::text, ${d.teamName}::text,
        ${d.createMissedCallTickets}::boolean, ${d.ringLastAdvisor}::boolean, ${d.timeZone}::text, ${d.defaultLocale}::text,
        ${d.voiceHubUrl}::text, 1, ${takes.position}::bigint, ${takes.missedCallTickets}::integer, ${takes.voicemailTickets}::integer)
      ON CONFLICT (id) DO UPDATE SET write_seq = t.write_seq + 1,
        message_position = t.message_position + EXCLUDED.message_position,
        missed_call_ticket_seq = t.missed_call_ticket_seq + EXCLUDED.missed_call_ticket_seq,
        voicemail_ticket_seq = t.voicemail_ticket_seq + EXCLUDED.voicemail_ticket_seq
      WHERE ${condition}
      RETURNING t.id, t.message_position)`;
}

function optOutWrite(
  teamId: string,
  o: NonNullable<ActivityPlan['optOut']>,
  key: (recipient: string) => string,
): Statement {
  return sql`opt AS (
      INSERT INTO opt_out (team_id, channel, recipient_key, opted_out)
      SELECT ${teamId}::text, ${o.channel}::text, ${key(o.recipient)}::text, ${o.optedOut}::boolean FROM cas
      ON CONFLICT (team_id, channel, recipient_key) DO UPDATE SET opted_out = EXCLUDED.opted_out, updated_at = now())`;
}

function conversationWrite(plan: ActivityPlan, conversationId: string): Statement {
  return sql`conv AS (
      INSERT INTO conversation (team_id, conversation_id, first_event_id)
      SELECT ${plan.teamId}::text, ${conversationId}::text, ${plan.eventId}::text FROM cas
      ON CONFLICT (team_id, conversation_id) DO NOTHING)`;
}

function ticketWrite(teamId: string, t: PlannedTicket): Statement {
  return sql`tk AS (
      INSERT INTO ticket (team_id, id, number, status, source, phone, conversation_id, created_here, opened_at)
      SELECT ${teamId}::text, ${t.id}::text, ${t.number}::text, ${t.status}::text, ${t.source}::text, ${t.phone}::text,
        ${t.conversationId}::text, ${t.createdHere}::boolean, ${t.openedAt}::timestamptz FROM cas
      ON CONFLICT (team_id, id) DO UPDATE SET number = EXCLUDED.number, status = EXCLUDED.status,
        phone = EXCLUDED.phone, conversation_id = EXCLUDED.conversation_id, updated_at = now())`;
}

/** The dispatch-log row at the team's next position (taken by the guard). */
function logRow(teamId: string, eventId: string, m: NewMessage): Statement {
  return sql`msg AS (
      INSERT INTO automated_message (team_id, position, event_id, trigger, decision, suppression_reason, channel, recipient,
        body, locale, segments, ticket_id, activity_at)
      SELECT ${teamId}::text, cas.message_position, ${eventId}::text, ${m.trigger}::text, ${m.decision}::text,
        ${m.suppressionReason}::text, ${m.channel}::text, ${m.recipient}::text, ${m.body}::text, ${m.locale}::text,
        ${m.segments}::integer, ${m.ticketId}::text, ${m.activityAt}::timestamptz
        FROM cas
      RETURNING ${raw(MESSAGE_COLUMNS)})`;
}

/** The id the CTE `cte` wrote, when the statement has it; else no link. */
const idOf = (cte: 'msg' | 'mc', written: boolean) => raw(written ? `(SELECT id FROM ${cte})` : 'NULL::uuid');

/** The missed call, linked to the log row when there is one. */
function missedCallWrite(plan: ActivityPlan, c: NonNullable<ActivityPlan['missedCall']>, logged: boolean): Statement {
  return sql`mc AS (
      INSERT INTO missed_call (team_id, call_id, event_id, phone, occurred_at, trigger, ticket_id, ticket_created, ticket_rule, message_id)
      SELECT ${plan.teamId}::text, ${c.callId}::text, ${plan.eventId}::text, ${c.phone}::text, ${c.occurredAt}::timestamptz,
        ${c.trigger}::text, ${c.ticketId}::text, ${c.ticketCreated}::boolean, ${c.ticketRule}::text,
        ${idOf('msg', logged)}
        FROM cas
      RETURNING ${raw(MISSED_CALL_COLUMNS)})`;
}

/** The idempotency row with the outcome. */
function outcomeWrite(plan: ActivityPlan, missedCall: boolean): Statement {
  return sql`act AS (
      INSERT INTO activity (team_id, event_id, kind, trigger, decision, suppression_reason, message_id, missed_call_id, occurred_at)
      SELECT ${plan.teamId}::text, ${plan.eventId}::text, ${plan.kind}::text, ${plan.trigger}::text, ${plan.decision}::text,
        ${plan.suppressionReason}::text, ${idOf('msg', plan.message !== null)},
        ${idOf('mc', missedCall)}, ${plan.occurredAt}::timestamptz
        FROM cas)`;
}

import { z } from 'zod';
import { TICKET_SOURCES } from '../../domain/automation/activity';
import type { StoredMessage, StoredMissedCall, StoredTicket } from '../../domain/automation/automation-ports';
import { SUPPRESSION_REASONS } from '../../domain/automation/decide';
import { MESSAGE_CHANNELS, TRIGGERS } from '../../domain/chat-settings/triggers';

/** Column lists and row mappers shared by the activity transaction and the read side. */
export const MESSAGE_COLUMNS = `id, team_id, position::text AS position, event_id, trigger, decision, suppression_reason, channel,
  recipient, body, locale, segments, ticket_id, activity_at, dispatched_at`;

export const MISSED_CALL_COLUMNS = `id, team_id, seq::text AS seq, call_id, event_id, phone, occurred_at, trigger, ticket_id,
  ticket_created, ticket_rule, message_id`;

export const TICKET_COLUMNS = `team_id, id, public_id, number, status, source, phone, conversation_id, opened_at, created_here`;

export interface MessageRow {
  id: string;
  team_id: string;
  position: string;
  event_id: string;
  trigger: StoredMessage['trigger'];
  decision: StoredMessage['decision'];
  suppression_reason: StoredMessage['suppressionReason'];
  channel: StoredMessage['channel'];
  recipient: string;
  body: string;
  locale: string;
  segments: number;
  ticket_id: string | null;
  activity_at: Date;
  dispatched_at: Date;
}

export function toMessage(r: MessageRow): StoredMessage {
  return {
    id: r.id,
    teamId: r.team_id,
    position: Number(r.position),
    eventId: r.event_id,
    trigger: r.trigger,
    decision: r.decision,
    suppressionReason: r.suppression_reason,
    channel: r.channel,
    recipient: r.recipient,
    body: r.body,
    locale: r.locale,
    segments: r.segments,
    ticketId: r.ticket_id,
    activityAt: r.activity_at,
    dispatchedAt: r.dispatched_at,
  };
}

export interface MissedCallRow {
  id: string;
  team_id: string;
  seq: string;
  call_id: string;
  event_id: string;
  phone: string;
  occurred_at: Date;
  trigger: StoredMissedCall['trigger'];
  ticket_id: string | null;
  ticket_created: boolean;
  ticket_rule: string;
  message_id: string | null;
}

export function toMissedCall(r: MissedCallRow): StoredMissedCall {
  return {
    id: r.id,
    teamId: r.team_id,
    seq: Number(r.seq),
    callId: r.call_id,
    eventId: r.event_id,
    phone: r.phone,
    occurredAt: r.occurred_at,
    trigger: r.trigger,
    ticketId: r.ticket_id,
    ticketCreated: r.ticket_created,
    ticketRule: r.ticket_rule,
    messageId: r.message_id,
  };
}

export interface TicketRow {
  team_id: string;
  id: string;
  public_id: string;
  number: string;
  status: StoredTicket['status'];
  source: StoredTicket['source'];
  phone: string | null;
  conversation_id: string | null;
  opened_at: Date;
  created_here: boolean;
}

export function toTicket(r: TicketRow): StoredTicket {
  return {
    teamId: r.team_id,
    id: r.id,
    publicId: r.public_id,
    number: r.number,
    status: r.status,
    source: r.source,
    phone: r.phone,
    conversationId: r.conversation_id,
    openedAt: r.opened_at,
    createdHere: r.created_here,
  };
}

// Row parsers for the query helper (../sql.ts): each checks what the columns above return.

const TICKET_STATUSES = ['OPEN', 'RESOLVED', 'CLOSED'] as const;

export const messageRow = z.object({
  id: z.string(),
  team_id: z.string(),
  position: z.string(),
  event_id: z.string(),
  trigger: z.enum(TRIGGERS),
  decision: z.enum(['DISPATCHED', 'SUPPRESSED']),
  suppression_reason: z.enum(SUPPRESSION_REASONS).nullable(),
  channel: z.enum(MESSAGE_CHANNELS),
  recipient: z.string(),
  body: z.string(),
  locale: z.string(),
  segments: z.number().int(),
  ticket_id: z.string().nullable(),
  activity_at: z.date(),
  dispatched_at: z.date(),
}) satisfies z.ZodType<MessageRow>;

export const missedCallRow = z.object({
  id: z.string(),
  team_id: z.string(),
  seq: z.string(),
  call_id: z.string(),
  event_id: z.string(),
  phone: z.string(),
  occurred_at: z.date(),
  trigger: z.enum(TRIGGERS),
  ticket_id: z.string().nullable(),
  ticket_created: z.boolean(),
  ticket_rule: z.string(),
  message_id: z.string().nullable(),
}) satisfies z.ZodType<MissedCallRow>;

export const ticketRow = z.object({
  team_id: z.string(),
  id: z.string(),
  public_id: z.string(),
  number: z.string(),
  status: z.enum(TICKET_STATUSES),
  source: z.enum(TICKET_SOURCES),
  phone: z.string().nullable(),
  conversation_id: z.string().nullable(),
  opened_at: z.date(),
  created_here: z.boolean(),
}) satisfies z.ZodType<TicketRow>;

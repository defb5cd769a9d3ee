import type {
  AdvisorActionActivity,
  CallEndedActivity,
  InboundMessageActivity,
  TicketEventActivity,
} from '../../domain/automation/activity';
import type { AdvisorActionInput, CallEndedInput, InboundMessageInput, TicketEventInput } from './activity.inputs';

/*
 * Input class → domain activity, field by field: a field added to an input must be mapped here
 * to reach the domain. GraphQL gives absent optionals as null; the domain wants them absent.
 */

const absent = <T>(value: T | null | undefined): T | undefined => value ?? undefined;

export function toCallEndedActivity(input: CallEndedInput): CallEndedActivity {
  return {
    kind: 'CALL_ENDED',
    eventId: input.eventId,
    teamId: input.teamId,
    callId: input.callId,
    phone: input.phone,
    customerName: absent(input.customerName),
    locale: absent(input.locale),
    startedAt: input.startedAt,
    occurredAt: input.occurredAt,
    endedDuring: input.endedDuring,
    ticketId: absent(input.ticketId),
    ticketNumber: absent(input.ticketNumber),
  };
}

export function toInboundMessageActivity(input: InboundMessageInput): InboundMessageActivity {
  return {
    kind: 'INBOUND_MESSAGE',
    eventId: input.eventId,
    teamId: input.teamId,
    channel: input.channel,
    conversationId: input.conversationId,
    phone: absent(input.phone),
    customerName: absent(input.customerName),
    locale: absent(input.locale),
    body: absent(input.body),
    occurredAt: input.occurredAt,
  };
}

export function toTicketEventActivity(input: TicketEventInput): TicketEventActivity {
  return {
    kind: 'TICKET_EVENT',
    eventId: input.eventId,
    teamId: input.teamId,
    ticketId: input.ticketId,
    number: input.number,
    type: input.type,
    source: input.source,
    channel: absent(input.channel),
    conversationId: absent(input.conversationId),
    phone: absent(input.phone),
    customerName: absent(input.customerName),
    locale: absent(input.locale),
    occurredAt: input.occurredAt,
  };
}

export function toAdvisorActionActivity(input: AdvisorActionInput): AdvisorActionActivity {
  return {
    kind: 'ADVISOR_ACTION',
    eventId: input.eventId,
    teamId: input.teamId,
    action: input.action,
    channel: input.channel,
    conversationId: absent(input.conversationId),
    phone: absent(input.phone),
    customerName: absent(input.customerName),
    locale: absent(input.locale),
    advisorName: absent(input.advisorName),
    ticketId: absent(input.ticketId),
    link: absent(input.link),
    amount: absent(input.amount),
    currency: absent(input.currency),
    occurredAt: input.occurredAt,
  };
}

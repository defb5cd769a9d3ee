import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import type {
  StoredMessage,
  StoredMissedCall,
  StoredTicket,
  TicketStatus,
} from '../../domain/automation/automation-ports';
import type { AutomationDecision, SuppressionReason } from '../../domain/automation/decide';
import type { MessageChannel, Trigger } from '../../domain/chat-settings/triggers';
import type { TicketSource } from '../../domain/automation/activity';
import { encodeCursor, PageInfo } from '../connection';
import {
  AutomatedMessageTriggerEnum,
  AutomationDecisionEnum,
  MessageChannelEnum,
  SuppressionReasonEnum,
  TicketSourceEnum,
  TicketStatusEnum,
} from '../enums';
import { DateTimeScalar } from '../scalars';

export const MESSAGE_CURSOR = 'AutomatedMessage';
export const MISSED_CALL_CURSOR = 'MissedCall';

@Directive('@key(fields: "id")')
@ObjectType({
  description:
    'A ticket: created by this service for missed calls and voicemails, or reported by the ticketing service',
})
export class Ticket {
  /** Not a field: the team it belongs to. */
  teamId: string;
  /** Not a field: the per-team key the missed calls and messages link to. */
  localId: string;

  @Field(() => ID, { description: 'Globally unique and opaque, assigned by this service' })
  id: string;

  @Field(() => ID, {
    nullable: true,
    description:
      "The ticketing system's id (the activities' `ticketId`), unique per team only; null for tickets this service created",
  })
  externalId: string | null;

  @Field({ description: 'MC-1, VM-3, or the number the ticketing service gave it' })
  number: string;

  @Field(() => TicketStatusEnum, { description: 'OPEN, RESOLVED or CLOSED, as the last ticket event left it' })
  status: TicketStatus;

  @Field(() => TicketSourceEnum, { description: 'Where the ticket came from' })
  source: TicketSource;

  @Field(() => DateTimeScalar, { description: 'When the ticket was opened' })
  openedAt: Date;

  @Field({ description: 'Created by this service (missed call or voicemail)' })
  createdHere: boolean;
}

@ObjectType({ description: 'A call that ended unanswered (CUSTOMER_HUNG_UP, MISSED_CALL or AFTER_HOURS_CALL)' })
export class MissedCall {
  teamId: string;
  ticketId: string | null;
  seq: number;

  @Field(() => ID, { description: 'Globally unique id of this missed call' })
  id: string;

  @Field(() => ID, { description: "The telephony system's call id" })
  callId: string;

  @Field({ description: "The caller's number, E.164" })
  phone: string;

  @Field(() => DateTimeScalar, { description: 'When the call ended' })
  occurredAt: Date;

  @Field(() => AutomatedMessageTriggerEnum, { description: 'CUSTOMER_HUNG_UP, MISSED_CALL or AFTER_HOURS_CALL' })
  trigger: Trigger;

  @Field({ description: 'A MISSED_CALL ticket was created for this call' })
  ticketCreated: boolean;

  @Field({
    description: 'Which rule placed it: RING_LAST_ADVISOR, MISSED_CALL_TICKET, MOST_RECENT_OPEN_TICKET or NO_TICKET',
  })
  ticketRule: string;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: 'An entry of the dispatch log: a message sent, or one a trigger selected but suppressed' })
export class AutomatedMessage {
  teamId: string;
  ticketId: string | null;
  position: number;

  @Field(() => ID, { description: 'Globally unique id of this dispatch-log entry' })
  id: string;

  @Field({ description: "Position in the team's log: pass as `after` to page or to resume the feed" })
  cursor: string;

  @Field(() => AutomatedMessageTriggerEnum, { description: 'The trigger that selected this message' })
  trigger: Trigger;

  @Field(() => AutomationDecisionEnum, { description: 'DISPATCHED or SUPPRESSED' })
  decision: AutomationDecision;

  @Field(() => SuppressionReasonEnum, { description: 'Why nothing was sent; null when dispatched', nullable: true })
  suppressionReason: SuppressionReason | null;

  @Field(() => MessageChannelEnum, { description: 'Where the message goes' })
  channel: MessageChannel;

  @Field({ description: 'Phone number (SMS, WhatsApp) or conversationId (web, app); empty when there was none' })
  recipient: string;

  @Field({ description: 'The rendered text ("" for a suppressed entry with nothing rendered)' })
  body: string;

  @Field({ description: 'The locale whose text was rendered' })
  locale: string;

  @Field(() => Int, { description: 'SMS segments the body takes' })
  segments: number;

  @Field(() => ID, { description: 'The eventId of the activity that caused it' })
  eventId: string;

  @Field(() => DateTimeScalar, { description: 'The activity time the decision was made for' })
  activityAt: Date;

  @Field(() => DateTimeScalar, { description: 'When it was recorded' })
  dispatchedAt: Date;
}

@ObjectType({ description: 'A dispatch-log entry with its cursor' })
export class AutomatedMessageEdge {
  @Field({ description: 'Opaque position of this item in the list; pass as `after`' })
  cursor: string;

  @Field(() => AutomatedMessage, { description: 'The entry' })
  node: AutomatedMessage;
}

@ObjectType({ description: 'A page of the dispatch log (Relay connection)' })
export class AutomatedMessageConnection {
  @Field(() => [AutomatedMessageEdge], { description: 'The entries with their cursors' })
  edges: AutomatedMessageEdge[];

  @Field(() => [AutomatedMessage], { description: 'The entries, without cursors' })
  nodes: AutomatedMessage[];

  @Field(() => PageInfo, { description: 'Cursors and whether more pages exist' })
  pageInfo: PageInfo;
}

@ObjectType({ description: 'A missed call with its cursor' })
export class MissedCallEdge {
  @Field({ description: 'Opaque position of this item in the list; pass as `after`' })
  cursor: string;

  @Field(() => MissedCall, { description: 'The missed call' })
  node: MissedCall;
}

@ObjectType({ description: "A page of the team's missed calls (Relay connection)" })
export class MissedCallConnection {
  @Field(() => [MissedCallEdge], { description: 'The missed calls with their cursors' })
  edges: MissedCallEdge[];

  @Field(() => [MissedCall], { description: 'The missed calls, without cursors' })
  nodes: MissedCall[];

  @Field(() => PageInfo, { description: 'Cursors and whether more pages exist' })
  pageInfo: PageInfo;
}

@ObjectType({ description: 'What one activity led to' })
export class AutomationOutcome {
  @Field(() => ID, { description: "The activity's eventId" })
  eventId: string;

  @Field({ description: 'This eventId was processed before; this is the first outcome, and nothing was sent again' })
  duplicate: boolean;

  @Field(() => AutomatedMessageTriggerEnum, { nullable: true, description: 'null when no trigger applies' })
  trigger: Trigger | null;

  @Field(() => AutomationDecisionEnum, { description: 'DISPATCHED, SUPPRESSED or NO_TRIGGER' })
  decision: AutomationDecision;

  @Field(() => SuppressionReasonEnum, { description: 'Why nothing was sent; null unless SUPPRESSED', nullable: true })
  suppressionReason: SuppressionReason | null;

  @Field(() => AutomatedMessage, {
    description: 'The dispatch-log entry (also for SUPPRESSED); null for NO_TRIGGER',
    nullable: true,
  })
  message: AutomatedMessage | null;

  @Field(() => MissedCall, { description: 'The missed call logged for this activity, if it was one', nullable: true })
  missedCall: MissedCall | null;
}

export function toTicket(t: StoredTicket): Ticket {
  return Object.assign(new Ticket(), {
    teamId: t.teamId,
    localId: t.id,
    id: t.publicId,
    externalId: t.createdHere ? null : t.id,
    number: t.number,
    status: t.status,
    source: t.source,
    openedAt: t.openedAt,
    createdHere: t.createdHere,
  });
}

export function toMissedCall(c: StoredMissedCall): MissedCall {
  return Object.assign(new MissedCall(), c);
}

export function toAutomatedMessage(m: StoredMessage): AutomatedMessage {
  return Object.assign(new AutomatedMessage(), m, { cursor: encodeCursor(MESSAGE_CURSOR, m.position) });
}

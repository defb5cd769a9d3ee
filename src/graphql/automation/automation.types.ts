import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import type { StoredMessage, StoredMissedCall, StoredTicket, TicketStatus } from '../../domain/automation/automation-ports';
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
@ObjectType({ description: 'A ticket: created by this service for missed calls and voicemails, or reported by the ticketing service' })
export class Ticket {
  /** Not a field: the team it belongs to. */
  teamId: string;
  /** Not a field: the per-team key the missed calls and messages link to. */
  localId: string;

  @Field(() => ID, { description: 'Globally unique and opaque, assigned by this service' })
  id: string;

  @Field(() => ID, {
    nullable: true,
    description: "The ticketing system's id (the activities' `ticketId`), unique per team only; null for tickets this service created",
  })
  externalId: string | null;

  @Field({ description: 'MC-1, VM-3, or the number the ticketing service gave it' })
  number: string;

  @Field(() => TicketStatusEnum)
  status: TicketStatus;

  @Field(() => TicketSourceEnum)
  source: TicketSource;

  @Field(() => DateTimeScalar)
  openedAt: Date;

  @Field({ description: 'Created by this service (missed call or voicemail)' })
  createdHere: boolean;
}

@ObjectType({ description: 'A call that ended unanswered (CUSTOMER_HUNG_UP, MISSED_CALL or AFTER_HOURS_CALL)' })
export class MissedCall {
  teamId: string;
  ticketId: string | null;
  seq: number;

  @Field(() => ID)
  id: string;

  @Field(() => ID)
  callId: string;

  @Field()
  phone: string;

  @Field(() => DateTimeScalar)
  occurredAt: Date;

  @Field(() => AutomatedMessageTriggerEnum)
  trigger: Trigger;

  @Field({ description: 'A MISSED_CALL ticket was created for this call' })
  ticketCreated: boolean;

  @Field({ description: 'Which rule placed it: RING_LAST_ADVISOR, MISSED_CALL_TICKET, MOST_RECENT_OPEN_TICKET or NO_TICKET' })
  ticketRule: string;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: 'An entry of the dispatch log: a message sent, or one a trigger selected but suppressed' })
export class AutomatedMessage {
  teamId: string;
  ticketId: string | null;
  position: number;

  @Field(() => ID)
  id: string;

  @Field({ description: "Position in the team's log: pass as `after` to page or to resume the feed" })
  cursor: string;

  @Field(() => AutomatedMessageTriggerEnum)
  trigger: Trigger;

  @Field(() => AutomationDecisionEnum, { description: 'DISPATCHED or SUPPRESSED' })
  decision: AutomationDecision;

  @Field(() => SuppressionReasonEnum, { nullable: true })
  suppressionReason: SuppressionReason | null;

  @Field(() => MessageChannelEnum)
  channel: MessageChannel;

  @Field({ description: 'Phone number (SMS, WhatsApp) or conversationId (web, app); empty when there was none' })
  recipient: string;

  @Field()
  body: string;

  @Field()
  locale: string;

  @Field(() => Int)
  segments: number;

  @Field(() => ID)
  eventId: string;

  @Field(() => DateTimeScalar, { description: 'The activity time the decision was made for' })
  activityAt: Date;

  @Field(() => DateTimeScalar)
  dispatchedAt: Date;
}

@ObjectType()
export class AutomatedMessageEdge {
  @Field()
  cursor: string;

  @Field(() => AutomatedMessage)
  node: AutomatedMessage;
}

@ObjectType()
export class AutomatedMessageConnection {
  @Field(() => [AutomatedMessageEdge])
  edges: AutomatedMessageEdge[];

  @Field(() => [AutomatedMessage])
  nodes: AutomatedMessage[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;
}

@ObjectType()
export class MissedCallEdge {
  @Field()
  cursor: string;

  @Field(() => MissedCall)
  node: MissedCall;
}

@ObjectType()
export class MissedCallConnection {
  @Field(() => [MissedCallEdge])
  edges: MissedCallEdge[];

  @Field(() => [MissedCall])
  nodes: MissedCall[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;
}

@ObjectType({ description: 'What one activity led to' })
export class AutomationOutcome {
  @Field(() => ID)
  eventId: string;

  @Field({ description: 'This eventId was processed before; this is the first outcome, and nothing was sent again' })
  duplicate: boolean;

  @Field(() => AutomatedMessageTriggerEnum, { nullable: true, description: 'null when no trigger applies' })
  trigger: Trigger | null;

  @Field(() => AutomationDecisionEnum)
  decision: AutomationDecision;

  @Field(() => SuppressionReasonEnum, { nullable: true })
  suppressionReason: SuppressionReason | null;

  @Field(() => AutomatedMessage, { nullable: true })
  message: AutomatedMessage | null;

  @Field(() => MissedCall, { nullable: true })
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

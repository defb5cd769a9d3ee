import { Field, Float, ID, InputType } from 'type-graphql';
import type { AdvisorAction, CallPhase, TicketEventType, TicketSource } from '../../domain/automation/activity';
import type { AutomationDecision } from '../../domain/automation/decide';
import type { MessageChannel, Trigger } from '../../domain/chat-settings/triggers';
import {
  AdvisorActionEnum,
  AutomatedMessageTriggerEnum,
  AutomationDecisionEnum,
  CallPhaseEnum,
  MessageChannelEnum,
  TicketEventTypeEnum,
  TicketSourceEnum,
} from '../enums';
import { DateTimeScalar } from '../scalars';
import type { DeliveryStatus } from '../../domain/delivery/delivery-status';
import { DeliveryStatusEnum } from '../delivery/delivery.types';

@InputType({ description: 'A call ended (telephony)' })
export class CallEndedInput {
  @Field(() => ID, { description: 'Idempotency key from the source' }) eventId: string;
  @Field(() => ID, { description: 'The team, as the teams service knows it' }) teamId: string;
  @Field(() => ID, { description: "The telephony system's call id" }) callId: string;
  @Field({ description: "The caller's number, E.164 (+4930123456)" }) phone: string;
  @Field(() => String, { description: 'For {{customerName}}', nullable: true }) customerName?: string | null;
  @Field(() => String, { nullable: true, description: "The customer's locale, e.g. de-AT" }) locale?: string | null;
  @Field(() => DateTimeScalar, { description: 'When the call started ringing: business hours are judged at this time' })
  startedAt: Date;
  @Field(() => DateTimeScalar, { description: 'When the call ended; at most 5 minutes in the future' })
  occurredAt: Date;
  @Field(() => CallPhaseEnum, { description: 'Where the call was when it ended: decides the trigger' })
  endedDuring: CallPhase;
  @Field(() => ID, { description: "The ticketing system's id of a ticket linked to the call", nullable: true })
  ticketId?: string | null;
  @Field(() => String, { description: "That ticket's number, for {{ticketNumber}}", nullable: true }) ticketNumber?:
    string | null;
}

@InputType({ description: 'A customer message arrived (SMS, WhatsApp, web chat, app)' })
export class InboundMessageInput {
  @Field(() => ID, { description: 'Idempotency key from the source: the same eventId twice is processed once' })
  eventId: string;
  @Field(() => ID, { description: 'The team, as the teams service knows it' }) teamId: string;
  @Field(() => MessageChannelEnum, { description: 'Where the message came in; the reply goes back there' })
  channel: MessageChannel;
  @Field(() => ID, { description: 'The conversation, for FIRST_CHAT_MESSAGE and replies on web/app' })
  conversationId: string;
  @Field(() => String, { nullable: true, description: 'E.164; required for SMS and WhatsApp' }) phone?: string | null;
  @Field(() => String, { description: 'For {{customerName}}', nullable: true }) customerName?: string | null;
  @Field(() => String, { description: "The customer's locale, e.g. de-AT", nullable: true }) locale?: string | null;
  @Field(() => String, { nullable: true, description: 'STOP, START and the like change the opt-out state' }) body?:
    string | null;
  @Field(() => DateTimeScalar, { description: 'When the message arrived; at most 5 minutes in the future' })
  occurredAt: Date;
}

@InputType({ description: 'A ticket was created, resolved or closed (ticketing)' })
export class TicketEventInput {
  @Field(() => ID, { description: 'Idempotency key from the source: the same eventId twice is processed once' })
  eventId: string;
  @Field(() => ID, { description: 'The team, as the teams service knows it' }) teamId: string;
  @Field(() => ID, { description: "The ticketing system's ticket id (unique per team)" }) ticketId: string;
  @Field({ description: 'The ticket number the customer sees, for {{ticketNumber}}' }) number: string;
  @Field(() => TicketEventTypeEnum, { description: 'Created, resolved or closed' }) type: TicketEventType;
  @Field(() => TicketSourceEnum, { description: 'Where the ticket came from' }) source: TicketSource;
  @Field(() => MessageChannelEnum, { description: 'Where to message the customer', nullable: true })
  channel?: MessageChannel | null;
  @Field(() => ID, { description: 'The conversation, for web/app messages', nullable: true }) conversationId?:
    string | null;
  @Field(() => String, {
    description: "The customer's number, E.164, for SMS/WhatsApp and missed-call matching",
    nullable: true,
  })
  phone?: string | null;
  @Field(() => String, { description: 'For {{customerName}}', nullable: true }) customerName?: string | null;
  @Field(() => String, { description: "The customer's locale, e.g. de-AT", nullable: true }) locale?: string | null;
  @Field(() => DateTimeScalar, { description: 'When it happened; at most 5 minutes in the future' }) occurredAt: Date;
}

@InputType({ description: 'An advisor asked for something (photo, approval, payment, rating) or shared the VoiceHub' })
export class AdvisorActionInput {
  @Field(() => ID, { description: 'Idempotency key from the source: the same eventId twice is processed once' })
  eventId: string;
  @Field(() => ID, { description: 'The team, as the teams service knows it' }) teamId: string;
  @Field(() => AdvisorActionEnum, { description: 'What the advisor did: decides the trigger' }) action: AdvisorAction;
  @Field(() => MessageChannelEnum, { description: 'Where to message the customer' }) channel: MessageChannel;
  @Field(() => ID, { description: 'The conversation, for web/app messages', nullable: true }) conversationId?:
    string | null;
  @Field(() => String, { description: "The customer's number, E.164; required for SMS and WhatsApp", nullable: true })
  phone?: string | null;
  @Field(() => String, { description: 'For {{customerName}}', nullable: true }) customerName?: string | null;
  @Field(() => String, { description: "The customer's locale, e.g. de-AT", nullable: true }) locale?: string | null;
  @Field(() => String, { description: 'For {{advisorName}}', nullable: true }) advisorName?: string | null;
  @Field(() => ID, { description: "The ticketing system's id of the related ticket", nullable: true }) ticketId?:
    string | null;
  @Field(() => String, { nullable: true, description: 'https link (upload, approval, payment, rating)' }) link?:
    string | null;
  @Field(() => Float, {
    description: 'For {{amount}} (payment requests), formatted with currency in the team locale',
    nullable: true,
  })
  amount?: number | null;
  @Field(() => String, { nullable: true, description: 'ISO 4217, e.g. EUR' }) currency?: string | null;
  @Field(() => DateTimeScalar, { description: 'When it happened; at most 5 minutes in the future' }) occurredAt: Date;
}

@InputType({ description: 'A recipient opted out of (or back into) automated messages on a channel' })
export class OptOutInput {
  @Field(() => ID, { description: 'The team, as the teams service knows it' }) teamId: string;
  @Field({ description: "The recipient's number, E.164" }) phone: string;
  @Field(() => MessageChannelEnum, { description: 'SMS or WhatsApp' }) channel: MessageChannel;
  @Field(() => Boolean, { description: 'true: send nothing more; false: opted back in', defaultValue: true })
  optedOut: boolean;
}

@InputType({ description: 'Conditions on dispatch-log entries; all given ones must hold' })
export class AutomatedMessageFilter {
  @Field(() => [AutomatedMessageTriggerEnum], { description: 'Only these triggers', nullable: true }) triggers?:
    Trigger[] | null;
  @Field(() => MessageChannelEnum, { description: 'Only this channel', nullable: true })
  channel?: MessageChannel | null;
  @Field(() => AutomationDecisionEnum, { description: 'Only this decision', nullable: true })
  decision?: AutomationDecision | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Activity time from (inclusive)' }) since?: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Activity time until (exclusive)' }) until?: Date | null;
  @Field(() => [DeliveryStatusEnum], {
    nullable: true,
    description: 'Only DISPATCHED messages whose current delivery status is one of these',
  })
  deliveryStatus?: DeliveryStatus[] | null;
}

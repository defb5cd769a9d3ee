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
  @Field(() => ID) teamId: string;
  @Field(() => ID) callId: string;
  @Field({ description: "The caller's number, E.164 (+4930123456)" }) phone: string;
  @Field(() => String, { nullable: true }) customerName?: string | null;
  @Field(() => String, { nullable: true, description: "The customer's locale, e.g. de-AT" }) locale?: string | null;
  @Field(() => DateTimeScalar, { description: 'When the call started ringing: business hours are judged at this time' })
  startedAt: Date;
  @Field(() => DateTimeScalar) occurredAt: Date;
  @Field(() => CallPhaseEnum) endedDuring: CallPhase;
  @Field(() => ID, { nullable: true }) ticketId?: string | null;
  @Field(() => String, { nullable: true }) ticketNumber?: string | null;
}

@InputType({ description: 'A customer message arrived (SMS, WhatsApp, web chat, app)' })
export class InboundMessageInput {
  @Field(() => ID) eventId: string;
  @Field(() => ID) teamId: string;
  @Field(() => MessageChannelEnum) channel: MessageChannel;
  @Field(() => ID) conversationId: string;
  @Field(() => String, { nullable: true, description: 'E.164; required for SMS and WhatsApp' }) phone?: string | null;
  @Field(() => String, { nullable: true }) customerName?: string | null;
  @Field(() => String, { nullable: true }) locale?: string | null;
  @Field(() => String, { nullable: true, description: 'STOP, START and the like change the opt-out state' }) body?: string | null;
  @Field(() => DateTimeScalar) occurredAt: Date;
}

@InputType({ description: 'A ticket was created, resolved or closed (ticketing)' })
export class TicketEventInput {
  @Field(() => ID) eventId: string;
  @Field(() => ID) teamId: string;
  @Field(() => ID) ticketId: string;
  @Field() number: string;
  @Field(() => TicketEventTypeEnum) type: TicketEventType;
  @Field(() => TicketSourceEnum) source: TicketSource;
  @Field(() => MessageChannelEnum, { nullable: true }) channel?: MessageChannel | null;
  @Field(() => ID, { nullable: true }) conversationId?: string | null;
  @Field(() => String, { nullable: true }) phone?: string | null;
  @Field(() => String, { nullable: true }) customerName?: string | null;
  @Field(() => String, { nullable: true }) locale?: string | null;
  @Field(() => DateTimeScalar) occurredAt: Date;
}

@InputType({ description: 'An advisor asked for something (photo, approval, payment, rating) or shared the VoiceHub' })
export class AdvisorActionInput {
  @Field(() => ID) eventId: string;
  @Field(() => ID) teamId: string;
  @Field(() => AdvisorActionEnum) action: AdvisorAction;
  @Field(() => MessageChannelEnum) channel: MessageChannel;
  @Field(() => ID, { nullable: true }) conversationId?: string | null;
  @Field(() => String, { nullable: true }) phone?: string | null;
  @Field(() => String, { nullable: true }) customerName?: string | null;
  @Field(() => String, { nullable: true }) locale?: string | null;
  @Field(() => String, { nullable: true }) advisorName?: string | null;
  @Field(() => ID, { nullable: true }) ticketId?: string | null;
  @Field(() => String, { nullable: true, description: 'https link (upload, approval, payment, rating)' }) link?: string | null;
  @Field(() => Float, { nullable: true }) amount?: number | null;
  @Field(() => String, { nullable: true, description: 'ISO 4217, e.g. EUR' }) currency?: string | null;
  @Field(() => DateTimeScalar) occurredAt: Date;
}

@InputType()
export class OptOutInput {
  @Field(() => ID) teamId: string;
  @Field() phone: string;
  @Field(() => MessageChannelEnum) channel: MessageChannel;
  @Field(() => Boolean, { defaultValue: true }) optedOut: boolean;
}

@InputType()
export class AutomatedMessageFilter {
  @Field(() => [AutomatedMessageTriggerEnum], { nullable: true }) triggers?: Trigger[] | null;
  @Field(() => MessageChannelEnum, { nullable: true }) channel?: MessageChannel | null;
  @Field(() => AutomationDecisionEnum, { nullable: true }) decision?: AutomationDecision | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Activity time from (inclusive)' }) since?: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Activity time until (exclusive)' }) until?: Date | null;
  @Field(() => [DeliveryStatusEnum], { nullable: true, description: 'Only DISPATCHED messages whose current delivery status is one of these' })
  deliveryStatus?: DeliveryStatus[] | null;
}

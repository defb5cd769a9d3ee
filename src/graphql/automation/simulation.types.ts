import { Field, InputType, Int, ObjectType } from 'type-graphql';
import type { AutomationDecision, SuppressionReason } from '../../domain/automation/decide';
import type { MessageChannel, Trigger } from '../../domain/chat-settings/triggers';
import type { SmsEncoding } from '../../domain/templates/sms';
import {
  AutomatedMessageTriggerEnum,
  AutomationDecisionEnum,
  MessageChannelEnum,
  SmsEncodingEnum,
  SuppressionReasonEnum,
} from '../enums';
import { BusinessHoursStatus } from '../ring-plans/ring-plan.type';
import { AdvisorActionInput, CallEndedInput, InboundMessageInput, TicketEventInput } from './activity.inputs';

@InputType({ description: 'The activity to dry-run: exactly one of the four; its eventId is ignored' })
export class SimulateActivityInput {
  @Field(() => CallEndedInput, { nullable: true, description: 'A call that ended' })
  callEnded?: CallEndedInput | null;

  @Field(() => InboundMessageInput, { nullable: true, description: 'A customer message that arrived' })
  inboundMessage?: InboundMessageInput | null;

  @Field(() => TicketEventInput, { nullable: true, description: 'A ticket created, resolved or closed' })
  ticketEvent?: TicketEventInput | null;

  @Field(() => AdvisorActionInput, { nullable: true, description: 'An advisor action' })
  advisorAction?: AdvisorActionInput | null;
}

@ObjectType({
  description:
    'What recording the activity now would do, from the same decision as the real thing; nothing is written (no log row, ticket, cooldown or feed message)',
})
export class Simulation {
  @Field(() => AutomatedMessageTriggerEnum, {
    nullable: true,
    description: 'The trigger chosen; null when none applies',
  })
  trigger: Trigger | null;

  @Field(() => AutomationDecisionEnum, { description: 'DISPATCHED, SUPPRESSED or NO_TRIGGER' })
  decision: AutomationDecision;

  @Field(() => SuppressionReasonEnum, { nullable: true, description: 'Why it would be suppressed' })
  suppressionReason: SuppressionReason | null;

  @Field(() => MessageChannelEnum, { nullable: true, description: 'The channel the message would go on' })
  channel: MessageChannel | null;

  @Field(() => String, { nullable: true, description: 'Phone number or conversationId it would go to' })
  recipient: string | null;

  @Field(() => String, { nullable: true, description: 'The message text, rendered as it would be sent' })
  body: string | null;

  @Field(() => String, { nullable: true, description: 'The language of the text' })
  locale: string | null;

  @Field(() => Int, { nullable: true, description: 'SMS segments of the text' })
  segments: number | null;

  @Field(() => SmsEncodingEnum, { nullable: true, description: 'SMS encoding of the text' })
  encoding: SmsEncoding | null;

  @Field(() => BusinessHoursStatus, { description: "The team's business hours at the activity's time" })
  businessHours: BusinessHoursStatus;

  @Field(() => String, {
    nullable: true,
    description:
      'Where a missed call would be logged (as MissedCall.ticketRule: RING_LAST_ADVISOR, MISSED_CALL_TICKET, …); VOICEMAIL_TICKET for a voicemail; null otherwise',
  })
  ticketRule: string | null;

  @Field(() => String, { nullable: true, description: 'The number of the ticket it would create (MC-…, VM-…)' })
  ticketNumber: string | null;

  @Field(() => [String], { description: "Each step of the decision in plain words, in the team's language (en, de)" })
  explanation: string[];
}

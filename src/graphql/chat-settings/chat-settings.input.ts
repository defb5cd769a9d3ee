import { Field, ID, InputType, Int } from 'type-graphql';
import type { SenderIdentity, Trigger } from '../../domain/chat-settings/triggers';
import { AutomatedMessageTriggerEnum, SenderIdentityEnum } from '../enums';

@InputType()
export class OptionalElementInput {
  @Field()
  key: string;

  @Field(() => Boolean, { nullable: true })
  enabled?: boolean | null;

  @Field(() => String, { nullable: true, description: 'The text for the response input\'s locale; the default text resets it' })
  text?: string | null;
}

@InputType()
export class AutomatedResponseInput {
  @Field(() => AutomatedMessageTriggerEnum)
  trigger: Trigger;

  @Field(() => Boolean, { nullable: true })
  enabled?: boolean | null;

  @Field(() => String, { nullable: true, description: "The text for `locale` (default: the team's default locale)" })
  template?: string | null;

  @Field(() => String, { nullable: true })
  locale?: string | null;

  @Field(() => [OptionalElementInput], { nullable: true })
  optionalElements?: OptionalElementInput[] | null;

  @Field(() => Int, { nullable: true, description: '0…10080' })
  cooldownMinutes?: number | null;
}

@InputType({ description: '"Save": every given field is validated, then all are applied in one transaction, or none' })
export class UpdateChatSettingsInput {
  @Field(() => ID)
  teamId: string;

  @Field(() => Int, { nullable: true, description: 'When given and stale: CONFLICT, nothing saved' })
  expectedVersion?: number | null;

  @Field(() => SenderIdentityEnum, { nullable: true })
  senderIdentity?: SenderIdentity | null;

  @Field(() => String, { nullable: true, description: 'null or "" clears it' })
  companyName?: string | null;

  @Field(() => String, { nullable: true, description: 'null or "" clears it' })
  teamName?: string | null;

  @Field(() => Boolean, { nullable: true })
  createMissedCallTickets?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  ringLastAdvisor?: boolean | null;

  @Field(() => String, { nullable: true, description: 'IANA time zone' })
  timeZone?: string | null;

  @Field(() => String, { nullable: true, description: 'en or de' })
  defaultLocale?: string | null;

  @Field(() => String, { nullable: true, description: 'https URL; null or "" clears it' })
  voiceHubUrl?: string | null;

  @Field(() => [AutomatedResponseInput], { nullable: true })
  automatedResponses?: AutomatedResponseInput[] | null;
}

import { Field, ID, InputType, Int } from 'type-graphql';
import type { SenderIdentity, Trigger } from '../../domain/chat-settings/triggers';
import { AutomatedMessageTriggerEnum, SenderIdentityEnum } from '../enums';

@InputType({ description: 'Changes to one optional sentence of a response' })
export class OptionalElementInput {
  @Field({ description: "The element's key, as AutomatedResponse.optionalElements lists it" })
  key: string;

  @Field(() => Boolean, { description: 'Switch the sentence on or off', nullable: true })
  enabled?: boolean | null;

  @Field(() => String, {
    nullable: true,
    description: "The text for the response input's locale; the default text resets it",
  })
  text?: string | null;
}

@InputType({ description: "Changes to one trigger's automated message" })
export class AutomatedResponseInput {
  @Field(() => AutomatedMessageTriggerEnum, { description: 'The trigger whose message changes' })
  trigger: Trigger;

  @Field(() => Boolean, { description: 'Switch the message on or off', nullable: true })
  enabled?: boolean | null;

  @Field(() => String, { nullable: true, description: "The text for `locale` (default: the team's default locale)" })
  template?: string | null;

  @Field(() => String, { description: 'en or de: the locale of `template` and the element texts', nullable: true })
  locale?: string | null;

  @Field(() => [OptionalElementInput], { description: 'Changes to optional sentences, by key', nullable: true })
  optionalElements?: OptionalElementInput[] | null;

  @Field(() => Int, { nullable: true, description: '0…10080' })
  cooldownMinutes?: number | null;
}

@InputType({ description: '"Save": every given field is validated, then all are applied in one transaction, or none' })
export class UpdateChatSettingsInput {
  @Field(() => ID, { description: 'The team whose settings to save' })
  teamId: string;

  @Field(() => Int, { nullable: true, description: 'When given and stale: CONFLICT, nothing saved' })
  expectedVersion?: number | null;

  @Field(() => SenderIdentityEnum, { description: 'Whether messages name the company or the team', nullable: true })
  senderIdentity?: SenderIdentity | null;

  @Field(() => String, { nullable: true, description: 'null or "" clears it' })
  companyName?: string | null;

  @Field(() => String, { nullable: true, description: 'null or "" clears it' })
  teamName?: string | null;

  @Field(() => Boolean, { description: 'Create a MISSED_CALL ticket for each missed call', nullable: true })
  createMissedCallTickets?: boolean | null;

  @Field(() => Boolean, { description: "Log missed calls on the caller's recent open ticket (RLA)", nullable: true })
  ringLastAdvisor?: boolean | null;

  @Field(() => String, { nullable: true, description: 'IANA time zone' })
  timeZone?: string | null;

  @Field(() => String, { nullable: true, description: 'en or de' })
  defaultLocale?: string | null;

  @Field(() => String, { nullable: true, description: 'https URL; null or "" clears it' })
  voiceHubUrl?: string | null;

  @Field(() => [AutomatedResponseInput], {
    description: 'Changes per trigger; triggers not listed stay as they are',
    nullable: true,
  })
  automatedResponses?: AutomatedResponseInput[] | null;
}

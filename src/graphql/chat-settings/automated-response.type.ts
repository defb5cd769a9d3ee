import { Field, Int, ObjectType } from 'type-graphql';
import type { ContactChannel, Trigger } from '../../domain/chat-settings/triggers';
import type { StoredChatSettings } from '../../domain/ports';
import { AutomatedMessageTriggerEnum, ContactChannelEnum, SmsEncodingEnum } from '../enums';
import { SettingsWarning } from './settings-warning.type';

@ObjectType({ description: 'A placeholder a template of this trigger may use' })
export class PlaceholderInfo {
  @Field({ description: 'Used as {{name}} or {{name|fallback}}' })
  name: string;

  @Field()
  description: string;

  @Field({ description: 'The value previews use' })
  sample: string;
}

@ObjectType({ description: 'An optional sentence appended to the message when enabled, in catalogue order' })
export class OptionalElement {
  @Field()
  key: string;

  @Field()
  label: string;

  @Field()
  enabled: boolean;

  @Field({ description: 'The text in the requested locale (custom or default)' })
  text: string;

  @Field()
  defaultText: string;

  @Field()
  isCustomized: boolean;
}

@ObjectType({ description: 'A rendered message with what it costs to send by SMS' })
export class MessagePreview {
  @Field()
  text: string;

  @Field(() => Int, { description: 'Characters as the customer sees them' })
  length: number;

  @Field(() => SmsEncodingEnum)
  encoding: string;

  @Field(() => Int)
  segments: number;

  @Field({ description: 'The locale whose text was rendered' })
  locale: string;

  @Field(() => [SettingsWarning], { description: 'How real messages differ from this preview (e.g. SENDER_NAME_MISSING: the sample name is not sent); [] when nothing' })
  warnings: SettingsWarning[];
}

@ObjectType({ description: 'The automated message of one trigger, as the admin page shows it' })
export class AutomatedResponse {
  /** Not a field: what preview renders from. */
  stored: StoredChatSettings;

  @Field(() => AutomatedMessageTriggerEnum)
  trigger: Trigger;

  @Field()
  label: string;

  @Field()
  description: string;

  @Field(() => [ContactChannelEnum])
  channels: ContactChannel[];

  @Field()
  enabled: boolean;

  @Field({ description: "The text in the requested locale (the team's default locale unless asked otherwise)" })
  template: string;

  @Field()
  defaultTemplate: string;

  @Field()
  isCustomized: boolean;

  @Field({ description: 'Locale of template and defaultTemplate' })
  locale: string;

  @Field(() => [PlaceholderInfo])
  placeholders: PlaceholderInfo[];

  @Field(() => [OptionalElement])
  optionalElements: OptionalElement[];

  @Field(() => Int, { description: 'No repeat of this trigger to the same recipient within this many minutes' })
  cooldownMinutes: number;
}

import { Directive, Field, Int, ObjectType } from 'type-graphql';
import { CATALOGUE } from '../../domain/chat-settings/catalogue';
import { assumedSize } from '../limits/list-size';
import { SETTINGS_WARNING_CODES } from '../../domain/chat-settings/settings-warnings';
import { CONTACT_CHANNELS, type ContactChannel, type Trigger } from '../../domain/chat-settings/triggers';
import type { StoredChatSettings } from '../../domain/ports';
import { AutomatedMessageTriggerEnum, ContactChannelEnum, SmsEncodingEnum } from '../enums';
import { SettingsWarning } from './settings-warning.type';

const MOST_PLACEHOLDERS = Math.max(...CATALOGUE.map((spec) => spec.placeholders.length));
const MOST_OPTIONAL_ELEMENTS = Math.max(...CATALOGUE.map((spec) => spec.optionalElements.length));

@ObjectType({ description: 'A placeholder a template of this trigger may use' })
export class PlaceholderInfo {
  @Field({ description: 'Used as {{name}} or {{name|fallback}}' })
  name: string;

  @Field({ description: 'What the placeholder stands for' })
  description: string;

  @Field({ description: 'The value previews use' })
  sample: string;
}

@ObjectType({ description: 'An optional sentence appended to the message when enabled, in catalogue order' })
export class OptionalElement {
  @Field({ description: 'Stable key, used in OptionalElementInput' })
  key: string;

  @Field({ description: 'The name on the admin page' })
  label: string;

  @Field({ description: 'Whether the sentence is appended' })
  enabled: boolean;

  @Field({ description: 'The text in the requested locale (custom or default)' })
  text: string;

  @Field({ description: 'The shipped default text in this locale' })
  defaultText: string;

  @Field({ description: 'The team stored its own text for this locale' })
  isCustomized: boolean;
}

@ObjectType({ description: 'A rendered message with what it costs to send by SMS' })
export class MessagePreview {
  @Field({ description: 'The rendered message' })
  text: string;

  @Field(() => Int, { description: 'Characters as the customer sees them' })
  length: number;

  @Field(() => SmsEncodingEnum, { description: 'The SMS encoding the text needs' })
  encoding: string;

  @Field(() => Int, { description: 'SMS segments the text takes' })
  segments: number;

  @Field({ description: 'The locale whose text was rendered' })
  locale: string;

  @Directive(assumedSize(SETTINGS_WARNING_CODES.length))
  @Field(() => [SettingsWarning], {
    description:
      'How real messages differ from this preview (e.g. SENDER_NAME_MISSING: the sample name is not sent); [] when nothing',
  })
  warnings: SettingsWarning[];
}

@ObjectType({ description: 'The automated message of one trigger, as the admin page shows it' })
export class AutomatedResponse {
  /** Not a field: what preview renders from. */
  stored: StoredChatSettings;

  @Field(() => AutomatedMessageTriggerEnum, { description: 'The trigger this message responds to' })
  trigger: Trigger;

  @Field({ description: 'The short name on the admin page' })
  label: string;

  @Field({ description: 'When the trigger fires, in plain words' })
  description: string;

  @Directive(assumedSize(CONTACT_CHANNELS.length))
  @Field(() => [ContactChannelEnum], { description: 'Where the trigger can fire' })
  channels: ContactChannel[];

  @Field({ description: 'Whether the message is sent when the trigger applies' })
  enabled: boolean;

  @Field({ description: "The text in the requested locale (the team's default locale unless asked otherwise)" })
  template: string;

  @Field({ description: 'The shipped default text in this locale' })
  defaultTemplate: string;

  @Field({ description: 'The team stored its own text for this locale' })
  isCustomized: boolean;

  @Field({ description: 'Locale of template and defaultTemplate' })
  locale: string;

  @Directive(assumedSize(MOST_PLACEHOLDERS))
  @Field(() => [PlaceholderInfo], { description: 'The placeholders this trigger allows' })
  placeholders: PlaceholderInfo[];

  @Directive(assumedSize(MOST_OPTIONAL_ELEMENTS))
  @Field(() => [OptionalElement], { description: 'Optional sentences, in catalogue order' })
  optionalElements: OptionalElement[];

  @Field(() => Int, { description: 'No repeat of this trigger to the same recipient within this many minutes' })
  cooldownMinutes: number;
}

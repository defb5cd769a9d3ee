import { registerEnumType } from 'type-graphql';
import { ROLES } from '../domain/access';
import {
  CONTACT_CHANNELS,
  MESSAGE_CHANNELS,
  SENDER_IDENTITIES,
  TRIGGERS,
} from '../domain/chat-settings/triggers';

/** GraphQL enums straight from the domain's value lists, so the two cannot drift apart. */
function enumOf<const T extends readonly string[]>(values: T): { [K in T[number]]: K } {
  return Object.fromEntries(values.map((v) => [v, v])) as { [K in T[number]]: K };
}

export const AutomatedMessageTriggerEnum = enumOf(TRIGGERS);
registerEnumType(AutomatedMessageTriggerEnum, {
  name: 'AutomatedMessageTrigger',
  description: 'What an automated message responds to (PRODUCT.md §2), in the order the admin page shows them',
});

export const ContactChannelEnum = enumOf(CONTACT_CHANNELS);
registerEnumType(ContactChannelEnum, { name: 'ContactChannel', description: 'Where a trigger can fire' });

export const MessageChannelEnum = enumOf(MESSAGE_CHANNELS);
registerEnumType(MessageChannelEnum, { name: 'MessageChannel', description: 'Where a message goes' });

export const SenderIdentityEnum = enumOf(SENDER_IDENTITIES);
registerEnumType(SenderIdentityEnum, {
  name: 'SenderIdentity',
  description: 'Whether messages name the company or the team',
});

export const RoleEnum = enumOf(ROLES);
registerEnumType(RoleEnum, { name: 'Role' });

export const SmsEncodingEnum = enumOf(['GSM_7', 'UCS_2'] as const);
registerEnumType(SmsEncodingEnum, { name: 'SmsEncoding', description: 'GSM_7 (160/153 per segment) or UCS_2 (70/67)' });

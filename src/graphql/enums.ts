import { registerEnumType } from 'type-graphql';
import { ADVISOR_ACTIONS, CALL_PHASES, TICKET_EVENT_TYPES, TICKET_SOURCES } from '../domain/automation/activity';
import { AUTOMATION_DECISIONS, SUPPRESSION_REASONS } from '../domain/automation/decide';
import { ROLES } from '../domain/access';
import {
  CONTACT_CHANNELS,
  MESSAGE_CHANNELS,
  SENDER_IDENTITIES,
  TRIGGERS,
} from '../domain/chat-settings/triggers';
import { DAYS_OF_WEEK, RING_PLAN_KINDS } from '../domain/ring-plans/ring-plan';
import { SETTINGS_WARNING_CODES } from '../domain/chat-settings/settings-warnings';

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

export const RingPlanKindEnum = enumOf(RING_PLAN_KINDS);
registerEnumType(RingPlanKindEnum, {
  name: 'RingPlanKind',
  description: 'OPEN: business hours; CLOSED: a holiday or closure overlay (the team is closed while it wins)',
});

export const DayOfWeekEnum = enumOf(DAYS_OF_WEEK);
registerEnumType(DayOfWeekEnum, { name: 'DayOfWeek' });

export const CallPhaseEnum = enumOf(CALL_PHASES);
registerEnumType(CallPhaseEnum, { name: 'CallPhase', description: 'Where the call was when it ended' });

export const TicketEventTypeEnum = enumOf(TICKET_EVENT_TYPES);
registerEnumType(TicketEventTypeEnum, { name: 'TicketEventType' });

export const TicketSourceEnum = enumOf(TICKET_SOURCES);
registerEnumType(TicketSourceEnum, { name: 'TicketSource' });

export const TicketStatusEnum = enumOf(['OPEN', 'RESOLVED', 'CLOSED'] as const);
registerEnumType(TicketStatusEnum, { name: 'TicketStatus', description: 'Only OPEN tickets take missed calls' });

export const AdvisorActionEnum = enumOf(ADVISOR_ACTIONS);
registerEnumType(AdvisorActionEnum, { name: 'AdvisorAction' });

export const AutomationDecisionEnum = enumOf(AUTOMATION_DECISIONS);
registerEnumType(AutomationDecisionEnum, {
  name: 'AutomationDecision',
  description: 'DISPATCHED: the message was sent; SUPPRESSED: a trigger applied but nothing was sent; NO_TRIGGER: no trigger applies',
});

export const SuppressionReasonEnum = enumOf(SUPPRESSION_REASONS);
registerEnumType(SuppressionReasonEnum, { name: 'SuppressionReason', description: 'Why a selected trigger sent nothing' });

export const SettingsWarningCodeEnum = enumOf(SETTINGS_WARNING_CODES);
registerEnumType(SettingsWarningCodeEnum, {
  name: 'SettingsWarningCode',
  description: 'What in the settings makes messages go out other than expected',
  valuesConfig: { SENDER_NAME_MISSING: { description: 'Neither a company nor a team name is set: {{senderName}} renders empty' } },
});

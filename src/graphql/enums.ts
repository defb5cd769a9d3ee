import { registerEnumType } from 'type-graphql';
import { ADVISOR_ACTIONS, CALL_PHASES, TICKET_EVENT_TYPES, TICKET_SOURCES } from '../domain/automation/activity';
import { AUTOMATION_DECISIONS, SUPPRESSION_REASONS } from '../domain/automation/decide';
import { ROLES } from '../domain/access';
import { CONTACT_CHANNELS, MESSAGE_CHANNELS, SENDER_IDENTITIES, TRIGGERS } from '../domain/chat-settings/triggers';
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
  valuesConfig: {
    CUSTOMER_HUNG_UP: {
      description: 'An inbound call ended unanswered while ringing, after the greeting or after a menu selection',
    },
    VOICEMAIL_LEFT: { description: 'The caller left a voicemail' },
    CALL_COMPLETED_WITH_TICKET: { description: 'An answered call ended and a ticket is linked to it' },
    ADVISOR_RATING_REQUESTED: { description: 'A ticket was closed, or an advisor asked for a rating' },
    ISSUE_RESOLVED: { description: 'A ticket was marked resolved: asks the customer to confirm' },
    FIRST_CHAT_MESSAGE: { description: "The customer's first inbound message of a conversation" },
    PHOTO_VIDEO_REQUESTED: { description: 'An advisor asked for a photo or video' },
    VOICEHUB_SHARED: { description: "An advisor shared the team's contact page (VoiceHub)" },
    AFTER_HOURS_CALL: { description: 'A call arrived while no ring plan was active' },
    MISSED_CALL: { description: 'The caller hung up during the voicemail greeting or the call-menu options' },
    APPROVAL_REQUESTED: { description: 'An advisor asked for an approval' },
    PAYMENT_REQUESTED: { description: 'An advisor asked for a payment' },
    AFTER_HOURS_MESSAGE: { description: 'An SMS or WhatsApp message arrived while no ring plan was active' },
    AFTER_HOURS_TICKET: {
      description: 'The customer created a ticket in the web or mobile app while no ring plan was active',
    },
  },
});

export const ContactChannelEnum = enumOf(CONTACT_CHANNELS);
registerEnumType(ContactChannelEnum, {
  name: 'ContactChannel',
  description: 'Where a trigger can fire',
  valuesConfig: {
    PHONE: { description: 'A phone call (its message goes by SMS to the caller)' },
    SMS: { description: 'SMS' },
    WHATSAPP: { description: 'WhatsApp' },
    WEB: { description: 'Web chat' },
    MOBILE_APP: { description: 'The mobile app' },
  },
});

export const MessageChannelEnum = enumOf(MESSAGE_CHANNELS);
registerEnumType(MessageChannelEnum, {
  name: 'MessageChannel',
  description: 'Where a message goes',
  valuesConfig: {
    SMS: { description: "SMS to the customer's phone number" },
    WHATSAPP: { description: 'WhatsApp' },
    WEB: { description: 'Web chat' },
    MOBILE_APP: { description: 'The mobile app' },
  },
});

export const SenderIdentityEnum = enumOf(SENDER_IDENTITIES);
registerEnumType(SenderIdentityEnum, {
  name: 'SenderIdentity',
  description: 'Whether messages name the company or the team',
  valuesConfig: {
    COMPANY_NAME: { description: 'Messages name the company (companyName, else teamName)' },
    TEAM_NAME: { description: 'Messages name the team (teamName, else companyName)' },
  },
});

export const RoleEnum = enumOf(ROLES);
registerEnumType(RoleEnum, { name: 'Role' });

export const SmsEncodingEnum = enumOf(['GSM_7', 'UCS_2'] as const);
registerEnumType(SmsEncodingEnum, {
  name: 'SmsEncoding',
  description: 'GSM_7 (160/153 per segment) or UCS_2 (70/67)',
  valuesConfig: {
    GSM_7: { description: 'The GSM 7-bit alphabet: 160 characters in one SMS, 153 per segment of a longer one' },
    UCS_2: {
      description: 'Unicode (any character outside GSM-7, e.g. emoji): 70 characters in one SMS, 67 per segment',
    },
  },
});

export const RingPlanKindEnum = enumOf(RING_PLAN_KINDS);
registerEnumType(RingPlanKindEnum, {
  name: 'RingPlanKind',
  description: 'OPEN: business hours; CLOSED: a holiday or closure overlay (the team is closed while it wins)',
  valuesConfig: {
    OPEN: { description: 'Business hours: the team is open while this plan wins' },
    CLOSED: { description: 'A holiday or closure overlay: the team is closed while this plan wins' },
  },
});

export const DayOfWeekEnum = enumOf(DAYS_OF_WEEK);
registerEnumType(DayOfWeekEnum, {
  name: 'DayOfWeek',
  description: "A weekday of a ring plan's opening window, in the plan's time zone",
  valuesConfig: {
    MONDAY: { description: 'Monday' },
    TUESDAY: { description: 'Tuesday' },
    WEDNESDAY: { description: 'Wednesday' },
    THURSDAY: { description: 'Thursday' },
    FRIDAY: { description: 'Friday' },
    SATURDAY: { description: 'Saturday' },
    SUNDAY: { description: 'Sunday' },
  },
});

export const CallPhaseEnum = enumOf(CALL_PHASES);
registerEnumType(CallPhaseEnum, {
  name: 'CallPhase',
  description: 'Where the call was when it ended',
  valuesConfig: {
    RINGING: { description: 'Waiting for an advisor (ringing)' },
    AFTER_GREETING: { description: 'After hearing the greeting' },
    AFTER_MENU_SELECTION: { description: 'After selecting a call-menu option' },
    MENU_OPTIONS: { description: 'While listening to the call-menu options' },
    VOICEMAIL_GREETING: { description: 'While listening to the voicemail greeting' },
    VOICEMAIL_RECORDED: { description: 'After leaving a voicemail' },
    ADVISOR_CONNECTED: { description: 'Answered: connected to an advisor' },
  },
});

export const TicketEventTypeEnum = enumOf(TICKET_EVENT_TYPES);
registerEnumType(TicketEventTypeEnum, {
  name: 'TicketEventType',
  description: 'What happened to a ticket in the ticketing system',
  valuesConfig: {
    CREATED: { description: 'The ticket was created' },
    RESOLVED: { description: 'The ticket was marked resolved' },
    CLOSED: { description: 'The ticket was closed' },
  },
});

export const TicketSourceEnum = enumOf(TICKET_SOURCES);
registerEnumType(TicketSourceEnum, {
  name: 'TicketSource',
  description: 'Where a ticket came from',
  valuesConfig: {
    PHONE: { description: 'A phone call' },
    MISSED_CALL: { description: 'A missed call (created by this service, numbered MC-…)' },
    VOICEMAIL: { description: 'A voicemail (created by this service, numbered VM-…)' },
    SMS: { description: 'An SMS' },
    WHATSAPP: { description: 'A WhatsApp message' },
    WEB: { description: 'The web app or web chat' },
    MOBILE_APP: { description: 'The mobile app' },
  },
});

export const TicketStatusEnum = enumOf(['OPEN', 'RESOLVED', 'CLOSED'] as const);
registerEnumType(TicketStatusEnum, {
  name: 'TicketStatus',
  description: 'Only OPEN tickets take missed calls',
  valuesConfig: {
    OPEN: { description: 'Open: missed calls of the caller may be logged on it' },
    RESOLVED: { description: 'Marked resolved' },
    CLOSED: { description: 'Closed' },
  },
});

export const AdvisorActionEnum = enumOf(ADVISOR_ACTIONS);
registerEnumType(AdvisorActionEnum, {
  name: 'AdvisorAction',
  description: 'What an advisor asked the customer for, or shared',
  valuesConfig: {
    REQUEST_PHOTO_VIDEO: { description: 'Ask for a photo or video (PHOTO_VIDEO_REQUESTED)' },
    SHARE_VOICEHUB: { description: "Share the team's contact page (VOICEHUB_SHARED)" },
    REQUEST_APPROVAL: { description: 'Ask for an approval (APPROVAL_REQUESTED)' },
    REQUEST_PAYMENT: { description: 'Ask for a payment (PAYMENT_REQUESTED)' },
    REQUEST_RATING: { description: 'Ask for a rating (ADVISOR_RATING_REQUESTED)' },
  },
});

export const AutomationDecisionEnum = enumOf(AUTOMATION_DECISIONS);
registerEnumType(AutomationDecisionEnum, {
  name: 'AutomationDecision',
  description:
    'DISPATCHED: the message was sent; SUPPRESSED: a trigger applied but nothing was sent; NO_TRIGGER: no trigger applies',
  valuesConfig: {
    DISPATCHED: { description: 'The message was recorded for sending and published on the feed' },
    SUPPRESSED: { description: 'A trigger applied but nothing was sent (see suppressionReason)' },
    NO_TRIGGER: { description: 'No trigger applies to this activity' },
  },
});

export const SuppressionReasonEnum = enumOf(SUPPRESSION_REASONS);
registerEnumType(SuppressionReasonEnum, {
  name: 'SuppressionReason',
  description: 'Why a selected trigger sent nothing',
  valuesConfig: {
    DISABLED: { description: "The trigger's message is switched off" },
    COOLDOWN: { description: "The same trigger went to the same recipient within the trigger's cooldown" },
    OPTED_OUT: { description: 'The recipient opted out (STOP) on this channel' },
    CHANNEL_NOT_SUPPORTED: { description: "The trigger cannot send on the activity's channel" },
    NO_RECIPIENT: { description: 'There is no one to send to (no phone number or conversation)' },
  },
});

export const SettingsWarningCodeEnum = enumOf(SETTINGS_WARNING_CODES);
registerEnumType(SettingsWarningCodeEnum, {
  name: 'SettingsWarningCode',
  description: 'What in the settings makes messages go out other than expected',
  valuesConfig: {
    SENDER_NAME_MISSING: { description: 'Neither a company nor a team name is set: {{senderName}} renders empty' },
  },
});

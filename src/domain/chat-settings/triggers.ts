/** The fourteen triggers, in the order of PRODUCT.md §2 (the order the admin page shows them). */
export const TRIGGERS = [
  'CUSTOMER_HUNG_UP',
  'VOICEMAIL_LEFT',
  'CALL_COMPLETED_WITH_TICKET',
  'ADVISOR_RATING_REQUESTED',
  'ISSUE_RESOLVED',
  'FIRST_CHAT_MESSAGE',
  'PHOTO_VIDEO_REQUESTED',
  'VOICEHUB_SHARED',
  'AFTER_HOURS_CALL',
  'MISSED_CALL',
  'APPROVAL_REQUESTED',
  'PAYMENT_REQUESTED',
  'AFTER_HOURS_MESSAGE',
  'AFTER_HOURS_TICKET',
] as const;
export type Trigger = (typeof TRIGGERS)[number];

/** Where a trigger can fire. */
export const CONTACT_CHANNELS = ['PHONE', 'SMS', 'WHATSAPP', 'WEB', 'MOBILE_APP'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

/** Where a message goes (phone triggers go out by SMS). */
export const MESSAGE_CHANNELS = ['SMS', 'WHATSAPP', 'WEB', 'MOBILE_APP'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];

export const SENDER_IDENTITIES = ['COMPANY_NAME', 'TEAM_NAME'] as const;
export type SenderIdentity = (typeof SENDER_IDENTITIES)[number];

/** Locales that ship default texts. */
export const SUPPORTED_LOCALES = ['en', 'de'] as const;
export type SupportedLocale = (typeof SUPPORTED_LOCALES)[number];

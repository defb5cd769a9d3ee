/**
 * Every `extensions.reason` the service answers with, and what it means. Clients branch on these
 * codes, so they are public contract: add a code here (the README table is generated from this
 * one and a test keeps the two in step), never rename one.
 */
export const REASONS = {
  // Access
  UNAUTHENTICATED: 'no valid bearer token was sent',
  FORBIDDEN: 'the token does not give access to this team (or this action)',

  // Identifiers and pages
  INVALID_TEAM_ID: 'a team id is not 1–64 letters, digits or "_.:-" starting with a letter or digit',
  INVALID_ID: 'an id (call, conversation, ticket) is empty or too long',
  INVALID_EVENT_ID: 'the eventId is empty or too long',
  INVALID_TICKET_NUMBER: 'a ticket number is empty or too long',
  INVALID_PAGE_SIZE: '`first` is outside 1 … the page-size limit',
  INVALID_CURSOR: "a cursor (`after`) is not a cursor of this list or of this team's log",
  UNKNOWN_MESSAGE: "no message of this team has this id (another team's message answers the same)",

  // Activities
  INVALID_ACTIVITY_KIND: 'the activity is none of call ended, inbound message, ticket event, advisor action',
  EXACTLY_ONE_INPUT: 'exactly one of the alternative inputs must be given (dry run, erasure)',
  INVALID_TIME_ORDER: 'startedAt is after occurredAt',
  INVALID_TIME: 'a date-time is not valid',
  TIME_IN_FUTURE: 'a date-time is more than 5 minutes in the future',
  INVALID_INSTANT: 'the instant to evaluate business hours at is not a valid date',
  INVALID_PHONE: 'a phone number is not an E.164 number like +4930123456',
  INVALID_RECIPIENT: 'the activity names no usable recipient for its channel',
  INVALID_LOCALE: 'a locale is not a language tag like de, de-AT or en-GB',
  INVALID_ENUM_VALUE: 'a value is not one of the allowed values (listed in `extensions.allowed`)',
  INVALID_CHANNEL: 'the channel cannot be used here (opt-outs are kept for SMS and WHATSAPP only)',
  TEXT_TOO_LONG: 'a text is longer than allowed (`extensions.max`)',
  INVALID_LINK: 'a link is not an https URL',
  INVALID_CURRENCY: 'a currency is missing or not an ISO 4217 code like EUR',
  INVALID_AMOUNT: "an amount is not a positive number with the currency's decimals",
  SENDER_NAME_MISSING: 'the message would be signed with a company or team name that is not set',

  // Chat settings and templates
  STALE_VERSION: 'the settings changed since `expectedVersion`; reload and save again',
  UNKNOWN_TRIGGER: 'a trigger is not one of the catalogue',
  DUPLICATE_TRIGGER: 'a trigger appears more than once in one save',
  UNKNOWN_OPTIONAL_ELEMENT: 'an optional element is not one the trigger offers',
  DUPLICATE_OPTIONAL_ELEMENT: 'an optional element appears more than once in one response',
  INVALID_COOLDOWN: 'a cooldown is outside 0 … 10,080 minutes',
  INVALID_SENDER_IDENTITY: 'the sender identity is neither COMPANY_NAME nor TEAM_NAME',
  NAME_TOO_LONG: 'a company or team name is longer than 100 characters',
  INVALID_TIME_ZONE: 'a time zone is not an IANA time zone such as Europe/Berlin',
  UNSUPPORTED_LOCALE: 'a locale is not one the texts are kept in (en, de)',
  INVALID_URL: 'the VoiceHub link is not a complete https:// address',
  TEMPLATE_EMPTY: 'a message text is empty',
  TEMPLATE_TOO_LONG: 'a message text is longer than allowed',
  TEMPLATE_UNCLOSED_PLACEHOLDER: 'a "{{" has no "}}" or a "}}" has no "{{"',
  TEMPLATE_EMPTY_PLACEHOLDER: 'a placeholder has no name',
  TEMPLATE_UNKNOWN_PLACEHOLDER: 'a placeholder is not one this trigger offers (listed in `extensions.allowed`)',
  INVALID_PREVIEW_VALUES: 'the preview values are not an object of placeholder names to values',
  INVALID_PREVIEW_VALUE: 'a preview value is not text, a number or a boolean',

  // Ring plans
  RING_PLAN_NOT_FOUND: 'no ring plan of this team has this id',
  RING_PLAN_INVALID_NAME: 'a ring plan name is empty or too long',
  RING_PLAN_INVALID_TIME_ZONE: "a ring plan's time zone is not an IANA time zone",
  RING_PLAN_INVALID_KIND: 'a ring plan kind is not one of the allowed kinds',
  RING_PLAN_INVALID_VALIDITY: 'validFrom is after validUntil',
  RING_PLAN_INVALID_DATE: 'a date is not in the form YYYY-MM-DD',
  RING_PLAN_INVALID_DAY: "a window's day is not a day of the week",
  RING_PLAN_INVALID_TIME: 'an opening or closing time is not HH:MM in range',
  RING_PLAN_EMPTY_WINDOW: 'a window opens and closes at the same time',
  RING_PLAN_OVERLAPPING_WINDOWS: 'two windows of one plan overlap',
  RING_PLAN_TOO_MANY_WINDOWS: 'a ring plan has more windows than allowed',
  RING_PLAN_LIMIT_REACHED: 'the team already has the most ring plans allowed',

  // Delivery and dashboard figures
  NOT_DISPATCHED: 'only DISPATCHED messages get a delivery status',
  TOO_MANY_BUCKETS: 'the statistics range holds more than 2,000 buckets',
  INVALID_RANGE: '`until` is not after `since`',

  // Feed
  FEED_LAG_EXCEEDED:
    'the subscription fell more than FEED_MAX_LAG messages behind; resubscribe after `extensions.resumeAfter`',

  // Limits and hostile input
  QUERY_TOO_DEEP: 'the query is nested deeper than the depth limit',
  TOO_MANY_ALIASES: 'the query has more aliases than allowed',
  QUERY_TOO_COSTLY: "the query's estimated cost (from list sizes) is over the limit",
  TOO_MANY_TOKENS: 'the query has more tokens than allowed',
  INVALID_STRING: 'a string holds a NUL character or an unpaired surrogate',
  INPUT_TOO_DEEP:
    'a variable, JSON argument or _Any representation is nested deeper than INPUT_MAX_JSON_DEPTH (32) levels',
  BODY_TOO_LARGE: 'the request body is larger than MAX_BODY_BYTES (HTTP 413)',
  INVALID_BODY: 'the request body is not JSON (HTTP 400)',
  INVALID_REPRESENTATION: 'an _entities representation has an unknown __typename or lacks its key fields',

  // Unavailable (retry later, same request)
  TEAM_BUSY:
    "the team's earlier activities, or its row locked by another instance or session, kept it busy past TEAM_WAIT_MS",
  DATABASE_BUSY: 'no database connection or statement could be had in time',
  DATABASE_UNAVAILABLE: 'the database does not answer',
} as const;

export type ReasonCode = keyof typeof REASONS;

export const REASON_CODES = Object.keys(REASONS) as ReasonCode[];

export const isReasonCode = (value: string): value is ReasonCode => Object.hasOwn(REASONS, value);

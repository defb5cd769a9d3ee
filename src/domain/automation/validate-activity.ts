import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { MESSAGE_CHANNELS, type MessageChannel } from '../chat-settings/triggers';
import { assertTeamIdFormat } from '../access';
import { badInput } from '../errors';
import type { ReasonCode } from '../reasons';
import {
  ADVISOR_ACTIONS,
  CALL_PHASES,
  TICKET_EVENT_TYPES,
  TICKET_SOURCES,
  type Activity,
  type AdvisorActionActivity,
  type CallEndedActivity,
  type InboundMessageActivity,
  type TicketEventActivity,
} from './activity';

/** Reporting services' clocks drift; anything later than this ahead of our clock is a bug upstream. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

export const EVENT_ID_MAX_LENGTH = 200;
export const ID_MAX_LENGTH = 200;
export const TICKET_NUMBER_MAX_LENGTH = 50;
export const NAME_MAX_LENGTH = 100;
export const BODY_MAX_LENGTH = 5000;
export const LINK_MAX_LENGTH = 2048;
export const LOCALE_MAX_LENGTH = 35;
export const AMOUNT_MAX = 1e9;

/** Visual separators people type in numbers; letters, "ext." and surrounding text are refused. */
const PHONE_CHARS = /^\+[0-9 ()./-]+$/;
const PHONE_RAW_MAX_LENGTH = 32;
const LOCALE_PATTERN = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;
const CURRENCY_PATTERN = /^[A-Z]{3}$/;

const RECIPIENT_FIELD: Record<MessageChannel, 'phone' | 'conversationId'> = {
  SMS: 'phone',
  WHATSAPP: 'phone',
  WEB: 'conversationId',
  MOBILE_APP: 'conversationId',
};

/**
 * Checks an activity as reported and returns a normalised copy: strings trimmed, optional empty
 * strings dropped, phone numbers in E.164, locales canonical ("de-at" → "de-AT"). Throws a
 * BAD_USER_INPUT DomainError naming the input field at fault; nothing should be written then.
 */
export function validateActivity<A extends Activity>(activity: A, now: Date): A {
  const common = {
    eventId: requiredString(activity.eventId, 'eventId', EVENT_ID_MAX_LENGTH, 'INVALID_EVENT_ID'),
    teamId: validateTeamId(activity.teamId),
    customerName: optionalName(activity.customerName, 'customerName'),
    locale: optionalLocale(activity.locale),
  };
  let result: Activity;
  switch (activity.kind) {
    case 'CALL_ENDED':
      result = validateCallEnded(activity, common, now);
      break;
    case 'INBOUND_MESSAGE':
      result = validateInboundMessage(activity, common, now);
      break;
    case 'TICKET_EVENT':
      result = validateTicketEvent(activity, common, now);
      break;
    case 'ADVISOR_ACTION':
      result = validateAdvisorAction(activity, common, now);
      break;
    default:
      throw badInput('INVALID_ACTIVITY_KIND', 'Unknown activity kind', 'kind');
  }
  return withoutUndefined(result) as A;
}

type Common = Pick<Activity, 'eventId' | 'teamId' | 'customerName' | 'locale'>;

function validateCallEnded(a: CallEndedActivity, common: Common, now: Date): CallEndedActivity {
  const startedAt = validTime(a.startedAt, 'startedAt', now);
  const occurredAt = validTime(a.occurredAt, 'occurredAt', now);
  if (startedAt.getTime() > occurredAt.getTime()) {
    throw badInput('INVALID_TIME_ORDER', 'startedAt must not be after occurredAt', 'startedAt');
  }
  return {
    kind: 'CALL_ENDED',
    ...common,
    callId: requiredString(a.callId, 'callId', ID_MAX_LENGTH, 'INVALID_ID'),
    phone: normalisePhone(a.phone, 'phone'),
    startedAt,
    occurredAt,
    endedDuring: oneOf(a.endedDuring, CALL_PHASES, 'endedDuring'),
    ticketId: optionalString(a.ticketId, 'ticketId', ID_MAX_LENGTH, 'INVALID_ID'),
    ticketNumber: optionalString(a.ticketNumber, 'ticketNumber', TICKET_NUMBER_MAX_LENGTH, 'INVALID_TICKET_NUMBER'),
  };
}

function validateInboundMessage(a: InboundMessageActivity, common: Common, now: Date): InboundMessageActivity {
  const result: InboundMessageActivity = {
    kind: 'INBOUND_MESSAGE',
    ...common,
    channel: oneOf(a.channel, MESSAGE_CHANNELS, 'channel'),
    conversationId: requiredString(a.conversationId, 'conversationId', ID_MAX_LENGTH, 'INVALID_ID'),
    phone: optionalPhone(a.phone),
    body: optionalText(a.body, 'body', BODY_MAX_LENGTH),
    occurredAt: validTime(a.occurredAt, 'occurredAt', now),
  };
  requireRecipient(result);
  return result;
}

function validateTicketEvent(a: TicketEventActivity, common: Common, now: Date): TicketEventActivity {
  // No recipient check: a ticket whose customer cannot be reached is still a valid ticket
  // event (it keeps the open/closed state); its message is suppressed as NO_RECIPIENT.
  return {
    kind: 'TICKET_EVENT',
    ...common,
    ticketId: requiredString(a.ticketId, 'ticketId', ID_MAX_LENGTH, 'INVALID_ID'),
    number: requiredString(a.number, 'number', TICKET_NUMBER_MAX_LENGTH, 'INVALID_TICKET_NUMBER'),
    type: oneOf(a.type, TICKET_EVENT_TYPES, 'type'),
    source: oneOf(a.source, TICKET_SOURCES, 'source'),
    channel: a.channel == null ? undefined : oneOf(a.channel, MESSAGE_CHANNELS, 'channel'),
    conversationId: optionalString(a.conversationId, 'conversationId', ID_MAX_LENGTH, 'INVALID_ID'),
    phone: optionalPhone(a.phone),
    occurredAt: validTime(a.occurredAt, 'occurredAt', now),
  };
}

function validateAdvisorAction(a: AdvisorActionActivity, common: Common, now: Date): AdvisorActionActivity {
  const currency = optionalCurrency(a.currency);
  const result: AdvisorActionActivity = {
    kind: 'ADVISOR_ACTION',
    ...common,
    action: oneOf(a.action, ADVISOR_ACTIONS, 'action'),
    channel: oneOf(a.channel, MESSAGE_CHANNELS, 'channel'),
    conversationId: optionalString(a.conversationId, 'conversationId', ID_MAX_LENGTH, 'INVALID_ID'),
    phone: optionalPhone(a.phone),
    advisorName: optionalName(a.advisorName, 'advisorName'),
    ticketId: optionalString(a.ticketId, 'ticketId', ID_MAX_LENGTH, 'INVALID_ID'),
    link: optionalLink(a.link),
    amount: optionalAmount(a.amount, currency),
    currency,
    occurredAt: validTime(a.occurredAt, 'occurredAt', now),
  };
  requireRecipient(result);
  return result;
}

/**
 * The customer writes or is written to on `channel`, so the address for that channel must be
 * there: without it the activity itself is malformed (unlike a ticket event).
 */
function requireRecipient(a: InboundMessageActivity | AdvisorActionActivity): void {
  const field = RECIPIENT_FIELD[a.channel];
  if (a[field] === undefined) {
    throw badInput(
      'INVALID_RECIPIENT',
      field === 'phone'
        ? `phone is required for channel ${a.channel}`
        : `conversationId is required for channel ${a.channel}`,
      field,
    );
  }
}

/**
 * Normalises a phone number to E.164. A leading "+" is required (we never guess a country);
 * spaces, dashes, dots, slashes and parentheses are accepted as separators, so
 * "+49 (0)30 123-4567" becomes "+49301234567".
 */
export function normalisePhone(value: unknown, field = 'phone'): string {
  const invalid = () => badInput('INVALID_PHONE', `${field} must be an E.164 number like +4930123456`, field);
  if (typeof value !== 'string') throw invalid();
  const raw = value.trim();
  if (raw.length > PHONE_RAW_MAX_LENGTH || !PHONE_CHARS.test(raw)) throw invalid();
  const parsed = parsePhoneNumberFromString(raw);
  if (!parsed || !parsed.isValid() || parsed.ext) throw invalid();
  return parsed.number;
}

/** Team ids follow the one rule of access.ts (they are matched against the token's teams as given). */
export function validateTeamId(value: unknown, field = 'teamId'): string {
  if (typeof value !== 'string') throw badInput('INVALID_TEAM_ID', `${field} must be a string`, field);
  assertTeamIdFormat(value, field);
  return value;
}

/** Accepts BCP 47 tags such as "de", "de-AT", "en-GB"; "de_AT" is read as "de-AT". */
export function normaliseLocale(value: string, field = 'locale'): string {
  const tag = value.trim().replace(/_/g, '-');
  const invalid = () => badInput('INVALID_LOCALE', `${field} must be a language tag like de, de-AT or en-GB`, field);
  if (tag.length > LOCALE_MAX_LENGTH || !LOCALE_PATTERN.test(tag)) throw invalid();
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    if (!canonical) throw invalid();
    return canonical;
  } catch {
    throw invalid();
  }
}

function optionalLocale(value: unknown): string | undefined {
  const s = optionalRaw(value, 'locale', 'INVALID_LOCALE');
  return s === undefined ? undefined : normaliseLocale(s);
}

function optionalPhone(value: unknown): string | undefined {
  const s = optionalRaw(value, 'phone', 'INVALID_PHONE');
  return s === undefined ? undefined : normalisePhone(s);
}

function validTime(value: unknown, field: string, now: Date): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw badInput('INVALID_TIME', `${field} must be a valid date-time`, field);
  }
  if (value.getTime() - now.getTime() > MAX_CLOCK_SKEW_MS) {
    throw badInput('TIME_IN_FUTURE', `${field} must not be more than 5 minutes in the future`, field, {
      now: now.toISOString(),
    });
  }
  return new Date(value.getTime());
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw badInput('INVALID_ENUM_VALUE', `${field} must be one of ${allowed.join(', ')}`, field, { allowed });
}

function requiredString(value: unknown, field: string, max: number, code: ReasonCode): string {
  const s = typeof value === 'string' ? value.trim() : '';
  if (s.length === 0 || s.length > max) {
    throw badInput(code, `${field} must be a non-empty string of at most ${max} characters`, field);
  }
  return s;
}

function optionalString(value: unknown, field: string, max: number, code: ReasonCode): string | undefined {
  const s = optionalRaw(value, field, code);
  if (s !== undefined && s.length > max) {
    throw badInput(code, `${field} must be at most ${max} characters`, field);
  }
  return s;
}

/** Trimmed string, or undefined for null/undefined/blank; anything else is refused. */
function optionalRaw(value: unknown, field: string, code: ReasonCode): string | undefined {
  if (value == null) return undefined;
  if (typeof value !== 'string') throw badInput(code, `${field} must be a string`, field);
  const s = value.trim();
  return s.length === 0 ? undefined : s;
}

function optionalText(value: unknown, field: string, max: number): string | undefined {
  const s = optionalRaw(value, field, 'TEXT_TOO_LONG');
  if (s !== undefined && codePoints(s) > max) {
    throw badInput('TEXT_TOO_LONG', `${field} must be at most ${max} characters`, field, { max });
  }
  return s;
}

/** Names go into messages, so line breaks and runs of spaces are folded to one space. */
function optionalName(value: unknown, field: string): string | undefined {
  const s = optionalText(value, field, NAME_MAX_LENGTH);
  return s === undefined ? undefined : s.replace(/\s+/g, ' ');
}

function optionalLink(value: unknown): string | undefined {
  const s = optionalRaw(value, 'link', 'INVALID_LINK');
  if (s === undefined) return undefined;
  const invalid = () => badInput('INVALID_LINK', 'link must be an https URL', 'link');
  if (s.length > LINK_MAX_LENGTH || /\s/.test(s)) throw invalid();
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    throw invalid();
  }
  // Credentials in a link sent to a customer are a leak, not a feature.
  if (url.protocol !== 'https:' || url.hostname === '' || url.username !== '' || url.password !== '') {
    throw invalid();
  }
  return s;
}

function optionalCurrency(value: unknown): string | undefined {
  const s = optionalRaw(value, 'currency', 'INVALID_CURRENCY');
  if (s === undefined) return undefined;
  if (!CURRENCY_PATTERN.test(s) || !Intl.supportedValuesOf('currency').includes(s)) {
    throw badInput('INVALID_CURRENCY', 'currency must be an ISO 4217 code like EUR', 'currency');
  }
  return s;
}

/**
 * A positive amount with no more decimals than the currency has minor units (EUR 2, JPY 0,
 * KWD 3), so what the customer is asked to pay is exactly what the advisor entered.
 */
function optionalAmount(value: unknown, currency: string | undefined): number | undefined {
  if (value == null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > AMOUNT_MAX) {
    throw badInput('INVALID_AMOUNT', `amount must be a number greater than 0 and at most ${AMOUNT_MAX}`, 'amount');
  }
  if (currency === undefined) {
    throw badInput('INVALID_CURRENCY', 'currency is required when amount is given', 'currency');
  }
  const digits = currencyDigits(currency);
  const scaled = value * 10 ** digits;
  if (Math.abs(scaled - Math.round(scaled)) > 1e-6) {
    throw badInput('INVALID_AMOUNT', `amount must have at most ${digits} decimals for ${currency}`, 'amount', {
      maxDecimals: digits,
    });
  }
  return value;
}

function currencyDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** Characters as people count them: an emoji is one, not two UTF-16 units. */
function codePoints(s: string): number {
  return Array.from(s).length;
}

/** Optional fields stay absent rather than present-but-undefined, so copies compare cleanly. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

import { DomainError } from '../errors';
import type {
  Activity,
  AdvisorActionActivity,
  CallEndedActivity,
  InboundMessageActivity,
  TicketEventActivity,
} from './activity';
import { normaliseLocale, normalisePhone, validateActivity } from './validate-activity';

const now = new Date('2026-03-02T10:00:00Z');
const later = (ms: number) => new Date(now.getTime() + ms);
const base = { eventId: 'evt-1', teamId: 'team-1' };

const call = (extra: Partial<CallEndedActivity> = {}): CallEndedActivity => ({
  ...base,
  kind: 'CALL_ENDED',
  callId: 'call-1',
  phone: '+4930123456',
  startedAt: later(-120_000),
  occurredAt: later(-60_000),
  endedDuring: 'RINGING',
  ...extra,
});

const message = (extra: Partial<InboundMessageActivity> = {}): InboundMessageActivity => ({
  ...base,
  kind: 'INBOUND_MESSAGE',
  channel: 'SMS',
  conversationId: 'conv-1',
  phone: '+4930123456',
  occurredAt: now,
  ...extra,
});

const ticket = (extra: Partial<TicketEventActivity> = {}): TicketEventActivity => ({
  ...base,
  kind: 'TICKET_EVENT',
  ticketId: 't-1',
  number: 'T-1',
  type: 'CREATED',
  source: 'WEB',
  occurredAt: now,
  ...extra,
});

const action = (extra: Partial<AdvisorActionActivity> = {}): AdvisorActionActivity => ({
  ...base,
  kind: 'ADVISOR_ACTION',
  action: 'REQUEST_PAYMENT',
  channel: 'WHATSAPP',
  phone: '+4930123456',
  occurredAt: now,
  ...extra,
});

/** Lets a table row put a value of the wrong type where the GraphQL layer would not. */
const raw = <T>(value: unknown) => value as T;

function errorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

describe('validateActivity rejects', () => {
  it.each<[string, Activity, string, string]>([
    ['empty eventId', call({ eventId: '  ' }), 'INVALID_EVENT_ID', 'eventId'],
    ['overlong eventId', call({ eventId: 'e'.repeat(201) }), 'INVALID_EVENT_ID', 'eventId'],
    ['empty teamId', message({ teamId: '' }), 'INVALID_TEAM_ID', 'teamId'],
    ['teamId with a space', message({ teamId: 'team 1' }), 'INVALID_TEAM_ID', 'teamId'],
    ['teamId starting with a dash', message({ teamId: '-team' }), 'INVALID_TEAM_ID', 'teamId'],
    ['overlong teamId', message({ teamId: 't'.repeat(65) }), 'INVALID_TEAM_ID', 'teamId'],
    ['phone without +', call({ phone: '030123456' }), 'INVALID_PHONE', 'phone'],
    ['phone 00-prefixed', call({ phone: '004930123456' }), 'INVALID_PHONE', 'phone'],
    ['phone too short', call({ phone: '+49 123' }), 'INVALID_PHONE', 'phone'],
    ['phone with unknown country code', call({ phone: '+999123456789' }), 'INVALID_PHONE', 'phone'],
    ['phone with letters', call({ phone: '+49 30 CALLNOW' }), 'INVALID_PHONE', 'phone'],
    ['phone with extension', call({ phone: '+4930123456 ext. 5' }), 'INVALID_PHONE', 'phone'],
    ['phone inside text', call({ phone: 'call +4930123456' }), 'INVALID_PHONE', 'phone'],
    ['empty phone on a call', call({ phone: '' }), 'INVALID_PHONE', 'phone'],
    ['bad optional phone', ticket({ phone: '12345' }), 'INVALID_PHONE', 'phone'],
    ['empty callId', call({ callId: ' ' }), 'INVALID_ID', 'callId'],
    ['empty conversationId', message({ channel: 'WEB', conversationId: '' }), 'INVALID_ID', 'conversationId'],
    ['empty ticketId', ticket({ ticketId: '' }), 'INVALID_ID', 'ticketId'],
    ['empty ticket number', ticket({ number: ' ' }), 'INVALID_TICKET_NUMBER', 'number'],
    ['overlong ticketNumber', call({ ticketNumber: 'T'.repeat(51) }), 'INVALID_TICKET_NUMBER', 'ticketNumber'],
    ['occurredAt 5 min + 1 ms ahead', message({ occurredAt: later(300_001) }), 'TIME_IN_FUTURE', 'occurredAt'],
    [
      'startedAt an hour ahead',
      call({ startedAt: later(3_600_000), occurredAt: later(3_600_000) }),
      'TIME_IN_FUTURE',
      'startedAt',
    ],
    ['call ending in the future', call({ occurredAt: later(600_000) }), 'TIME_IN_FUTURE', 'occurredAt'],
    [
      'call ending before it started',
      call({ startedAt: later(-1_000), occurredAt: later(-2_000) }),
      'INVALID_TIME_ORDER',
      'startedAt',
    ],
    ['invalid date', ticket({ occurredAt: new Date('nope') }), 'INVALID_TIME', 'occurredAt'],
    ['unknown call phase', call({ endedDuring: raw('HOLD_MUSIC') }), 'INVALID_ENUM_VALUE', 'endedDuring'],
    ['unknown message channel', message({ channel: raw('FAX') }), 'INVALID_ENUM_VALUE', 'channel'],
    ['unknown ticket type', ticket({ type: raw('REOPENED') }), 'INVALID_ENUM_VALUE', 'type'],
    ['unknown ticket source', ticket({ source: raw('EMAIL') }), 'INVALID_ENUM_VALUE', 'source'],
    ['unknown ticket channel', ticket({ channel: raw('PHONE') }), 'INVALID_ENUM_VALUE', 'channel'],
    ['unknown advisor action', action({ action: raw('REQUEST_HUG') }), 'INVALID_ENUM_VALUE', 'action'],
    ['SMS message without phone', message({ phone: undefined }), 'INVALID_RECIPIENT', 'phone'],
    ['WhatsApp message with blank phone', message({ channel: 'WHATSAPP', phone: ' ' }), 'INVALID_RECIPIENT', 'phone'],
    ['advisor action on SMS without phone', action({ channel: 'SMS', phone: undefined }), 'INVALID_RECIPIENT', 'phone'],
    ['advisor action on web without conversation', action({ channel: 'WEB' }), 'INVALID_RECIPIENT', 'conversationId'],
    [
      'advisor action in app without conversation',
      action({ channel: 'MOBILE_APP', conversationId: '' }),
      'INVALID_RECIPIENT',
      'conversationId',
    ],
    ['http link', action({ link: 'http://pay.example/1' }), 'INVALID_LINK', 'link'],
    ['javascript link', action({ link: 'javascript:alert(1)' }), 'INVALID_LINK', 'link'],
    ['not a URL', action({ link: 'pay here' }), 'INVALID_LINK', 'link'],
    ['link with credentials', action({ link: 'https://user:pw@pay.example/1' }), 'INVALID_LINK', 'link'],
    ['zero amount', action({ amount: 0, currency: 'EUR' }), 'INVALID_AMOUNT', 'amount'],
    ['negative amount', action({ amount: -5, currency: 'EUR' }), 'INVALID_AMOUNT', 'amount'],
    ['infinite amount', action({ amount: Infinity, currency: 'EUR' }), 'INVALID_AMOUNT', 'amount'],
    ['NaN amount', action({ amount: Number.NaN, currency: 'EUR' }), 'INVALID_AMOUNT', 'amount'],
    ['amount over 1e9', action({ amount: 1e9 + 1, currency: 'EUR' }), 'INVALID_AMOUNT', 'amount'],
    ['cents on EUR', action({ amount: 10.005, currency: 'EUR' }), 'INVALID_AMOUNT', 'amount'],
    ['decimals on JPY', action({ amount: 10.5, currency: 'JPY' }), 'INVALID_AMOUNT', 'amount'],
    ['amount without currency', action({ amount: 10 }), 'INVALID_CURRENCY', 'currency'],
    ['lowercase currency', action({ amount: 10, currency: 'eur' }), 'INVALID_CURRENCY', 'currency'],
    ['unknown currency', action({ amount: 10, currency: 'XYZ' }), 'INVALID_CURRENCY', 'currency'],
    ['currency name', action({ currency: 'EURO' }), 'INVALID_CURRENCY', 'currency'],
    ['locale with spaces', message({ locale: 'de AT' }), 'INVALID_LOCALE', 'locale'],
    ['locale too long', message({ locale: 'de-' + 'a'.repeat(40) }), 'INVALID_LOCALE', 'locale'],
    ['locale with trailing dash', message({ locale: 'de-' }), 'INVALID_LOCALE', 'locale'],
    ['locale that is a word', message({ locale: 'german' }), 'INVALID_LOCALE', 'locale'],
    ['customer name over 100', call({ customerName: 'x'.repeat(101) }), 'TEXT_TOO_LONG', 'customerName'],
    ['advisor name over 100', action({ advisorName: 'x'.repeat(101) }), 'TEXT_TOO_LONG', 'advisorName'],
    ['body over 5000', message({ body: 'x'.repeat(5001) }), 'TEXT_TOO_LONG', 'body'],
  ])('%s → %s on %s', (_, activity, code, field) => {
    const error = errorOf(() => validateActivity(activity, now));
    expect(error).toMatchObject({ code, field, category: 'BAD_USER_INPUT' });
    expect(error.message).toContain(field);
  });

  it('tells the expected phone format', () => {
    expect(errorOf(() => validateActivity(call({ phone: '0301234' }), now)).message).toBe(
      'phone must be an E.164 number like +4930123456',
    );
  });
});

describe('validateActivity accepts', () => {
  it.each<[string, Activity]>([
    ['occurredAt exactly 5 minutes ahead', message({ occurredAt: later(300_000) })],
    ['a call that started and ended at once', call({ startedAt: now, occurredAt: now })],
    ['a ticket without any recipient', ticket({ channel: 'SMS' })],
    ['a web message without phone', message({ channel: 'WEB', phone: undefined })],
    ['payment without amount', action({ amount: undefined, currency: undefined })],
    ['payment in JPY', action({ amount: 1000, currency: 'JPY' })],
    ['payment in KWD with 3 decimals', action({ amount: 1.125, currency: 'KWD' })],
    ['payment at the maximum', action({ amount: 1e9, currency: 'EUR' })],
    ['a float that is two decimals', action({ amount: 0.1 + 0.2, currency: 'EUR' }) /* 0.30000000000000004 */],
    ['names of exactly 100 characters', action({ advisorName: 'x'.repeat(100), customerName: 'ü'.repeat(100) })],
    ['emoji counted as characters', message({ body: '👍'.repeat(5000) })],
    ['team ids with separators', message({ teamId: 'org:42.team_a-b' })],
  ])('%s', (_, activity) => {
    expect(() => validateActivity(activity, now)).not.toThrow();
  });
});

describe('validateActivity normalises', () => {
  it('a call', () => {
    const result = validateActivity(
      call({
        eventId: ' evt-1 ',
        teamId: 'team-1',
        callId: ' call-1 ',
        phone: ' +49 (0)30 123-456 ',
        customerName: '  Ada \n Lovelace ',
        locale: 'de_at',
        ticketId: '',
        ticketNumber: '  ',
      }),
      now,
    );
    expect(result).toEqual({
      kind: 'CALL_ENDED',
      eventId: 'evt-1',
      teamId: 'team-1',
      callId: 'call-1',
      phone: '+4930123456',
      customerName: 'Ada Lovelace',
      locale: 'de-AT',
      startedAt: later(-120_000),
      occurredAt: later(-60_000),
      endedDuring: 'RINGING',
    });
    expect(Object.keys(result)).not.toContain('ticketId');
  });

  it('an advisor action', () => {
    expect(
      validateActivity(
        action({
          channel: 'WEB',
          conversationId: ' conv-9 ',
          phone: '',
          advisorName: ' Mia ',
          link: ' https://pay.example/p?id=1 ',
          amount: 19.99,
          currency: 'EUR',
          ticketId: null as unknown as undefined,
        }),
        now,
      ),
    ).toEqual({
      kind: 'ADVISOR_ACTION',
      eventId: 'evt-1',
      teamId: 'team-1',
      action: 'REQUEST_PAYMENT',
      channel: 'WEB',
      conversationId: 'conv-9',
      advisorName: 'Mia',
      link: 'https://pay.example/p?id=1',
      amount: 19.99,
      currency: 'EUR',
      occurredAt: now,
    });
  });

  it('a message body: trimmed, inner line breaks kept, blank → absent', () => {
    expect(validateActivity(message({ body: '  Hi\nthere  ' }), now).body).toBe('Hi\nthere');
    expect(validateActivity(message({ body: '   ' }), now).body).toBeUndefined();
  });

  it('does not change its argument', () => {
    const input = message({ phone: '+49 30 123456', body: ' hi ' });
    const copy = { ...input };
    validateActivity(input, now);
    expect(input).toEqual(copy);
  });
});

describe('normalisePhone', () => {
  it.each<[string, string]>([
    ['+4930123456', '+4930123456'],
    ['+49 30 1234567', '+49301234567'],
    ['+49-30-1234567', '+49301234567'],
    ['+49 (0)30 1234567', '+49301234567'],
    ['+49 30/1234567', '+49301234567'],
    ['+1 (415) 555-2671', '+14155552671'],
    ['+44 20 7946 0958', '+442079460958'],
    ['+43 1 234567', '+431234567'],
    ['+4915112345678', '+4915112345678'],
  ])('%s → %s', (input, expected) => {
    expect(normalisePhone(input)).toBe(expected);
  });

  it('names the field it was given', () => {
    expect(errorOf(() => normalisePhone('0301234', 'input.phone'))).toMatchObject({
      code: 'INVALID_PHONE',
      field: 'input.phone',
    });
  });
});

describe('normaliseLocale', () => {
  it.each<[string, string]>([
    ['de', 'de'],
    ['DE', 'de'],
    ['de-AT', 'de-AT'],
    ['de-at', 'de-AT'],
    ['en_GB', 'en-GB'],
    ['en-GB', 'en-GB'],
    ['zh-Hant-TW', 'zh-Hant-TW'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseLocale(input)).toBe(expected);
  });
});

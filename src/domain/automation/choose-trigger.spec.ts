import type { MessageChannel, Trigger } from '../chat-settings/triggers';
import type {
  AdvisorAction,
  AdvisorActionActivity,
  CallEndedActivity,
  CallPhase,
  InboundMessageActivity,
  TicketEventActivity,
  TicketEventType,
  TicketSource,
} from './activity';
import { activityTime } from './activity';
import { chooseTrigger, isMissedCallTrigger, isPhoneTrigger } from './choose-trigger';

const at = new Date('2026-03-02T10:00:00Z');
const base = { eventId: 'evt-1', teamId: 'team-1' };

const call = (endedDuring: CallPhase, ticketId?: string): CallEndedActivity => ({
  ...base,
  kind: 'CALL_ENDED',
  callId: 'call-1',
  phone: '+4930123456',
  startedAt: at,
  occurredAt: new Date(at.getTime() + 60_000),
  endedDuring,
  ticketId,
});

const message = (channel: MessageChannel): InboundMessageActivity => ({
  ...base,
  kind: 'INBOUND_MESSAGE',
  channel,
  conversationId: 'conv-1',
  phone: '+4930123456',
  occurredAt: at,
});

const ticket = (type: TicketEventType, source: TicketSource): TicketEventActivity => ({
  ...base,
  kind: 'TICKET_EVENT',
  ticketId: 't-1',
  number: 'T-1',
  type,
  source,
  occurredAt: at,
});

const action = (a: AdvisorAction): AdvisorActionActivity => ({
  ...base,
  kind: 'ADVISOR_ACTION',
  action: a,
  channel: 'WHATSAPP',
  phone: '+4930123456',
  occurredAt: at,
});

const OPEN = true;
const CLOSED = false;

describe('chooseTrigger: call ended', () => {
  it.each<[CallPhase, boolean, string | undefined, Trigger | null]>([
    ['RINGING', OPEN, undefined, 'CUSTOMER_HUNG_UP'],
    ['RINGING', CLOSED, undefined, 'AFTER_HOURS_CALL'],
    ['AFTER_GREETING', OPEN, undefined, 'CUSTOMER_HUNG_UP'],
    ['AFTER_GREETING', CLOSED, undefined, 'AFTER_HOURS_CALL'],
    ['AFTER_MENU_SELECTION', OPEN, undefined, 'CUSTOMER_HUNG_UP'],
    ['AFTER_MENU_SELECTION', CLOSED, undefined, 'AFTER_HOURS_CALL'],
    ['MENU_OPTIONS', OPEN, undefined, 'MISSED_CALL'],
    ['MENU_OPTIONS', CLOSED, undefined, 'AFTER_HOURS_CALL'],
    ['VOICEMAIL_GREETING', OPEN, undefined, 'MISSED_CALL'],
    ['VOICEMAIL_GREETING', CLOSED, undefined, 'AFTER_HOURS_CALL'],
    ['VOICEMAIL_RECORDED', OPEN, undefined, 'VOICEMAIL_LEFT'],
    ['VOICEMAIL_RECORDED', CLOSED, undefined, 'VOICEMAIL_LEFT'],
    ['ADVISOR_CONNECTED', OPEN, 'ticket-9', 'CALL_COMPLETED_WITH_TICKET'],
    ['ADVISOR_CONNECTED', CLOSED, 'ticket-9', 'CALL_COMPLETED_WITH_TICKET'],
    ['ADVISOR_CONNECTED', OPEN, undefined, null],
    ['ADVISOR_CONNECTED', CLOSED, undefined, null],
    // A ticket on an unanswered call does not change the trigger.
    ['RINGING', OPEN, 'ticket-9', 'CUSTOMER_HUNG_UP'],
  ])('%s, open=%s, ticket=%s → %s', (phase, open, ticketId, expected) => {
    for (const first of [true, false]) {
      const ctx = { openAtActivityTime: open, firstInboundMessageOfConversation: first };
      expect(chooseTrigger(call(phase, ticketId), ctx)).toBe(expected);
    }
  });
});

describe('chooseTrigger: inbound message', () => {
  it.each<[MessageChannel, boolean, boolean, Trigger | null]>([
    ['SMS', OPEN, true, 'FIRST_CHAT_MESSAGE'],
    ['SMS', OPEN, false, null],
    ['SMS', CLOSED, true, 'AFTER_HOURS_MESSAGE'],
    ['SMS', CLOSED, false, 'AFTER_HOURS_MESSAGE'],
    ['WHATSAPP', OPEN, true, 'FIRST_CHAT_MESSAGE'],
    ['WHATSAPP', OPEN, false, null],
    ['WHATSAPP', CLOSED, true, 'AFTER_HOURS_MESSAGE'],
    ['WHATSAPP', CLOSED, false, 'AFTER_HOURS_MESSAGE'],
    ['WEB', OPEN, true, 'FIRST_CHAT_MESSAGE'],
    ['WEB', OPEN, false, null],
    ['WEB', CLOSED, true, 'FIRST_CHAT_MESSAGE'],
    ['WEB', CLOSED, false, null],
    ['MOBILE_APP', OPEN, true, 'FIRST_CHAT_MESSAGE'],
    ['MOBILE_APP', OPEN, false, null],
    ['MOBILE_APP', CLOSED, true, 'FIRST_CHAT_MESSAGE'],
    ['MOBILE_APP', CLOSED, false, null],
  ])('%s, open=%s, first=%s → %s', (channel, open, first, expected) => {
    const ctx = { openAtActivityTime: open, firstInboundMessageOfConversation: first };
    expect(chooseTrigger(message(channel), ctx)).toBe(expected);
  });
});

describe('chooseTrigger: ticket event', () => {
  it.each<[TicketEventType, TicketSource, boolean, Trigger | null]>([
    ['CREATED', 'WEB', OPEN, null],
    ['CREATED', 'WEB', CLOSED, 'AFTER_HOURS_TICKET'],
    ['CREATED', 'MOBILE_APP', OPEN, null],
    ['CREATED', 'MOBILE_APP', CLOSED, 'AFTER_HOURS_TICKET'],
    ['CREATED', 'SMS', OPEN, null],
    ['CREATED', 'SMS', CLOSED, null],
    ['CREATED', 'PHONE', OPEN, null],
    ['CREATED', 'PHONE', CLOSED, null],
    ['CREATED', 'WHATSAPP', CLOSED, null],
    ['CREATED', 'MISSED_CALL', CLOSED, null],
    ['CREATED', 'VOICEMAIL', CLOSED, null],
    ['RESOLVED', 'WEB', OPEN, 'ISSUE_RESOLVED'],
    ['RESOLVED', 'WEB', CLOSED, 'ISSUE_RESOLVED'],
    ['RESOLVED', 'MOBILE_APP', OPEN, 'ISSUE_RESOLVED'],
    ['RESOLVED', 'MOBILE_APP', CLOSED, 'ISSUE_RESOLVED'],
    ['RESOLVED', 'SMS', OPEN, 'ISSUE_RESOLVED'],
    ['RESOLVED', 'SMS', CLOSED, 'ISSUE_RESOLVED'],
    ['RESOLVED', 'PHONE', OPEN, 'ISSUE_RESOLVED'],
    ['RESOLVED', 'PHONE', CLOSED, 'ISSUE_RESOLVED'],
    ['CLOSED', 'WEB', OPEN, 'ADVISOR_RATING_REQUESTED'],
    ['CLOSED', 'WEB', CLOSED, 'ADVISOR_RATING_REQUESTED'],
    ['CLOSED', 'MOBILE_APP', OPEN, 'ADVISOR_RATING_REQUESTED'],
    ['CLOSED', 'MOBILE_APP', CLOSED, 'ADVISOR_RATING_REQUESTED'],
    ['CLOSED', 'SMS', OPEN, 'ADVISOR_RATING_REQUESTED'],
    ['CLOSED', 'SMS', CLOSED, 'ADVISOR_RATING_REQUESTED'],
    ['CLOSED', 'PHONE', OPEN, 'ADVISOR_RATING_REQUESTED'],
    ['CLOSED', 'PHONE', CLOSED, 'ADVISOR_RATING_REQUESTED'],
  ])('%s from %s, open=%s → %s', (type, source, open, expected) => {
    const ctx = { openAtActivityTime: open, firstInboundMessageOfConversation: true };
    expect(chooseTrigger(ticket(type, source), ctx)).toBe(expected);
  });
});

describe('chooseTrigger: advisor action', () => {
  it.each<[AdvisorAction, boolean, Trigger]>([
    ['REQUEST_PHOTO_VIDEO', OPEN, 'PHOTO_VIDEO_REQUESTED'],
    ['REQUEST_PHOTO_VIDEO', CLOSED, 'PHOTO_VIDEO_REQUESTED'],
    ['SHARE_VOICEHUB', OPEN, 'VOICEHUB_SHARED'],
    ['SHARE_VOICEHUB', CLOSED, 'VOICEHUB_SHARED'],
    ['REQUEST_APPROVAL', OPEN, 'APPROVAL_REQUESTED'],
    ['REQUEST_APPROVAL', CLOSED, 'APPROVAL_REQUESTED'],
    ['REQUEST_PAYMENT', OPEN, 'PAYMENT_REQUESTED'],
    ['REQUEST_PAYMENT', CLOSED, 'PAYMENT_REQUESTED'],
    ['REQUEST_RATING', OPEN, 'ADVISOR_RATING_REQUESTED'],
    ['REQUEST_RATING', CLOSED, 'ADVISOR_RATING_REQUESTED'],
  ])('%s, open=%s → %s', (a, open, expected) => {
    const ctx = { openAtActivityTime: open, firstInboundMessageOfConversation: false };
    expect(chooseTrigger(action(a), ctx)).toBe(expected);
  });
});

describe('trigger groups', () => {
  it.each<[Trigger | null, boolean, boolean]>([
    ['CUSTOMER_HUNG_UP', true, true],
    ['MISSED_CALL', true, true],
    ['AFTER_HOURS_CALL', true, true],
    ['VOICEMAIL_LEFT', false, true],
    ['CALL_COMPLETED_WITH_TICKET', false, true],
    ['AFTER_HOURS_MESSAGE', false, false],
    ['AFTER_HOURS_TICKET', false, false],
    ['ADVISOR_RATING_REQUESTED', false, false],
    [null, false, false],
  ])('%s: missed call %s, phone trigger %s', (trigger, missed, phone) => {
    expect(isMissedCallTrigger(trigger)).toBe(missed);
    expect(isPhoneTrigger(trigger)).toBe(phone);
  });
});

describe('activityTime', () => {
  it('is when a call started, not when it ended', () => {
    expect(activityTime(call('RINGING'))).toBe(at);
  });

  it.each([message('SMS'), ticket('CREATED', 'WEB'), action('REQUEST_RATING')])('is occurredAt for $kind', (a) => {
    expect(activityTime(a)).toBe(a.occurredAt);
  });
});

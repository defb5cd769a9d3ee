import type { ContactChannel, Trigger } from '../chat-settings/triggers';
import type { Activity, TicketSource } from './activity';
import { activityChannel, decide, messageTarget, type DecideInput, type MessageTarget } from './decide';

const at = new Date('2026-03-02T10:00:00Z');
const minutes = (n: number) => new Date(at.getTime() - n * 60_000);
const base = { eventId: 'evt-1', teamId: 'team-1' };
const PHONE = '+4930123456';

const call: Activity = {
  ...base,
  kind: 'CALL_ENDED',
  callId: 'c-1',
  phone: PHONE,
  startedAt: at,
  occurredAt: at,
  endedDuring: 'RINGING',
};

const ticket = (source: TicketSource, extra: Partial<Extract<Activity, { kind: 'TICKET_EVENT' }>> = {}): Activity => ({
  ...base,
  kind: 'TICKET_EVENT',
  ticketId: 't-1',
  number: 'T-1',
  type: 'RESOLVED',
  source,
  occurredAt: at,
  ...extra,
});

describe('messageTarget', () => {
  it.each<[string, Activity, Trigger, MessageTarget | null]>([
    ['call → SMS to the caller', call, 'CUSTOMER_HUNG_UP', { channel: 'SMS', recipient: PHONE }],
    ['voicemail → SMS to the caller', call, 'VOICEMAIL_LEFT', { channel: 'SMS', recipient: PHONE }],
    [
      'SMS message → SMS to phone',
      { ...base, kind: 'INBOUND_MESSAGE', channel: 'SMS', conversationId: 'conv', phone: PHONE, occurredAt: at },
      'AFTER_HOURS_MESSAGE',
      { channel: 'SMS', recipient: PHONE },
    ],
    [
      'WhatsApp message → WhatsApp to phone',
      { ...base, kind: 'INBOUND_MESSAGE', channel: 'WHATSAPP', conversationId: 'conv', phone: PHONE, occurredAt: at },
      'FIRST_CHAT_MESSAGE',
      { channel: 'WHATSAPP', recipient: PHONE },
    ],
    [
      'web message → web to the conversation, even with a phone',
      { ...base, kind: 'INBOUND_MESSAGE', channel: 'WEB', conversationId: 'conv', phone: PHONE, occurredAt: at },
      'FIRST_CHAT_MESSAGE',
      { channel: 'WEB', recipient: 'conv' },
    ],
    [
      'app message → app to the conversation',
      { ...base, kind: 'INBOUND_MESSAGE', channel: 'MOBILE_APP', conversationId: 'conv', occurredAt: at },
      'FIRST_CHAT_MESSAGE',
      { channel: 'MOBILE_APP', recipient: 'conv' },
    ],
    [
      'SMS message without phone → none',
      { ...base, kind: 'INBOUND_MESSAGE', channel: 'SMS', conversationId: 'conv', occurredAt: at },
      'FIRST_CHAT_MESSAGE',
      null,
    ],
    [
      'advisor action on WhatsApp → WhatsApp',
      { ...base, kind: 'ADVISOR_ACTION', action: 'REQUEST_RATING', channel: 'WHATSAPP', phone: PHONE, occurredAt: at },
      'ADVISOR_RATING_REQUESTED',
      { channel: 'WHATSAPP', recipient: PHONE },
    ],
    [
      'advisor action on web without conversation → none',
      { ...base, kind: 'ADVISOR_ACTION', action: 'REQUEST_RATING', channel: 'WEB', phone: PHONE, occurredAt: at },
      'ADVISOR_RATING_REQUESTED',
      null,
    ],
    [
      'ticket from phone → SMS',
      ticket('PHONE', { phone: PHONE }),
      'ISSUE_RESOLVED',
      { channel: 'SMS', recipient: PHONE },
    ],
    [
      'ticket from missed call → SMS',
      ticket('MISSED_CALL', { phone: PHONE }),
      'ISSUE_RESOLVED',
      { channel: 'SMS', recipient: PHONE },
    ],
    [
      'ticket from voicemail → SMS',
      ticket('VOICEMAIL', { phone: PHONE }),
      'ISSUE_RESOLVED',
      { channel: 'SMS', recipient: PHONE },
    ],
    [
      'ticket from WhatsApp → WhatsApp',
      ticket('WHATSAPP', { phone: PHONE }),
      'ISSUE_RESOLVED',
      { channel: 'WHATSAPP', recipient: PHONE },
    ],
    [
      'ticket from web → web',
      ticket('WEB', { conversationId: 'conv' }),
      'AFTER_HOURS_TICKET',
      { channel: 'WEB', recipient: 'conv' },
    ],
    [
      'ticket from app → app',
      ticket('MOBILE_APP', { conversationId: 'conv' }),
      'ISSUE_RESOLVED',
      { channel: 'MOBILE_APP', recipient: 'conv' },
    ],
    [
      'ticket channel wins over its source',
      ticket('WEB', { channel: 'SMS', phone: PHONE, conversationId: 'conv' }),
      'ISSUE_RESOLVED',
      { channel: 'SMS', recipient: PHONE },
    ],
    ['ticket from web without conversation → none', ticket('WEB', { phone: PHONE }), 'ISSUE_RESOLVED', null],
    ['ticket from phone without phone → none', ticket('PHONE', { conversationId: 'conv' }), 'ISSUE_RESOLVED', null],
  ])('%s', (_, activity, trigger, expected) => {
    expect(messageTarget(activity, trigger)).toEqual(expected);
  });
});

describe('activityChannel', () => {
  it.each<[string, Activity, ContactChannel]>([
    ['call', call, 'PHONE'],
    ['ticket from phone', ticket('PHONE'), 'PHONE'],
    ['ticket from missed call', ticket('MISSED_CALL'), 'PHONE'],
    ['ticket from SMS', ticket('SMS'), 'SMS'],
    ['ticket from web', ticket('WEB'), 'WEB'],
    ['ticket with explicit channel', ticket('WEB', { channel: 'WHATSAPP' }), 'WHATSAPP'],
    [
      'advisor action',
      {
        ...base,
        kind: 'ADVISOR_ACTION',
        action: 'SHARE_VOICEHUB',
        channel: 'MOBILE_APP',
        conversationId: 'c',
        occurredAt: at,
      },
      'MOBILE_APP',
    ],
  ])('%s → %s', (_, activity, expected) => {
    expect(activityChannel(activity)).toBe(expected);
  });
});

describe('decide', () => {
  const ok: DecideInput = {
    trigger: 'CUSTOMER_HUNG_UP',
    triggerEnabled: true,
    triggerChannels: ['PHONE'],
    activityChannel: 'PHONE',
    target: { channel: 'SMS', recipient: PHONE },
    optedOut: false,
    lastDispatchedAt: null,
    cooldownMinutes: 60,
    at,
  };

  it.each<[string, Partial<DecideInput>, string]>([
    ['everything fine', {}, 'DISPATCHED'],
    ['switched off', { triggerEnabled: false }, 'DISABLED'],
    [
      'channel the trigger does not fire on',
      { trigger: 'AFTER_HOURS_TICKET', triggerChannels: ['WEB', 'MOBILE_APP'], activityChannel: 'SMS' },
      'CHANNEL_NOT_SUPPORTED',
    ],
    ['no recipient', { target: null }, 'NO_RECIPIENT'],
    ['opted out', { optedOut: true }, 'OPTED_OUT'],
    ['sent 59 minutes ago', { lastDispatchedAt: minutes(59) }, 'COOLDOWN'],
    ['sent 1 ms before the cooldown ends', { lastDispatchedAt: new Date(at.getTime() - 3_599_999) }, 'COOLDOWN'],
    ['sent exactly one cooldown ago', { lastDispatchedAt: minutes(60) }, 'DISPATCHED'],
    ['sent 61 minutes ago', { lastDispatchedAt: minutes(61) }, 'DISPATCHED'],
    ['sent at the same instant', { lastDispatchedAt: at }, 'COOLDOWN'],
    ['sent for a later activity within the cooldown', { lastDispatchedAt: minutes(-10) }, 'COOLDOWN'],
    ['cooldown 0, sent at the same instant', { cooldownMinutes: 0, lastDispatchedAt: at }, 'DISPATCHED'],
    ['cooldown 0, sent a minute ago', { cooldownMinutes: 0, lastDispatchedAt: minutes(1) }, 'DISPATCHED'],
    ['cooldown 5, sent 5 minutes ago', { cooldownMinutes: 5, lastDispatchedAt: minutes(5) }, 'DISPATCHED'],
    ['cooldown 5, sent 4 minutes ago', { cooldownMinutes: 5, lastDispatchedAt: minutes(4) }, 'COOLDOWN'],
    // Precedence: the first failing check names the reason.
    [
      'disabled beats everything',
      { triggerEnabled: false, activityChannel: 'WEB', target: null, optedOut: true, lastDispatchedAt: at },
      'DISABLED',
    ],
    [
      'channel beats recipient, opt-out and cooldown',
      { activityChannel: 'WEB', target: null, optedOut: true, lastDispatchedAt: at },
      'CHANNEL_NOT_SUPPORTED',
    ],
    ['no recipient beats opt-out and cooldown', { target: null, optedOut: true, lastDispatchedAt: at }, 'NO_RECIPIENT'],
    ['opt-out beats cooldown', { optedOut: true, lastDispatchedAt: at }, 'OPTED_OUT'],
  ])('%s → %s', (_, change, expected) => {
    const result = decide({ ...ok, ...change });
    expect(result.decision === 'SUPPRESSED' ? result.reason : result.decision).toBe(expected);
  });
});

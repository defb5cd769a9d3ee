import type { Trigger } from '../chat-settings/triggers';
import type { Activity } from './activity';
import { placeholderValues, type PlaceholderValues } from './placeholder-values';

const at = new Date('2026-03-02T10:00:00Z');
const base = { eventId: 'evt-1', teamId: 'team-1' };
const team = {
  senderName: 'Autohaus Nord',
  companyName: 'Autohaus Nord GmbH',
  teamName: 'Service',
  voiceHubUrl: 'https://vh.example/nord',
};
const none: PlaceholderValues = {
  senderName: 'Autohaus Nord',
  companyName: 'Autohaus Nord GmbH',
  teamName: 'Service',
  customerName: undefined,
  ticketNumber: undefined,
  advisorName: undefined,
  link: undefined,
  amount: undefined,
  nextOpeningTime: undefined,
};

const action = (extra: Partial<Extract<Activity, { kind: 'ADVISOR_ACTION' }>>): Activity => ({
  ...base,
  kind: 'ADVISOR_ACTION',
  action: 'SHARE_VOICEHUB',
  channel: 'SMS',
  phone: '+4930123456',
  occurredAt: at,
  ...extra,
});

describe('placeholderValues', () => {
  it.each<[string, Activity, Trigger, Record<string, string>, Partial<PlaceholderValues>]>([
    ['VoiceHub without link → the team page', action({}), 'VOICEHUB_SHARED', {}, { link: 'https://vh.example/nord' }],
    [
      'VoiceHub with link → the advisor’s link',
      action({ link: 'https://vh.example/special', advisorName: 'Mia' }),
      'VOICEHUB_SHARED',
      {},
      { link: 'https://vh.example/special', advisorName: 'Mia' },
    ],
    ['other action without link → no link', action({ action: 'REQUEST_PHOTO_VIDEO' }), 'PHOTO_VIDEO_REQUESTED', {}, {}],
    [
      'payment → formatted amount',
      action({ action: 'REQUEST_PAYMENT', amount: 10, currency: 'EUR', customerName: 'Jo' }),
      'PAYMENT_REQUESTED',
      { amount: '10,00 €' },
      { amount: '10,00 €', customerName: 'Jo' },
    ],
    [
      'call with ticket number',
      {
        ...base,
        kind: 'CALL_ENDED',
        callId: 'c',
        phone: '+4930123456',
        startedAt: at,
        occurredAt: at,
        endedDuring: 'ADVISOR_CONNECTED',
        ticketId: 't',
        ticketNumber: 'T-7',
      },
      'CALL_COMPLETED_WITH_TICKET',
      {},
      { ticketNumber: 'T-7' },
    ],
    [
      'missed call → the new MC ticket and next opening time',
      {
        ...base,
        kind: 'CALL_ENDED',
        callId: 'c',
        phone: '+4930123456',
        startedAt: at,
        occurredAt: at,
        endedDuring: 'RINGING',
      },
      'AFTER_HOURS_CALL',
      { ticketNumber: 'MC-3', nextOpeningTime: 'Mon 08:00' },
      { ticketNumber: 'MC-3', nextOpeningTime: 'Mon 08:00' },
    ],
    [
      'ticket event → its number',
      {
        ...base,
        kind: 'TICKET_EVENT',
        ticketId: 't',
        number: 'T-42',
        type: 'CLOSED',
        source: 'WEB',
        conversationId: 'x',
        occurredAt: at,
      },
      'ADVISOR_RATING_REQUESTED',
      {},
      { ticketNumber: 'T-42' },
    ],
  ])('%s', (_, activity, trigger, extra, expected) => {
    expect(placeholderValues({ activity, trigger, ...team, ...extra })).toEqual({ ...none, ...expected });
  });

  it('leaves blank team names undefined', () => {
    const values = placeholderValues({
      activity: action({}),
      trigger: 'PHOTO_VIDEO_REQUESTED',
      senderName: 'Nord',
      companyName: ' ',
    });
    expect(values.companyName).toBeUndefined();
    expect(values.teamName).toBeUndefined();
  });
});

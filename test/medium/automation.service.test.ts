import type { Viewer } from '../../src/domain/access';
import type { AutomationService } from '../../src/domain/automation/automation.service';
import type { ChatSettingsService } from '../../src/domain/chat-settings/chat-settings.service';
import type { RingPlanService } from '../../src/domain/ring-plans/ring-plan.service';
import { uniqueTeamId } from '../support/server';
import { activity, startTestServices, type ActivityKind as Kind, type TestServices } from '../support/services';

/**
 * The medium tier: the domain services against a real, migrated PostgreSQL, without HTTP. Each row
 * of PRODUCT.md §2 (trigger choice, suppression) and each ticket rule of §5 goes through
 * AutomationService.record — facts read, planned, applied — and is checked in what it stored.
 */

let services: TestServices;
let automation: AutomationService;
let settings: ChatSettingsService;
let ringPlans: RingPlanService;
let published: number[];

const SERVICE: Viewer = { sub: 'medium', role: 'SERVICE', teams: ['*'] };
const admin = (team: string): Viewer => ({ sub: 'admin', role: 'ADMIN', teams: [team] });

beforeAll(async () => {
  services = await startTestServices();
  ({ automation, settings, ringPlans, published } = services);
});
afterAll(async () => {
  await services?.close();
});

/** A team that is closed all the time (a CLOSED overlay with no windows covers every day). */
async function closedTeam(): Promise<string> {
  const team = uniqueTeamId('closed');
  await ringPlans.create(admin(team), {
    teamId: team,
    name: 'Closed',
    timeZone: 'Europe/Berlin',
    kind: 'CLOSED',
    windows: [],
  });
  return team;
}

/** A team that is open all the time. */
async function openTeam(): Promise<string> {
  const team = uniqueTeamId('open');
  await ringPlans.create(admin(team), { teamId: team, name: 'Always', timeZone: 'Europe/Berlin', windows: [] });
  return team;
}

async function stored(team: string) {
  const [row] = await services.ds.query(
    `SELECT (SELECT count(*) FROM activity WHERE team_id = $1)::int AS activities,
            (SELECT count(*) FROM automated_message WHERE team_id = $1)::int AS messages,
            (SELECT count(*) FROM missed_call WHERE team_id = $1)::int AS missed,
            (SELECT string_agg(number, ',' ORDER BY number) FROM ticket WHERE team_id = $1 AND created_here) AS created_tickets`,
    [team],
  );
  return row;
}

describe('§2 choosing the trigger', () => {
  it.each<[string, 'open' | 'closed', Kind, Record<string, unknown>, string | null]>([
    // [what happened, business hours, activity kind, its fields, the trigger chosen]
    ['a voicemail', 'open', 'call', { endedDuring: 'VOICEMAIL_RECORDED' }, 'VOICEMAIL_LEFT'],
    ['a voicemail while closed', 'closed', 'call', { endedDuring: 'VOICEMAIL_RECORDED' }, 'VOICEMAIL_LEFT'],
    ['an unanswered call while closed', 'closed', 'call', { endedDuring: 'RINGING' }, 'AFTER_HOURS_CALL'],
    [
      'a call that ended in the menu while closed',
      'closed',
      'call',
      { endedDuring: 'MENU_OPTIONS' },
      'AFTER_HOURS_CALL',
    ],
    ['a hang-up while ringing', 'open', 'call', { endedDuring: 'RINGING' }, 'CUSTOMER_HUNG_UP'],
    ['a hang-up after the greeting', 'open', 'call', { endedDuring: 'AFTER_GREETING' }, 'CUSTOMER_HUNG_UP'],
    ['a hang-up after a menu selection', 'open', 'call', { endedDuring: 'AFTER_MENU_SELECTION' }, 'CUSTOMER_HUNG_UP'],
    ['a hang-up during the voicemail greeting', 'open', 'call', { endedDuring: 'VOICEMAIL_GREETING' }, 'MISSED_CALL'],
    ['a hang-up during the menu options', 'open', 'call', { endedDuring: 'MENU_OPTIONS' }, 'MISSED_CALL'],
    [
      'an answered call with a ticket',
      'open',
      'call',
      { endedDuring: 'ADVISOR_CONNECTED', ticketId: 'EXT-1', ticketNumber: 'T-1' },
      'CALL_COMPLETED_WITH_TICKET',
    ],
    [
      'an answered call with a ticket while closed',
      'closed',
      'call',
      { endedDuring: 'ADVISOR_CONNECTED', ticketId: 'EXT-2', ticketNumber: 'T-2' },
      'CALL_COMPLETED_WITH_TICKET',
    ],
    ['an answered call without a ticket', 'open', 'call', { endedDuring: 'ADVISOR_CONNECTED' }, null],
    ['an SMS while closed', 'closed', 'message', { channel: 'SMS' }, 'AFTER_HOURS_MESSAGE'],
    ['a WhatsApp message while closed', 'closed', 'message', { channel: 'WHATSAPP' }, 'AFTER_HOURS_MESSAGE'],
    ['a first web message while closed', 'closed', 'message', { channel: 'WEB', phone: null }, 'FIRST_CHAT_MESSAGE'],
    ['a first SMS while open', 'open', 'message', { channel: 'SMS' }, 'FIRST_CHAT_MESSAGE'],
    [
      'a web ticket created while closed',
      'closed',
      'ticket',
      { type: 'CREATED', source: 'WEB', channel: 'WEB', conversationId: 'c-1' },
      'AFTER_HOURS_TICKET',
    ],
    [
      'an app ticket created while closed',
      'closed',
      'ticket',
      { type: 'CREATED', source: 'MOBILE_APP', channel: 'MOBILE_APP', conversationId: 'c-2' },
      'AFTER_HOURS_TICKET',
    ],
    [
      'a web ticket created while open',
      'open',
      'ticket',
      { type: 'CREATED', source: 'WEB', channel: 'WEB', conversationId: 'c-3' },
      null,
    ],
    ['a phone ticket created while closed', 'closed', 'ticket', { type: 'CREATED', source: 'PHONE' }, null],
    ['a resolved ticket', 'open', 'ticket', { type: 'RESOLVED', source: 'SMS', channel: 'SMS' }, 'ISSUE_RESOLVED'],
    [
      'a closed ticket',
      'open',
      'ticket',
      { type: 'CLOSED', source: 'SMS', channel: 'SMS' },
      'ADVISOR_RATING_REQUESTED',
    ],
    ['"request photo/video"', 'open', 'advisor', { action: 'REQUEST_PHOTO_VIDEO' }, 'PHOTO_VIDEO_REQUESTED'],
    ['"share VoiceHub"', 'open', 'advisor', { action: 'SHARE_VOICEHUB' }, 'VOICEHUB_SHARED'],
    ['"request approval"', 'open', 'advisor', { action: 'REQUEST_APPROVAL' }, 'APPROVAL_REQUESTED'],
    [
      '"request payment"',
      'open',
      'advisor',
      { action: 'REQUEST_PAYMENT', amount: 49.9, currency: 'EUR' },
      'PAYMENT_REQUESTED',
    ],
    ['"request rating"', 'open', 'advisor', { action: 'REQUEST_RATING' }, 'ADVISOR_RATING_REQUESTED'],
  ])('%s (%s, %s activity %j) → %s', async (_name, hours, kind, overrides, trigger) => {
    const team = hours === 'open' ? await openTeam() : await closedTeam();
    const outcome = await automation.record(SERVICE, activity(kind, team, overrides));
    expect(outcome.trigger).toBe(trigger);
    expect(outcome.decision).toBe(trigger ? 'DISPATCHED' : 'NO_TRIGGER');
    expect(outcome.message?.trigger ?? null).toBe(trigger);
    expect(await stored(team)).toMatchObject({ activities: 1, messages: trigger ? 1 : 0 });
  });

  it('sends FIRST_CHAT_MESSAGE only for the first inbound message of a conversation', async () => {
    const team = await openTeam();
    const first = await automation.record(SERVICE, activity('message', team, { conversationId: 'conv-1' }));
    const second = await automation.record(SERVICE, activity('message', team, { conversationId: 'conv-1' }));
    expect([first.trigger, second.trigger]).toEqual(['FIRST_CHAT_MESSAGE', null]);
  });

  it('does not fall back to a less specific trigger when the specific one is off', async () => {
    const team = await closedTeam();
    await settings.update(admin(team), team, { automatedResponses: [{ trigger: 'AFTER_HOURS_CALL', enabled: false }] });
    const outcome = await automation.record(SERVICE, activity('call', team, { endedDuring: 'RINGING' }));
    expect(outcome).toMatchObject({
      trigger: 'AFTER_HOURS_CALL',
      decision: 'SUPPRESSED',
      suppressionReason: 'DISABLED',
    });
  });
});

describe('§2 suppression', () => {
  it.each<[string, (team: string) => Promise<void>, Kind, Record<string, unknown>, string, 'open' | 'closed']>([
    [
      'DISABLED: the trigger is switched off',
      async (team) =>
        void (await settings.update(admin(team), team, {
          automatedResponses: [{ trigger: 'PHOTO_VIDEO_REQUESTED', enabled: false }],
        })),
      'advisor',
      {},
      'DISABLED',
      'open',
    ],
    [
      'COOLDOWN: the same trigger went to the same caller 10 minutes earlier',
      async (team) =>
        void (await automation.record(
          SERVICE,
          activity('call', team, { startedAt: minutesAgo(13), occurredAt: minutesAgo(12) }),
        )),
      'call',
      {},
      'COOLDOWN',
      'open',
    ],
    [
      'OPTED_OUT: the customer sent STOP',
      async (team) =>
        void (await automation.record(SERVICE, activity('message', team, { body: 'STOP', channel: 'WHATSAPP' }))),
      'advisor',
      { channel: 'WHATSAPP' },
      'OPTED_OUT',
      'open',
    ],
    [
      'CHANNEL_NOT_SUPPORTED: an after-hours web ticket to be answered by SMS',
      async () => undefined,
      'ticket',
      { source: 'WEB', channel: 'SMS' },
      'CHANNEL_NOT_SUPPORTED',
      'closed',
    ],
    [
      'NO_RECIPIENT: a web ticket without a conversation',
      async () => undefined,
      'ticket',
      { type: 'RESOLVED', source: 'WEB', channel: 'WEB', phone: null },
      'NO_RECIPIENT',
      'open',
    ],
  ])('%s', async (_name, arrange, kind, overrides, reason, hours) => {
    const team = hours === 'open' ? await openTeam() : await closedTeam();
    await arrange(team);
    const outcome = await automation.record(SERVICE, activity(kind, team, overrides));
    expect(outcome).toMatchObject({ decision: 'SUPPRESSED', suppressionReason: reason });
    expect(outcome.message).toMatchObject({ decision: 'SUPPRESSED', suppressionReason: reason });
  });
});

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const daysAgo = (d: number) => minutesAgo(d * 24 * 60);

describe('§5 where a missed call is logged', () => {
  it.each<[boolean, boolean, number | null, string, string | null]>([
    // RLA, missed-call tickets, caller's open ticket opened N days ago → rule, created ticket
    [true, true, 2, 'RING_LAST_ADVISOR', null],
    [true, false, 2, 'RING_LAST_ADVISOR', null],
    [true, true, 9, 'MISSED_CALL_TICKET', 'MC-1'],
    [true, false, 9, 'MOST_RECENT_OPEN_TICKET', null],
    [false, true, 2, 'MISSED_CALL_TICKET', 'MC-1'],
    [false, false, 2, 'MOST_RECENT_OPEN_TICKET', null],
    [false, true, null, 'MISSED_CALL_TICKET', 'MC-1'],
    [false, false, null, 'NO_TICKET', null],
    [true, false, null, 'NO_TICKET', null],
  ])(
    'RLA %s, missed-call tickets %s, open ticket from %s days ago → %s',
    async (rla, mcTickets, openedDaysAgo, rule, created) => {
      const team = await openTeam();
      await settings.update(admin(team), team, { ringLastAdvisor: rla, createMissedCallTickets: mcTickets });
      if (openedDaysAgo !== null) {
        await automation.record(
          SERVICE,
          activity('ticket', team, {
            ticketId: 'EXT-OPEN',
            number: 'T-9',
            type: 'CREATED',
            source: 'PHONE',
            occurredAt: daysAgo(openedDaysAgo),
          }),
        );
      }
      const outcome = await automation.record(SERVICE, activity('call', team, { endedDuring: 'MENU_OPTIONS' }));
      expect(outcome.missedCall).toMatchObject({ ticketRule: rule, ticketCreated: created !== null });
      const linked = outcome.missedCall!.ticketId;
      if (rule === 'RING_LAST_ADVISOR' || rule === 'MOST_RECENT_OPEN_TICKET') expect(linked).toBe('EXT-OPEN');
      if (rule === 'NO_TICKET') expect(linked).toBeNull();
      expect(outcome.message?.ticketId ?? null).toBe(linked);
      expect((await stored(team)).created_tickets).toBe(created);
    },
  );

  it('logs the missed call even when its message is switched off', async () => {
    const team = await openTeam();
    await settings.update(admin(team), team, { automatedResponses: [{ trigger: 'MISSED_CALL', enabled: false }] });
    const outcome = await automation.record(SERVICE, activity('call', team, { endedDuring: 'VOICEMAIL_GREETING' }));
    expect(outcome).toMatchObject({ decision: 'SUPPRESSED', suppressionReason: 'DISABLED' });
    expect(outcome.missedCall).toMatchObject({ trigger: 'MISSED_CALL', ticketRule: 'NO_TICKET' });
  });

  it('opens a VM ticket for each voicemail, numbered without gaps under concurrency', async () => {
    const team = await openTeam();
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        automation.record(
          SERVICE,
          activity('call', team, {
            endedDuring: 'VOICEMAIL_RECORDED',
            phone: `+49301234${String(i).padStart(2, '0')}`,
          }),
        ),
      ),
    );
    expect(outcomes.every((o) => o.trigger === 'VOICEMAIL_LEFT' && o.missedCall === null)).toBe(true);
    const numbers = (await stored(team)).created_tickets
      .split(',')
      .sort((a: string, b: string) => Number(a.slice(3)) - Number(b.slice(3)));
    expect(numbers).toEqual(Array.from({ length: 12 }, (_, i) => `VM-${i + 1}`));
  });

  it('renders the created ticket number into the message', async () => {
    const team = await openTeam();
    await settings.update(admin(team), team, {
      createMissedCallTickets: true,
      automatedResponses: [{ trigger: 'MISSED_CALL', template: 'Sorry we missed you, ticket {{ticketNumber}}' }],
    });
    await automation.record(SERVICE, activity('call', team, { endedDuring: 'MENU_OPTIONS', phone: '+4930111111' }));
    const second = await automation.record(
      SERVICE,
      activity('call', team, { endedDuring: 'MENU_OPTIONS', phone: '+4930222222' }),
    );
    expect(second.message?.body).toBe('Sorry we missed you, ticket MC-2');
  });
});

describe('§6 idempotency', () => {
  it('returns the first outcome for a repeated eventId, concurrent or not, and publishes once', async () => {
    const team = await openTeam();
    const input = activity('call', team, { endedDuring: 'MENU_OPTIONS' });
    const before = published.length;
    const outcomes = await Promise.all([1, 2, 3].map(() => automation.record(SERVICE, input)));
    const again = await automation.record(SERVICE, input);
    expect(outcomes.filter((o) => !o.duplicate)).toHaveLength(1);
    expect(again.duplicate).toBe(true);
    expect(new Set([...outcomes, again].map((o) => o.message?.id)).size).toBe(1);
    expect(published.length - before).toBe(1);
    expect(await stored(team)).toMatchObject({ activities: 1, messages: 1, missed: 1 });
  });
});

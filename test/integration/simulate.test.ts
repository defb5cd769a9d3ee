import { advisorAction, callEnded, ticketEvent } from '../factories/activities';
import { startTestServer, uniqueTeamId, type TestServer } from '../support/server';

/** PRODUCT.md §13 through HTTP: the dry run explains, predicts, and writes nothing. */

let t: TestServer;
let service: string;
beforeAll(async () => {
  t = await startTestServer();
  service = await t.token({ sub: 'telephony', role: 'SERVICE', teams: ['*'] });
});
afterAll(async () => {
  await t?.close();
});

const SIMULATE = `query($i: SimulateActivityInput!) {
  simulateActivity(input: $i) {
    trigger decision suppressionReason channel recipient body locale segments encoding ticketRule ticketNumber explanation
    businessHours { open nextOpeningAt ringPlan { name } }
  }
}`;

async function simulate(team: string, input: Record<string, unknown>, role: 'ADMIN' | 'ADVISOR' = 'ADVISOR') {
  const token = await t.token({ role, teams: [team] });
  const res = await t.gql(SIMULATE, { i: input }, token);
  return { ...res, simulation: res.data?.simulateActivity };
}

async function admin(team: string, query: string, variables: Record<string, unknown>) {
  const res = await t.gql(query, variables, await t.token({ role: 'ADMIN', teams: [team] }));
  expect(res.errors).toBeUndefined();
  return res.data!;
}

const settings = (team: string, input: Record<string, unknown>) =>
  admin(team, `mutation($i: UpdateChatSettingsInput!) { updateChatSettings(input: $i) { version } }`, {
    i: { teamId: team, ...input },
  });

const record = async (
  kind: 'recordCallEnded' | 'recordAdvisorAction' | 'recordTicketEvent',
  type: string,
  input: Record<string, unknown>,
) => {
  const res = await t.gql(
    `mutation($i: ${type}!) { ${kind}(input: $i) { trigger decision suppressionReason message { body } missedCall { ticketRule ticket { number } } } }`,
    { i: input },
    service,
  );
  expect(res.errors).toBeUndefined();
  return res.data![kind];
};

async function footprint(team: string) {
  const [row] = await t.server.dataSource.query(
    `SELECT (SELECT count(*) FROM activity WHERE team_id = $1)::int AS activities,
            (SELECT count(*) FROM automated_message WHERE team_id = $1)::int AS messages,
            (SELECT count(*) FROM missed_call WHERE team_id = $1)::int AS missed,
            (SELECT count(*) FROM ticket WHERE team_id = $1)::int AS tickets,
            (SELECT count(*) FROM conversation WHERE team_id = $1)::int AS conversations,
            (SELECT count(*) FROM team WHERE id = $1)::int AS teams,
            (SELECT md5(string_agg(t::text, '|')) FROM team t WHERE id = $1) AS team_row`,
    [team],
  );
  return row;
}

const WEEKDAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'].map((day) => ({
  day,
  opens: '08:00',
  closes: '17:00',
}));
// Tuesday 24 November 2026, 18:05 in Berlin
const TUESDAY_EVENING = '2026-11-24T17:05:00.000Z';

describe('explanations', () => {
  it('explains a call after business hours, in the team language and zone', async () => {
    const team = uniqueTeamId();
    await admin(team, `mutation($i: CreateRingPlanInput!) { createRingPlan(input: $i) { id } }`, {
      i: { teamId: team, name: 'Office', timeZone: 'Europe/Berlin', windows: WEEKDAYS },
    });
    const input = {
      callEnded: callEnded(team, { startedAt: TUESDAY_EVENING, occurredAt: '2026-11-24T17:06:00.000Z' }),
    };
    const { simulation, errors } = await simulate(team, input);
    expect(errors).toBeUndefined();
    expect(simulation).toMatchObject({
      trigger: 'AFTER_HOURS_CALL',
      decision: 'DISPATCHED',
      channel: 'SMS',
      recipient: '+4930123456',
      ticketRule: 'NO_TICKET',
    });
    expect(simulation.businessHours).toMatchObject({
      open: false,
      ringPlan: null,
      nextOpeningAt: '2026-11-25T07:00:00.000Z',
    });
    expect(simulation.explanation[0]).toMatch(
      /^Tue.*18:05 Europe\/Berlin: no active ring plan \(outside business hours\); next opening Wed.*08:00 Europe\/Berlin$/,
    );
    expect(simulation.explanation).toEqual(
      expect.arrayContaining([
        'Trigger: After-hours call',
        'After-hours call is on',
        'Recipient: +49…456 by SMS',
        'Result: sent by SMS',
      ]),
    );

    await settings(team, { defaultLocale: 'de' });
    const german = await simulate(team, input);
    expect(german.simulation.explanation[0]).toMatch(/^Di.*18:05 Europe\/Berlin: kein aktiver Ringplan/);
    expect(german.simulation.explanation).toContain('Ergebnis: wird per SMS gesendet');
  });

  it('explains a cooldown with how long ago the last message of the kind went out', async () => {
    const team = uniqueTeamId();
    const first = new Date(Date.now() - 30 * 60_000);
    await record(
      'recordCallEnded',
      'CallEndedInput',
      callEnded(team, { startedAt: first.toISOString(), occurredAt: first.toISOString() }),
    );
    const later = new Date(first.getTime() + 12 * 60_000).toISOString();
    const { simulation } = await simulate(team, {
      callEnded: callEnded(team, { startedAt: later, occurredAt: later }),
    });
    expect(simulation).toMatchObject({
      trigger: 'CUSTOMER_HUNG_UP',
      decision: 'SUPPRESSED',
      suppressionReason: 'COOLDOWN',
    });
    expect(simulation.explanation).toContain(
      'Last message of this kind to +49…456 was 12 min ago; cooldown 60 min → suppressed (COOLDOWN)',
    );
    expect(simulation.explanation.at(-1)).toBe('Result: suppressed (COOLDOWN)');
  });

  it('explains an opt-out', async () => {
    const team = uniqueTeamId();
    const res = await t.gql(
      `mutation { recordOptOut(input: { teamId: "${team}", phone: "+4930123456", channel: SMS }) }`,
      {},
      service,
    );
    expect(res.errors).toBeUndefined();
    const { simulation } = await simulate(team, { advisorAction: advisorAction(team, { channel: 'SMS' }) });
    expect(simulation).toMatchObject({ decision: 'SUPPRESSED', suppressionReason: 'OPTED_OUT' });
    expect(simulation.explanation).toContain('+49…456 opted out on SMS → suppressed (OPTED_OUT)');
  });

  it('explains Ring Last Advisor and names the ticket the missed call goes to', async () => {
    const team = uniqueTeamId();
    await settings(team, { ringLastAdvisor: true, createMissedCallTickets: true });
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000).toISOString();
    await record(
      'recordTicketEvent',
      'TicketEventInput',
      ticketEvent(team, { ticketId: 'EXT-9', number: 'T-9', occurredAt: twoDaysAgo }),
    );
    const { simulation } = await simulate(team, { callEnded: callEnded(team, { endedDuring: 'MENU_OPTIONS' }) });
    expect(simulation).toMatchObject({ trigger: 'MISSED_CALL', ticketRule: 'RING_LAST_ADVISOR', ticketNumber: null });
    expect(simulation.explanation).toContain("Missed call logged on the caller's open ticket T-9 (Ring Last Advisor)");
  });
});

describe('prediction without writing', () => {
  it('predicts the ticket the real call creates, its number in the message, and writes nothing', async () => {
    const team = uniqueTeamId();
    await settings(team, {
      createMissedCallTickets: true,
      automatedResponses: [{ trigger: 'MISSED_CALL', template: 'Sorry we missed you. Ticket {{ticketNumber}}.' }],
    });
    const call = callEnded(team, { endedDuring: 'VOICEMAIL_GREETING' });
    const before = await footprint(team);
    const first = await simulate(team, { callEnded: call }, 'ADMIN');
    const second = await simulate(team, { callEnded: call });
    expect(first.simulation).toMatchObject({
      ticketRule: 'MISSED_CALL_TICKET',
      ticketNumber: 'MC-1',
      body: 'Sorry we missed you. Ticket MC-1.',
    });
    expect(second.simulation).toEqual(first.simulation);
    expect(await footprint(team)).toEqual(before);

    const real = await record('recordCallEnded', 'CallEndedInput', call);
    expect(real).toMatchObject({
      trigger: first.simulation.trigger,
      decision: first.simulation.decision,
      suppressionReason: null,
      message: { body: first.simulation.body },
      missedCall: { ticketRule: 'MISSED_CALL_TICKET', ticket: { number: 'MC-1' } },
    });
    // the eventId of a recorded activity is not a duplicate to the dry run
    const after = await simulate(team, { callEnded: call });
    expect(after.simulation).toMatchObject({
      ticketNumber: 'MC-2',
      decision: 'SUPPRESSED',
      suppressionReason: 'COOLDOWN',
    });
  });

  it('writes nothing for a team it has never seen', async () => {
    const team = uniqueTeamId();
    const { simulation, errors } = await simulate(team, { advisorAction: advisorAction(team) });
    expect(errors).toBeUndefined();
    expect(simulation).toMatchObject({ trigger: 'PHOTO_VIDEO_REQUESTED', decision: 'DISPATCHED' });
    expect(await footprint(team)).toMatchObject({ teams: 0, activities: 0 });
  });
});

describe('refusals', () => {
  it.each([
    ['two activities', (team: string) => ({ callEnded: callEnded(team), advisorAction: advisorAction(team) })],
    ['no activity', () => ({})],
  ])('refuses %s with BAD_USER_INPUT', async (_name, input) => {
    const team = uniqueTeamId();
    const { errors, data } = await simulate(team, input(team));
    expect(data).toBeNull();
    expect(errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'EXACTLY_ONE_INPUT' });
  });

  it('validates the activity like the real one', async () => {
    const team = uniqueTeamId();
    const { errors } = await simulate(team, { callEnded: callEnded(team, { phone: '030 123' }) });
    expect(errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'phone' });
  });

  it("refuses another team's advisor, a service token and no token", async () => {
    const team = uniqueTeamId();
    const input = { i: { advisorAction: advisorAction(team) } };
    const other = await t.gql(SIMULATE, input, await t.token({ role: 'ADVISOR', teams: [uniqueTeamId()] }));
    expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const serviceToken = await t.gql(SIMULATE, input, await t.token({ role: 'SERVICE', teams: [team] }));
    expect(serviceToken.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const anonymous = await t.gql(SIMULATE, input, null);
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});

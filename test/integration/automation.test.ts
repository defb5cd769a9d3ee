import { advisorAction, callEnded, eventId, inboundMessage, OUTCOME, ticketEvent } from '../factories/activities';
import { startTestServer, uniqueTeamId, type TestServer } from '../support/server';

let t: TestServer;
let service: string;
beforeAll(async () => {
  t = await startTestServer();
  service = await t.token({ sub: 'telephony', role: 'SERVICE', teams: ['*'] });
});
afterAll(async () => {
  await t?.close();
});

const MUTATION = {
  call: ['recordCallEnded', 'CallEndedInput'],
  message: ['recordInboundMessage', 'InboundMessageInput'],
  ticket: ['recordTicketEvent', 'TicketEventInput'],
  advisor: ['recordAdvisorAction', 'AdvisorActionInput'],
} as const;

async function record(kind: keyof typeof MUTATION, input: Record<string, unknown>, token = service) {
  const [field, type] = MUTATION[kind];
  const res = await t.gql(`mutation($i: ${type}!) { ${field}(input: $i) { ${OUTCOME} } }`, { i: input }, token);
  return { ...res, outcome: res.data?.[field] };
}

async function settings(team: string, input: Record<string, unknown>) {
  const token = await t.token({ role: 'ADMIN', teams: [team] });
  const res = await t.gql(
    `mutation($i: UpdateChatSettingsInput!) { updateChatSettings(input: $i) { version } }`,
    {
      i: { teamId: team, ...input },
    },
    token,
  );
  expect(res.errors).toBeUndefined();
}

async function ringPlan(team: string, input: Record<string, unknown>) {
  const token = await t.token({ role: 'ADMIN', teams: [team] });
  const res = await t.gql(
    `mutation($i: CreateRingPlanInput!) { createRingPlan(input: $i) { id } }`,
    {
      i: { teamId: team, name: 'Plan', timeZone: 'Europe/Berlin', ...input },
    },
    token,
  );
  expect(res.errors).toBeUndefined();
}

const ALL_DAY = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'].map((day) => ({
  day,
  opens: '00:00',
  closes: '24:00',
}));
const WEEKDAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'].map((day) => ({
  day,
  opens: '08:00',
  closes: '17:00',
}));

/** Counts the rows a team has in every table an activity writes. */
async function footprint(team: string) {
  const [row] = await t.server.dataSource.query(
    `SELECT (SELECT count(*) FROM activity WHERE team_id = $1)::int AS activities,
            (SELECT count(*) FROM automated_message WHERE team_id = $1)::int AS messages,
            (SELECT count(*) FROM missed_call WHERE team_id = $1)::int AS missed,
            (SELECT count(*) FROM ticket WHERE team_id = $1)::int AS tickets,
            (SELECT count(*) FROM conversation WHERE team_id = $1)::int AS conversations,
            (SELECT count(*) FROM opt_out WHERE team_id = $1)::int AS opt_outs`,
    [team],
  );
  return row;
}

describe('choosing and sending', () => {
  it('sends CUSTOMER_HUNG_UP by SMS to the caller, rendered in the customer locale with the sender name', async () => {
    const team = uniqueTeamId();
    await settings(team, { companyName: 'Autohaus Müller' });
    const { outcome, errors } = await record('call', callEnded(team, { customerName: 'Alex', locale: 'de-AT' }));
    expect(errors).toBeUndefined();
    expect(outcome).toMatchObject({
      duplicate: false,
      trigger: 'CUSTOMER_HUNG_UP',
      decision: 'DISPATCHED',
      suppressionReason: null,
    });
    expect(outcome.message).toMatchObject({ channel: 'SMS', recipient: '+4930123456', locale: 'de', segments: 1 });
    expect(outcome.message.body).toBe(
      'Hallo Alex, entschuldigen Sie die Wartezeit bei Ihrem Anruf bei Autohaus Müller. Wir rufen Sie schnellstmöglich zurück.',
    );
    expect(outcome.missedCall).toMatchObject({ trigger: 'CUSTOMER_HUNG_UP', ticketCreated: false, ticket: null });
  });

  it('sends nothing for an answered call without a ticket, and CALL_COMPLETED_WITH_TICKET with one', async () => {
    const team = uniqueTeamId();
    const none = await record('call', callEnded(team, { endedDuring: 'ADVISOR_CONNECTED' }));
    expect(none.outcome).toMatchObject({ trigger: null, decision: 'NO_TRIGGER', message: null, missedCall: null });
    const withTicket = await record(
      'call',
      callEnded(team, { endedDuring: 'ADVISOR_CONNECTED', ticketId: 'EXT-77', ticketNumber: 'T-77' }),
    );
    expect(withTicket.outcome.trigger).toBe('CALL_COMPLETED_WITH_TICKET');
    expect(withTicket.outcome.message.body).toContain('T-77');
    expect(withTicket.outcome.message.ticket).toMatchObject({ externalId: 'EXT-77', number: 'T-77' });
  });

  it('answers FIRST_CHAT_MESSAGE only for the first message of a conversation', async () => {
    const team = uniqueTeamId();
    const first = await record('message', inboundMessage(team, { channel: 'WEB', phone: null, conversationId: 'c-1' }));
    expect(first.outcome.message).toMatchObject({ trigger: 'FIRST_CHAT_MESSAGE', channel: 'WEB', recipient: 'c-1' });
    const second = await record(
      'message',
      inboundMessage(team, { channel: 'WEB', phone: null, conversationId: 'c-1' }),
    );
    expect(second.outcome).toMatchObject({ trigger: null, decision: 'NO_TRIGGER' });
  });

  it('formats a payment amount in the customer locale and the team currency', async () => {
    const team = uniqueTeamId();
    const { outcome } = await record(
      'advisor',
      advisorAction(team, {
        action: 'REQUEST_PAYMENT',
        amount: 1249.9,
        currency: 'EUR',
        locale: 'de',
        link: 'https://pay.example.com/x',
      }),
    );
    expect(outcome.trigger).toBe('PAYMENT_REQUESTED');
    expect(outcome.message.body).toContain('1.249,90 €');
    expect(outcome.message.body).toContain('https://pay.example.com/x');
  });

  it('uses the team VoiceHub URL when an advisor shares the VoiceHub', async () => {
    const team = uniqueTeamId();
    await settings(team, { voiceHubUrl: 'https://voicehub.example.com/team' });
    const { outcome } = await record('advisor', advisorAction(team, { action: 'SHARE_VOICEHUB', link: null }));
    expect(outcome.message.body).toContain('https://voicehub.example.com/team');
  });
});

describe('business hours', () => {
  // Sunday 2026-11-22 11:00 in Berlin: outside Mon–Fri 08:00–17:00
  const sunday = '2026-11-22T10:00:00.000Z';

  it('sends AFTER_HOURS_CALL with the next opening time, judged at the call start', async () => {
    const team = uniqueTeamId();
    await ringPlan(team, { windows: WEEKDAYS });
    const { outcome } = await record(
      'call',
      callEnded(team, { startedAt: sunday, occurredAt: '2026-11-22T10:02:00.000Z' }),
    );
    expect(outcome.trigger).toBe('AFTER_HOURS_CALL');
    expect(outcome.message.body).toMatch(/We open again Mon, Nov 23, 08:00\./);
    expect(outcome.missedCall.trigger).toBe('AFTER_HOURS_CALL');
  });

  it('judges a call that started in hours and ended after closing as in hours', async () => {
    const team = uniqueTeamId();
    await ringPlan(team, { windows: WEEKDAYS });
    // Friday 2026-11-20 16:59 → 17:03 Berlin
    const { outcome } = await record(
      'call',
      callEnded(team, {
        startedAt: '2026-11-20T15:59:00.000Z',
        occurredAt: '2026-11-20T16:03:00.000Z',
        endedDuring: 'VOICEMAIL_GREETING',
      }),
    );
    expect(outcome.trigger).toBe('MISSED_CALL');
  });

  it('sends AFTER_HOURS_MESSAGE for SMS and AFTER_HOURS_TICKET for a web ticket while closed', async () => {
    const team = uniqueTeamId();
    await ringPlan(team, { windows: WEEKDAYS });
    const sms = await record('message', inboundMessage(team, { occurredAt: sunday }));
    expect(sms.outcome.trigger).toBe('AFTER_HOURS_MESSAGE');
    const web = await record(
      'ticket',
      ticketEvent(team, { source: 'WEB', channel: 'WEB', conversationId: 'web-1', phone: null, occurredAt: sunday }),
    );
    expect(web.outcome.message).toMatchObject({ trigger: 'AFTER_HOURS_TICKET', channel: 'WEB', recipient: 'web-1' });
  });

  it('does not fall back to a less specific trigger when the specific one is off', async () => {
    const team = uniqueTeamId();
    await ringPlan(team, { windows: WEEKDAYS });
    await settings(team, { automatedResponses: [{ trigger: 'AFTER_HOURS_CALL', enabled: false }] });
    const { outcome } = await record('call', callEnded(team, { startedAt: sunday, occurredAt: sunday }));
    expect(outcome).toMatchObject({
      trigger: 'AFTER_HOURS_CALL',
      decision: 'SUPPRESSED',
      suppressionReason: 'DISABLED',
    });
    expect(outcome.message.decision).toBe('SUPPRESSED');
  });
});

describe('suppression', () => {
  it('suppresses a switched-off trigger as DISABLED, and logs the missed call anyway', async () => {
    const team = uniqueTeamId();
    await settings(team, {
      automatedResponses: [{ trigger: 'MISSED_CALL', enabled: false }],
      createMissedCallTickets: true,
    });
    const { outcome } = await record('call', callEnded(team, { endedDuring: 'MENU_OPTIONS' }));
    expect(outcome).toMatchObject({ trigger: 'MISSED_CALL', decision: 'SUPPRESSED', suppressionReason: 'DISABLED' });
    expect(outcome.missedCall).toMatchObject({
      ticketCreated: true,
      ticket: { number: 'MC-1', source: 'MISSED_CALL' },
    });
  });

  it('suppresses a repeat to the same caller within the cooldown, not to another caller', async () => {
    const team = uniqueTeamId();
    const first = await record('call', callEnded(team));
    const again = await record('call', callEnded(team));
    const other = await record('call', callEnded(team, { phone: '+4930999999' }));
    expect(first.outcome.decision).toBe('DISPATCHED');
    expect(again.outcome).toMatchObject({ decision: 'SUPPRESSED', suppressionReason: 'COOLDOWN' });
    expect(other.outcome.decision).toBe('DISPATCHED');
  });

  it('lets only one of concurrent activities racing the same cooldown through', async () => {
    const team = uniqueTeamId();
    const results = await Promise.all(
      Array.from({ length: 10 }, () => record('call', callEnded(team, { phone: '+4930555000' }))),
    );
    expect(results.map((r) => r.errors)).toEqual(Array(10).fill(undefined));
    const decisions = results.map((r) => r.outcome.decision).sort();
    expect(decisions.filter((d) => d === 'DISPATCHED')).toHaveLength(1);
    expect(results.filter((r) => r.outcome.suppressionReason === 'COOLDOWN')).toHaveLength(9);
  });

  it('honours STOP and START on SMS, and opt-outs reported by other systems', async () => {
    const team = uniqueTeamId();
    const phone = '+4930777000';
    const stop = await record('message', inboundMessage(team, { phone, body: ' stop ' }));
    expect(stop.outcome).toMatchObject({ trigger: null, decision: 'NO_TRIGGER', message: null });
    const blocked = await record('advisor', advisorAction(team, { channel: 'SMS', phone }));
    expect(blocked.outcome).toMatchObject({ decision: 'SUPPRESSED', suppressionReason: 'OPTED_OUT' });
    await record('message', inboundMessage(team, { phone, body: 'START' }));
    const allowed = await record('advisor', advisorAction(team, { channel: 'SMS', phone }));
    expect(allowed.outcome.decision).toBe('DISPATCHED');

    const reported = await t.gql(
      `mutation($i: OptOutInput!) { recordOptOut(input: $i) }`,
      { i: { teamId: team, phone, channel: 'SMS' } },
      service,
    );
    expect(reported.data).toEqual({ recordOptOut: true });
    const again = await record('advisor', advisorAction(team, { channel: 'SMS', phone }));
    expect(again.outcome.suppressionReason).toBe('OPTED_OUT');
    const whatsapp = await record('advisor', advisorAction(team, { channel: 'WHATSAPP', phone }));
    expect(whatsapp.outcome.decision).toBe('DISPATCHED');
  });

  it('takes STOP on WhatsApp per channel and refuses opt-outs for channels without a phone number', async () => {
    const team = uniqueTeamId();
    const phone = '+4930777111';
    await record('message', inboundMessage(team, { channel: 'WHATSAPP', phone, body: 'Stop.' }));
    expect(
      (await record('advisor', advisorAction(team, { channel: 'WHATSAPP', phone }))).outcome.suppressionReason,
    ).toBe('OPTED_OUT');
    expect((await record('advisor', advisorAction(team, { channel: 'SMS', phone }))).outcome.decision).toBe(
      'DISPATCHED',
    );
    const web = await t.gql(
      `mutation($i: OptOutInput!) { recordOptOut(input: $i) }`,
      { i: { teamId: team, phone, channel: 'WEB' } },
      service,
    );
    expect(web.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'channel' });
    const badPhone = await t.gql(
      `mutation($i: OptOutInput!) { recordOptOut(input: $i) }`,
      { i: { teamId: team, phone: '12', channel: 'SMS' } },
      service,
    );
    expect(badPhone.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'phone' });
    const badTeam = await t.gql(
      `mutation($i: OptOutInput!) { recordOptOut(input: $i) }`,
      { i: { teamId: 'no such/team', phone, channel: 'SMS' } },
      service,
    );
    expect(badTeam.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'teamId' });
    expect(await t.server.dataSource.query(`SELECT 1 FROM team WHERE id = 'no such/team'`)).toHaveLength(0);
    expect(await footprint(team)).toMatchObject({ opt_outs: 1 });
  });

  it('suppresses a ticket message whose channel the trigger does not support', async () => {
    const team = uniqueTeamId();
    await ringPlan(team, { kind: 'CLOSED', windows: [] });
    const { outcome } = await record('ticket', ticketEvent(team, { source: 'WEB', channel: 'SMS' }));
    expect(outcome).toMatchObject({
      trigger: 'AFTER_HOURS_TICKET',
      decision: 'SUPPRESSED',
      suppressionReason: 'CHANNEL_NOT_SUPPORTED',
    });
  });

  it('suppresses a resolved ticket without a reachable customer as NO_RECIPIENT, and keeps it queryable', async () => {
    const team = uniqueTeamId();
    const { outcome } = await record('ticket', ticketEvent(team, { type: 'RESOLVED', source: 'SMS', phone: null }));
    expect(outcome).toMatchObject({
      trigger: 'ISSUE_RESOLVED',
      decision: 'SUPPRESSED',
      suppressionReason: 'NO_RECIPIENT',
    });
    const reader = await t.token({ role: 'ADVISOR', teams: [team] });
    const log = await t.gql(
      `{ team(id: "${team}") { automatedMessages(filter: { decision: SUPPRESSED }) { nodes { trigger suppressionReason recipient eventId } } } }`,
      {},
      reader,
    );
    expect(log.data!.team.automatedMessages.nodes).toEqual([
      { trigger: 'ISSUE_RESOLVED', suppressionReason: 'NO_RECIPIENT', recipient: '', eventId: outcome.eventId },
    ]);
  });
});

describe('missed calls and tickets (PRODUCT.md §5)', () => {
  async function openTicket(team: string, phone: string, openedAt: string, id = `T-${eventId()}`) {
    await record(
      'ticket',
      ticketEvent(team, { ticketId: id, number: id, phone, occurredAt: openedAt, source: 'PHONE' }),
    );
    return id;
  }
  const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();

  it.each([
    // ringLastAdvisor, createMissedCallTickets, open ticket opened days ago (null = none), expected placement
    [true, true, 2, 'RING_LAST_ADVISOR'],
    [true, false, 2, 'RING_LAST_ADVISOR'],
    [true, true, 9, 'MISSED_CALL_TICKET'],
    [true, false, 9, 'MOST_RECENT_OPEN_TICKET'],
    [false, true, 2, 'MISSED_CALL_TICKET'],
    [false, false, 2, 'MOST_RECENT_OPEN_TICKET'],
    [false, true, null, 'MISSED_CALL_TICKET'],
    [false, false, null, 'NO_TICKET'],
    [true, false, null, 'NO_TICKET'],
  ] as const)('RLA %s, missed-call tickets %s, open ticket from %s days ago → %s', async (rla, create, age, rule) => {
    const team = uniqueTeamId();
    const phone = '+4930111222';
    await settings(team, { ringLastAdvisor: rla, createMissedCallTickets: create });
    const existing = age === null ? null : await openTicket(team, phone, daysAgo(age));
    const { outcome } = await record('call', callEnded(team, { phone, endedDuring: 'VOICEMAIL_GREETING' }));
    expect(outcome.missedCall.ticketRule).toBe(rule);
    const ticket = outcome.missedCall.ticket;
    if (rule === 'MISSED_CALL_TICKET') {
      expect(ticket).toMatchObject({ number: 'MC-1', source: 'MISSED_CALL', status: 'OPEN' });
      expect(outcome.missedCall.ticketCreated).toBe(true);
    } else if (rule === 'NO_TICKET') {
      expect(ticket).toBeNull();
    } else {
      expect(ticket.externalId).toBe(existing);
      expect(outcome.missedCall.ticketCreated).toBe(false);
    }
    expect(outcome.message.ticket?.id ?? null).toBe(ticket?.id ?? null);
  });

  it('puts the new ticket number into the message', async () => {
    const team = uniqueTeamId();
    await settings(team, {
      createMissedCallTickets: true,
      automatedResponses: [{ trigger: 'MISSED_CALL', locale: 'en', template: 'Missed you. Ticket {{ticketNumber}}.' }],
    });
    const { outcome } = await record('call', callEnded(team, { endedDuring: 'MENU_OPTIONS' }));
    expect(outcome.message.body).toBe('Missed you. Ticket MC-1.');
  });

  it('ignores a closed ticket when matching', async () => {
    const team = uniqueTeamId();
    const phone = '+4930333444';
    await settings(team, { ringLastAdvisor: true });
    const id = await openTicket(team, phone, daysAgo(1));
    await record('ticket', ticketEvent(team, { ticketId: id, number: id, type: 'CLOSED', phone }));
    const { outcome } = await record('call', callEnded(team, { phone }));
    expect(outcome.missedCall.ticketRule).toBe('NO_TICKET');
  });

  it('creates an unassigned VM ticket for each voicemail', async () => {
    const team = uniqueTeamId();
    const a = await record('call', callEnded(team, { endedDuring: 'VOICEMAIL_RECORDED' }));
    const b = await record('call', callEnded(team, { endedDuring: 'VOICEMAIL_RECORDED', phone: '+4930444555' }));
    expect(a.outcome.trigger).toBe('VOICEMAIL_LEFT');
    expect(a.outcome.message.ticket).toMatchObject({ number: 'VM-1', source: 'VOICEMAIL', status: 'OPEN' });
    expect(b.outcome.message.ticket.number).toBe('VM-2');
    expect(a.outcome.missedCall).toBeNull();
  });

  it('numbers concurrent missed-call tickets without gaps or duplicates (more activities than pool connections)', async () => {
    const team = uniqueTeamId();
    await settings(team, { createMissedCallTickets: true });
    // a fresh plan: every activity's transaction misses the schedule cache and reads the plans itself
    await ringPlan(team, { windows: ALL_DAY });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        record('call', callEnded(team, { phone: `+49301000${String(i).padStart(3, '0')}` })),
      ),
    );
    const numbers = results
      .map((r) => r.outcome.missedCall.ticket.number)
      .sort((x, y) => Number(x.slice(3)) - Number(y.slice(3)));
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => `MC-${i + 1}`));
  });

  it('lists missed calls newest first and resolves them on the ticket', async () => {
    const team = uniqueTeamId();
    await settings(team, { createMissedCallTickets: true, ringLastAdvisor: true });
    await record('call', callEnded(team, { phone: '+4930200200' }));
    await record('call', callEnded(team, { phone: '+4930200200', endedDuring: 'MENU_OPTIONS' }));
    const reader = await t.token({ role: 'ADVISOR', teams: [team] });
    const res = await t.gql(
      `{ team(id: "${team}") { missedCalls(first: 1) { nodes { trigger ticketRule ticket { number missedCalls { trigger } } }
           pageInfo { hasNextPage endCursor } } } }`,
      {},
      reader,
    );
    expect(res.errors).toBeUndefined();
    const page = res.data!.team.missedCalls;
    expect(page.nodes[0]).toEqual({
      trigger: 'MISSED_CALL',
      ticketRule: 'RING_LAST_ADVISOR',
      ticket: { number: 'MC-1', missedCalls: [{ trigger: 'CUSTOMER_HUNG_UP' }, { trigger: 'MISSED_CALL' }] },
    });
    expect(page.pageInfo.hasNextPage).toBe(true);
  });
});

describe('idempotency', () => {
  it('returns the first outcome for a repeated eventId and sends nothing again', async () => {
    const team = uniqueTeamId();
    const input = callEnded(team, { endedDuring: 'VOICEMAIL_RECORDED' });
    const first = await record('call', input);
    const second = await record('call', { ...input, endedDuring: 'RINGING' });
    expect(second.outcome).toEqual({ ...first.outcome, duplicate: true });
    expect(await footprint(team)).toMatchObject({ activities: 1, messages: 1, tickets: 1 });
  });

  it('yields one message for the same eventId arriving at once on many connections', async () => {
    const team = uniqueTeamId();
    const input = callEnded(team, { endedDuring: 'MENU_OPTIONS' });
    const results = await Promise.all(Array.from({ length: 8 }, () => record('call', input)));
    expect(results.filter((r) => r.outcome.duplicate === false)).toHaveLength(1);
    expect(new Set(results.map((r) => r.outcome.message.id)).size).toBe(1);
    expect(await footprint(team)).toMatchObject({ activities: 1, messages: 1, missed: 1 });
  });
});

describe('two instances on one database', () => {
  it('yields one message when the same eventId reaches both at once', async () => {
    const second = await startTestServer({ db: t.db });
    try {
      const team = uniqueTeamId();
      const input = callEnded(team, { endedDuring: 'MENU_OPTIONS' });
      const query = `mutation($i: CallEndedInput!) { recordCallEnded(input: $i) { duplicate message { id } } }`;
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) => (i % 2 ? second : t).gql(query, { i: input }, service)),
      );
      expect(results.map((r) => r.errors)).toEqual(Array(6).fill(undefined));
      expect(results.filter((r) => r.data!.recordCallEnded.duplicate === false)).toHaveLength(1);
      expect(new Set(results.map((r) => r.data!.recordCallEnded.message.id)).size).toBe(1);
      expect(await footprint(team)).toMatchObject({ activities: 1, messages: 1, missed: 1 });
    } finally {
      await second.close();
    }
  });
});

describe('metrics', () => {
  it('counts decisions by trigger and outcome and times activities', async () => {
    const team = uniqueTeamId();
    await settings(team, { automatedResponses: [{ trigger: 'APPROVAL_REQUESTED', enabled: false }] });
    await record('advisor', advisorAction(team, { action: 'REQUEST_APPROVAL' }));
    const text = await (await fetch(t.server.url.replace(/graphql$/, 'metrics'))).text();
    expect(text).toMatch(
      /automation_decisions_total\{trigger="APPROVAL_REQUESTED",decision="SUPPRESSED",reason="DISABLED"\} [1-9]/,
    );
    expect(text).toMatch(/automation_activity_duration_seconds_count\{kind="ADVISOR_ACTION"\} [1-9]/);
  });
});

describe('bad input', () => {
  const future = new Date(Date.now() + 10 * 60_000).toISOString();
  it.each([
    ['a malformed phone number', 'call', { phone: '030 123456' }, 'phone'],
    [
      'a time more than 5 minutes ahead',
      'call',
      { occurredAt: future, startedAt: new Date().toISOString() },
      'occurredAt',
    ],
    [
      'a call that ends before it starts',
      'call',
      { startedAt: new Date().toISOString(), occurredAt: new Date(Date.now() - 3600_000).toISOString() },
      'startedAt',
    ],
    ['a malformed team id', 'call', { teamId: 'team with spaces' }, 'teamId'],
    ['an unknown call phase', 'call', { endedDuring: 'ON_HOLD' }, 'endedDuring'],
    ['an SMS without a phone number', 'message', { phone: null }, 'phone'],
    ['a web message without a conversation', 'message', { channel: 'WEB', conversationId: '' }, 'conversationId'],
    ['a link that is not https', 'advisor', { link: 'http://pay.example.com' }, 'link'],
    ['a negative amount', 'advisor', { action: 'REQUEST_PAYMENT', amount: -5, currency: 'EUR' }, 'amount'],
    ['an unknown currency', 'advisor', { action: 'REQUEST_PAYMENT', amount: 5, currency: 'EURO' }, 'currency'],
  ] as const)('rejects %s with BAD_USER_INPUT and writes nothing', async (_name, kind, overrides, field) => {
    const team = uniqueTeamId();
    const build = { call: callEnded, message: inboundMessage, advisor: advisorAction }[
      kind as 'call' | 'message' | 'advisor'
    ];
    const input = { ...build(team), ...overrides } as Record<string, unknown>;
    const res = await record(kind, input);
    expect(res.data?.[MUTATION[kind][0]] ?? null).toBeNull();
    expect(res.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(res.errors![0].extensions!.field).toBe(field);
    const rows = await t.server.dataSource.query(`SELECT count(*)::int AS n FROM activity WHERE team_id = $1`, [
      input.teamId,
    ]);
    expect(rows[0].n).toBe(0);
    expect(await footprint(team)).toEqual({
      activities: 0,
      messages: 0,
      missed: 0,
      tickets: 0,
      conversations: 0,
      opt_outs: 0,
    });
  });
});

describe('malformed requests', () => {
  it('names every missing required field of an input in extensions.field', async () => {
    const team = uniqueTeamId();
    const res = await record('call', { eventId: eventId(), teamId: team });
    expect(res.errors!.map((e) => [e.extensions!.code, e.extensions!.field])).toEqual([
      ['BAD_USER_INPUT', 'callId'],
      ['BAD_USER_INPUT', 'phone'],
      ['BAD_USER_INPUT', 'startedAt'],
      ['BAD_USER_INPUT', 'occurredAt'],
      ['BAD_USER_INPUT', 'endedDuring'],
    ]);
    expect(await footprint(team)).toMatchObject({ activities: 0 });
  });
});

describe('access', () => {
  it('lets advisors record advisor actions for their team only, and not calls', async () => {
    const team = uniqueTeamId();
    const advisor = await t.token({ role: 'ADVISOR', teams: [team] });
    expect((await record('advisor', advisorAction(team), advisor)).outcome.decision).toBe('DISPATCHED');
    expect((await record('advisor', advisorAction(uniqueTeamId()), advisor)).errors![0].extensions!.code).toBe(
      'FORBIDDEN',
    );
    expect((await record('call', callEnded(team), advisor)).errors![0].extensions!.code).toBe('FORBIDDEN');
  });

  it('names the role that would be allowed when a role is refused', async () => {
    const team = uniqueTeamId();
    const admin = await t.token({ role: 'ADMIN', teams: [team] });
    const refused = await record('call', callEnded(team), admin);
    expect(refused.errors![0].message).toBe(
      'Role ADMIN may not record activities for this team; this needs a SERVICE token',
    );
    expect(refused.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', allowedRoles: ['SERVICE'] });
    expect(await footprint(team)).toMatchObject({ activities: 0 });
  });

  it('limits a service token to its teams and answers UNAUTHENTICATED without a token', async () => {
    const team = uniqueTeamId();
    const scoped = await t.token({ role: 'SERVICE', teams: [team] });
    expect((await record('call', callEnded(team), scoped)).outcome.decision).toBe('DISPATCHED');
    const other = uniqueTeamId();
    expect((await record('call', callEnded(other), scoped)).errors![0].extensions!.code).toBe('FORBIDDEN');
    expect((await record('call', callEnded(other), '')).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expect(await footprint(other)).toMatchObject({ activities: 0 });
  });

  it('resolves AutomatedMessage and Ticket entities for members only', async () => {
    const team = uniqueTeamId();
    await settings(team, { createMissedCallTickets: true });
    const { outcome } = await record('call', callEnded(team));
    const reps = [
      { __typename: 'AutomatedMessage', id: outcome.message.id },
      { __typename: 'Ticket', id: outcome.missedCall.ticket.id },
    ];
    const query = `query($r: [_Any!]!) { _entities(representations: $r) {
      ... on AutomatedMessage { id trigger team { id } ticket { number } }
      ... on Ticket { id number missedCalls { trigger } } } }`;
    const member = await t.gql(query, { r: reps }, await t.token({ role: 'ADVISOR', teams: [team] }));
    expect(member.errors).toBeUndefined();
    expect(member.data!._entities).toEqual([
      { id: outcome.message.id, trigger: 'CUSTOMER_HUNG_UP', team: { id: team }, ticket: { number: 'MC-1' } },
      { id: outcome.missedCall.ticket.id, number: 'MC-1', missedCalls: [{ trigger: 'CUSTOMER_HUNG_UP' }] },
    ]);
    const stranger = await t.gql(query, { r: reps }, await t.token({ role: 'ADMIN', teams: [uniqueTeamId()] }));
    expect(stranger.data!._entities).toEqual([null, null]);
    expect(stranger.errors).toBeUndefined();
  });
});

describe('entity ids and entity answers (PRODUCT.md §7, §10)', () => {
  const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) {
    ... on AutomatedMessage { id trigger } ... on Ticket { id externalId number } ... on Team { id } } }`;

  it('gives two teams reporting ticket "T-1" two different opaque Ticket ids, each resolvable by its own team only', async () => {
    const teams = [uniqueTeamId(), uniqueTeamId()];
    const tickets = [];
    for (const team of teams) {
      await record('ticket', ticketEvent(team, { ticketId: 'T-1', number: 'T-1', source: 'PHONE' }));
      const { outcome } = await record(
        'call',
        callEnded(team, { endedDuring: 'ADVISOR_CONNECTED', ticketId: 'T-1', ticketNumber: 'T-1' }),
      );
      tickets.push(outcome.message.ticket);
    }
    expect(tickets[0]).toMatchObject({ externalId: 'T-1', number: 'T-1' });
    expect(tickets[1]).toMatchObject({ externalId: 'T-1', number: 'T-1' });
    expect(tickets[0].id).not.toBe(tickets[1].id);
    expect(tickets[0].id).not.toBe('T-1');

    for (const [i, team] of teams.entries()) {
      const res = await t.gql(
        ENTITIES,
        { r: tickets.map((tk) => ({ __typename: 'Ticket', id: tk.id })) },
        await t.token({ role: 'ADVISOR', teams: [team] }),
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!._entities).toEqual(
        tickets.map((tk, j) => (j === i ? { id: tk.id, externalId: 'T-1', number: 'T-1' } : null)),
      );
    }
  });

  it('gives tickets this service created an opaque id and no externalId', async () => {
    const team = uniqueTeamId();
    await settings(team, { createMissedCallTickets: true });
    const mc = (await record('call', callEnded(team))).outcome.missedCall.ticket;
    const vm = (await record('call', callEnded(team, { endedDuring: 'VOICEMAIL_RECORDED' }))).outcome.message.ticket;
    expect(mc).toMatchObject({ number: 'MC-1', externalId: null });
    expect(vm).toMatchObject({ number: 'VM-1', externalId: null });
    const res = await t.gql(
      ENTITIES,
      { r: [mc, vm].map((tk) => ({ __typename: 'Ticket', id: tk.id })) },
      await t.token({ role: 'ADMIN', teams: [team] }),
    );
    expect(res.data!._entities).toEqual([
      { id: mc.id, externalId: null, number: 'MC-1' },
      { id: vm.id, externalId: null, number: 'VM-1' },
    ]);
  });

  it("answers another team's AutomatedMessage and Ticket exactly like unknown ids: null, no error", async () => {
    const team = uniqueTeamId();
    await settings(team, { createMissedCallTickets: true });
    const { outcome } = await record('call', callEnded(team));
    const stranger = await t.token({ role: 'ADVISOR', teams: [uniqueTeamId()] });
    const theirs = await t.gql(
      ENTITIES,
      {
        r: [
          { __typename: 'AutomatedMessage', id: outcome.message.id },
          { __typename: 'Ticket', id: outcome.missedCall.ticket.id },
        ],
      },
      stranger,
    );
    const unknown = await t.gql(
      ENTITIES,
      {
        r: [
          { __typename: 'AutomatedMessage', id: '00000000-0000-4000-8000-000000000000' },
          { __typename: 'Ticket', id: '00000000-0000-4000-8000-000000000001' },
        ],
      },
      stranger,
    );
    const garbage = await t.gql(
      ENTITIES,
      {
        r: [
          { __typename: 'AutomatedMessage', id: 'nope' },
          { __typename: 'Ticket', id: 'T-1' },
        ],
      },
      stranger,
    );
    for (const res of [theirs, unknown, garbage]) {
      expect(res).toEqual({ status: 200, data: { _entities: [null, null] } });
    }
  });

  it('finds a message and a ticket by their ids in upper case too (uuids)', async () => {
    const team = uniqueTeamId();
    await settings(team, { createMissedCallTickets: true });
    const { outcome } = await record('call', callEnded(team));
    const res = await t.gql(
      ENTITIES,
      {
        r: [
          { __typename: 'AutomatedMessage', id: outcome.message.id.toUpperCase() },
          { __typename: 'Ticket', id: outcome.missedCall.ticket.id.toUpperCase() },
        ],
      },
      await t.token({ role: 'ADVISOR', teams: [team] }),
    );
    expect(res.data!._entities).toEqual([
      { id: outcome.message.id, trigger: 'CUSTOMER_HUNG_UP' },
      { id: outcome.missedCall.ticket.id, externalId: null, number: 'MC-1' },
    ]);
  });

  it("keeps another team's Team representation FORBIDDEN", async () => {
    const res = await t.gql(
      ENTITIES,
      { r: [{ __typename: 'Team', id: uniqueTeamId() }] },
      await t.token({ role: 'ADMIN', teams: [uniqueTeamId()] }),
    );
    expect(res.data!._entities).toEqual([null]);
    expect(res.errors![0].extensions!.code).toBe('FORBIDDEN');
  });

  it.each([
    ['an unknown __typename', { __typename: 'Invoice', id: 'x' }],
    ['a type that is no entity', { __typename: 'MissedCall', id: 'x' }],
    ['no __typename', { id: 'x' }],
    ['a Team without its key', { __typename: 'Team' }],
    ['an AutomatedMessage without its key', { __typename: 'AutomatedMessage', number: 'x' }],
    ['a Ticket with a key that is no id', { __typename: 'Ticket', id: { nested: true } }],
  ])('refuses %s as BAD_USER_INPUT', async (_label, rep) => {
    const team = uniqueTeamId();
    const res = await t.gql(
      ENTITIES,
      { r: [{ __typename: 'Team', id: team }, rep] },
      await t.token({ role: 'SERVICE', teams: ['*'] }),
    );
    expect(res.status).toBe(200);
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'INVALID_REPRESENTATION',
      field: 'representations[1]',
    });
    expect(await t.server.dataSource.query(`SELECT id FROM team WHERE id = $1`, [team])).toHaveLength(0);
  });
});

describe('reading the dispatch log', () => {
  it('pages in log order and filters by trigger, channel, decision and time', async () => {
    const team = uniqueTeamId();
    await record('call', callEnded(team, { phone: '+4930100001' }));
    await record('message', inboundMessage(team, { channel: 'WHATSAPP', phone: '+4930100002' }));
    await record('advisor', advisorAction(team, { channel: 'SMS', phone: '+4930100003' }));
    await record('call', callEnded(team, { phone: '+4930100001' })); // cooldown → suppressed
    const reader = await t.token({ role: 'ADVISOR', teams: [team] });
    const q = (args: string) =>
      t.gql(
        `{ team(id: "${team}") { automatedMessages(${args}) { nodes { trigger channel decision } pageInfo { hasNextPage endCursor } } } }`,
        {},
        reader,
      );

    const page1 = (await q('first: 2')).data!.team.automatedMessages;
    expect(page1.nodes.map((n: { trigger: string }) => n.trigger)).toEqual(['CUSTOMER_HUNG_UP', 'FIRST_CHAT_MESSAGE']);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = (await q(`first: 5, after: "${page1.pageInfo.endCursor}"`)).data!.team.automatedMessages;
    expect(page2.nodes.map((n: { trigger: string }) => n.trigger)).toEqual([
      'PHOTO_VIDEO_REQUESTED',
      'CUSTOMER_HUNG_UP',
    ]);
    expect(page2.pageInfo.hasNextPage).toBe(false);

    const newest = (await q('first: 1, newestFirst: true')).data!.team.automatedMessages;
    expect(newest.nodes).toEqual([{ trigger: 'CUSTOMER_HUNG_UP', channel: 'SMS', decision: 'SUPPRESSED' }]);
    const whatsapp = (await q('filter: { channel: WHATSAPP }')).data!.team.automatedMessages;
    expect(whatsapp.nodes).toEqual([{ trigger: 'FIRST_CHAT_MESSAGE', channel: 'WHATSAPP', decision: 'DISPATCHED' }]);
    const calls = (await q('filter: { triggers: [CUSTOMER_HUNG_UP], decision: DISPATCHED }')).data!.team
      .automatedMessages;
    expect(calls.nodes).toHaveLength(1);
    const future = (await q(`filter: { since: "${new Date(Date.now() + 60_000).toISOString()}" }`)).data!.team
      .automatedMessages;
    expect(future.nodes).toEqual([]);
  });

  it('gives complete page info: start and end cursors, and whether pages come before and after', async () => {
    const team = uniqueTeamId();
    for (const phone of ['+4930200001', '+4930200002', '+4930200003']) await record('call', callEnded(team, { phone }));
    const reader = await t.token({ role: 'ADVISOR', teams: [team] });
    const q = async (args: string) =>
      (
        await t.gql(
          `{ team(id: "${team}") { automatedMessages(${args}) { edges { cursor } pageInfo { hasPreviousPage hasNextPage startCursor endCursor } } } }`,
          {},
          reader,
        )
      ).data!.team.automatedMessages;
    const first = await q('first: 2');
    expect(first.pageInfo).toEqual({
      hasPreviousPage: false,
      hasNextPage: true,
      startCursor: first.edges[0].cursor,
      endCursor: first.edges[1].cursor,
    });
    const rest = await q(`first: 2, after: "${first.pageInfo.endCursor}"`);
    expect(rest.pageInfo).toEqual({
      hasPreviousPage: true,
      hasNextPage: false,
      startCursor: rest.edges[0].cursor,
      endCursor: rest.edges[0].cursor,
    });
    const empty = await q(`first: 2, after: "${rest.pageInfo.endCursor}"`);
    expect(empty.pageInfo).toEqual({ hasPreviousPage: true, hasNextPage: false, startCursor: null, endCursor: null });
  });

  it('rejects a cursor of another list', async () => {
    const team = uniqueTeamId();
    const reader = await t.token({ role: 'ADVISOR', teams: [team] });
    const res = await t.gql(
      `{ team(id: "${team}") { automatedMessages(after: "bm90LWEtY3Vyc29y") { nodes { id } } } }`,
      {},
      reader,
    );
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' });
  });
});

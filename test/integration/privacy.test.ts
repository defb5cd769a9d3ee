import { advisorAction, callEnded, eventId, inboundMessage, OUTCOME, ticketEvent } from '../factories/activities';
import { Client } from 'pg';
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

const PHONE = '+4915112345678';
const OTHER_PHONE = '+4930999888';
const NAME = 'Erika Mustermann';

const MUTATION = {
  call: ['recordCallEnded', 'CallEndedInput'],
  message: ['recordInboundMessage', 'InboundMessageInput'],
  ticket: ['recordTicketEvent', 'TicketEventInput'],
  advisor: ['recordAdvisorAction', 'AdvisorActionInput'],
} as const;

async function record(kind: keyof typeof MUTATION, input: Record<string, unknown>) {
  const [field, type] = MUTATION[kind];
  const res = await t.gql(`mutation($i: ${type}!) { ${field}(input: $i) { ${OUTCOME} } }`, { i: input }, service);
  expect(res.errors).toBeUndefined();
  return res.data![field];
}

const ERASE = `mutation($team: ID!, $phone: String, $conversationId: ID) {
  eraseCustomerData(teamId: $team, phone: $phone, conversationId: $conversationId) { messages missedCalls } }`;

async function erase(team: string, args: { phone?: string; conversationId?: string }, token?: string) {
  return t.gql(ERASE, { team, ...args }, token ?? (await t.token({ sub: 'admin-anna', role: 'ADMIN', teams: [team] })));
}

/** What a dashboard shows of the team's log: every row, without the personal fields. */
async function logShape(team: string, token: string) {
  const res = await t.gql(
    `query($team: ID!) { team(id: $team) { automatedMessages(first: 100) { nodes { eventId trigger decision suppressionReason channel segments locale } } } }`,
    { team },
    token,
  );
  expect(res.errors).toBeUndefined();
  return res.data!.team.automatedMessages.nodes;
}

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500; i += 1) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('condition not reached');
}

/** Every text, varchar and json column of every table, as `table.column`. */
async function textColumns(): Promise<{ table_name: string; column_name: string }[]> {
  return t.server.dataSource.query(
    `SELECT c.table_name, c.column_name FROM information_schema.columns c
       JOIN information_schema.tables tb ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name AND tb.table_type = 'BASE TABLE'
      WHERE c.table_schema = 'public' AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY', 'USER-DEFINED')
      ORDER BY 1, 2`,
  );
}

/**
 * Where a needle occurs in the database: as written, and, for digit strings, in any formatting
 * (spaces, dashes, a leading 0 instead of +49) since separators are stripped before comparing.
 */
async function traces(needles: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const { table_name, column_name } of await textColumns()) {
    for (const needle of needles) {
      const digits = /^\+?[0-9]+$/.test(needle);
      const [{ n }] = await t.server.dataSource.query(
        digits
          ? `SELECT count(*)::int AS n FROM "${table_name}" WHERE regexp_replace("${column_name}"::text, '[^0-9]', '', 'g') LIKE '%' || $1 || '%'`
          : `SELECT count(*)::int AS n FROM "${table_name}" WHERE "${column_name}"::text ILIKE '%' || $1 || '%'`,
        [digits ? needle.replace(/\D/g, '') : needle],
      );
      if (n > 0) found.push(`${table_name}.${column_name} (${needle}): ${n}`);
    }
  }
  return found;
}

describe('eraseCustomerData by phone', () => {
  it('removes the number, names and texts from every table, keeps the rows and counts, and keeps the opt-out honoured', async () => {
    const team = uniqueTeamId('erase');
    const admin = await t.token({ sub: 'admin-anna', role: 'ADMIN', teams: [team] });
    const saved = await t.gql(
      `mutation($i: UpdateChatSettingsInput!) { updateChatSettings(input: $i) { version } }`,
      { i: { teamId: team, createMissedCallTickets: true } },
      admin,
    );
    expect(saved.errors).toBeUndefined();

    // the person: a missed call (MC ticket), a second one inside the cooldown (suppressed), a
    // ticket from elsewhere, a WhatsApp request, and STOP on SMS
    const first = await record('call', callEnded(team, { phone: PHONE, customerName: NAME }));
    expect(first).toMatchObject({
      decision: 'DISPATCHED',
      message: { recipient: PHONE },
      missedCall: { ticketCreated: true },
    });
    expect(first.message.body).toContain('Erika');
    const second = await record('call', callEnded(team, { phone: PHONE, customerName: NAME }));
    expect(second).toMatchObject({ decision: 'SUPPRESSED', suppressionReason: 'COOLDOWN' });
    await record('ticket', ticketEvent(team, { phone: PHONE, customerName: NAME, ticketId: 'EXT-1', number: 'T-1' }));
    const photo = await record(
      'advisor',
      advisorAction(team, { phone: PHONE, customerName: NAME, channel: 'WHATSAPP' }),
    );
    expect(photo).toMatchObject({ decision: 'DISPATCHED', message: { recipient: PHONE } });
    const stop = await record('message', inboundMessage(team, { phone: PHONE, body: 'STOP' }));
    expect(stop.decision).toBe('NO_TRIGGER');
    // someone else, who must be untouched
    const other = await record('call', callEnded(team, { phone: OTHER_PHONE, customerName: 'Max Muster' }));
    expect(other.decision).toBe('DISPATCHED');

    const before = await logShape(team, admin);
    expect(before).toHaveLength(4);
    expect(await traces([PHONE, 'Erika'])).not.toEqual([]);

    // any formatting of the number finds the person (E.164 like activities)
    const res = await erase(team, { phone: '+49 151 1234-5678' });
    expect(res.errors).toBeUndefined();
    expect(res.data!.eraseCustomerData).toEqual({ messages: 3, missedCalls: 2 });

    expect(await traces([PHONE, '015112345678', 'Erika', 'Mustermann'])).toEqual([]);
    expect(await logShape(team, admin)).toEqual(before);

    const read = await t.gql(
      `query($team: ID!) { team(id: $team) {
         automatedMessages(first: 100) { nodes { recipient body eventId } }
         missedCalls(first: 10) { nodes { phone ticket { number } } }
         erasures { at actor messages missedCalls } } }`,
      { team },
      admin,
    );
    expect(read.errors).toBeUndefined();
    const nodes = read.data!.team.automatedMessages.nodes;
    expect(nodes.filter((n: { recipient: string }) => n.recipient === '')).toHaveLength(3);
    expect(nodes.find((n: { eventId: string }) => n.eventId === other.eventId)).toMatchObject({
      recipient: OTHER_PHONE,
    });
    expect(read.data!.team.missedCalls.nodes.map((n: { phone: string }) => n.phone).sort()).toEqual([
      '',
      '',
      OTHER_PHONE,
    ]);
    expect(read.data!.team.erasures).toEqual([
      { at: expect.any(String), actor: 'admin-anna', messages: 3, missedCalls: 2 },
    ]);

    // the stored outcome of an eventId replayed after erasure carries no number either
    const replay = await t.gql(
      `mutation($i: CallEndedInput!) { recordCallEnded(input: $i) { ${OUTCOME} } }`,
      {
        i: callEnded(team, { eventId: first.eventId, phone: PHONE }),
      },
      service,
    );
    expect(replay.data!.recordCallEnded).toMatchObject({
      duplicate: true,
      message: { recipient: '', body: '' },
      missedCall: { phone: '' },
    });

    // the opt-out still suppresses the number
    const after = await record('advisor', advisorAction(team, { phone: PHONE, channel: 'SMS' }));
    expect(after).toMatchObject({ decision: 'SUPPRESSED', suppressionReason: 'OPTED_OUT' });
  });

  it("erases the provider's texts of the person's delivery reports, also of reports that arrive after the erasure", async () => {
    const team = uniqueTeamId('erase');
    const phone = '+4915155501234'; // its own number: traces() searches every team's rows
    const admin = await t.token({ sub: 'admin-anna', role: 'ADMIN', teams: [team] });
    const sent = await record('call', callEnded(team, { phone: phone }));
    expect(sent.decision).toBe('DISPATCHED');
    const report = (status: string, extra: Record<string, unknown>) =>
      t.gql(
        `mutation($i: DeliveryStatusInput!) { recordDeliveryStatus(input: $i) { id } }`,
        {
          i: {
            eventId: eventId('dr'),
            teamId: team,
            messageId: sent.message.id,
            status,
            occurredAt: new Date().toISOString(),
            ...extra,
          },
        },
        service,
      );
    // providers echo the number in their texts and ids
    const failed = await report('FAILED', {
      providerMessageId: `SM-${phone}`,
      errorCode: '30003',
      errorMessage: `Unreachable destination handset ${phone}`,
    });
    expect(failed.errors).toBeUndefined();
    expect(await traces([phone])).toEqual(expect.arrayContaining([expect.stringMatching(/^delivery_report\./)]));

    expect((await erase(team, { phone: phone })).errors).toBeUndefined();
    expect(await traces([phone])).toEqual([]);

    // a late report for the erased message keeps its status and code, not the provider's texts
    const late = await report('UNDELIVERED', {
      providerMessageId: `SM-${phone}-2`,
      errorCode: '30005',
      errorMessage: `Unknown destination handset ${phone}`,
    });
    expect(late.errors).toBeUndefined();
    expect(await traces([phone])).toEqual([]);
    const read = await t.gql(
      `query($team: ID!) { team(id: $team) { automatedMessages(first: 5) { nodes {
         delivery { status errorCode errorMessage providerMessageId history { status errorCode } } } } } }`,
      { team },
      admin,
    );
    expect(read.errors).toBeUndefined();
    // the late report is the current one now (it ranks higher), kept without the provider's texts
    expect(read.data!.team.automatedMessages.nodes[0].delivery).toMatchObject({
      status: 'UNDELIVERED',
      errorCode: '30005',
      errorMessage: null,
      providerMessageId: null,
      history: [
        { status: 'FAILED', errorCode: '30003' },
        { status: 'UNDELIVERED', errorCode: '30005' },
      ],
    });
  });

  it('is idempotent: a second erasure erases 0, succeeds and is audited too', async () => {
    const team = uniqueTeamId('erase');
    await record('call', callEnded(team, { phone: PHONE }));
    expect((await erase(team, { phone: PHONE })).data!.eraseCustomerData).toEqual({ messages: 1, missedCalls: 1 });
    const again = await erase(team, { phone: PHONE });
    expect(again.errors).toBeUndefined();
    expect(again.data!.eraseCustomerData).toEqual({ messages: 0, missedCalls: 0 });
    const admin = await t.token({ role: 'ADMIN', teams: [team] });
    const audit = await t.gql(
      `query($team: ID!) { team(id: $team) { erasures { messages missedCalls } } }`,
      { team },
      admin,
    );
    expect(audit.data!.team.erasures).toEqual([
      { messages: 0, missedCalls: 0 },
      { messages: 1, missedCalls: 1 },
    ]);
  });

  it("erases only the team's own rows", async () => {
    const team = uniqueTeamId('erase');
    const neighbour = uniqueTeamId('erase');
    await record('call', callEnded(team, { phone: PHONE }));
    const kept = await record('call', callEnded(neighbour, { phone: PHONE }));
    expect((await erase(team, { phone: PHONE })).data!.eraseCustomerData).toEqual({ messages: 1, missedCalls: 1 });
    const [row] = await t.server.dataSource.query(`SELECT recipient FROM automated_message WHERE id = $1`, [
      kept.message.id,
    ]);
    expect(row.recipient).toBe(PHONE);
  });
});

describe('eraseCustomerData and an activity of the team in flight', () => {
  it('waits for the activity holding the team and erases what it wrote', async () => {
    const team = uniqueTeamId('erase');
    const phone = '+4917011122233';
    await record('call', callEnded(team, { phone }));
    const activity = new Client({ connectionString: t.db.url });
    await activity.connect();
    try {
      // an activity inside its transaction: it holds the team's row and has written its log row
      await activity.query('BEGIN');
      await activity.query(`SELECT 1 FROM team WHERE id = $1 FOR UPDATE`, [team]);
      await activity.query(
        `INSERT INTO automated_message (team_id, position, event_id, trigger, decision, channel, recipient, body, locale, segments, activity_at)
         VALUES ($1, 1000, 'in-flight', 'CUSTOMER_HUNG_UP', 'DISPATCHED', 'SMS', $2, 'Hallo Ottilie', 'de', 1, now())`,
        [team, phone],
      );
      const erasing = erase(team, { phone });
      await until(async () => {
        const { rows } = await activity.query(
          `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE NOT l.granted AND a.datname = current_database() AND a.pid <> pg_backend_pid()`,
        );
        return rows[0].n > 0;
      });
      await activity.query('COMMIT');
      expect((await erasing).data!.eraseCustomerData).toEqual({ messages: 2, missedCalls: 1 });
      expect(await traces([phone, 'Ottilie'])).toEqual([]);
    } finally {
      await activity.end();
    }
  });
});

describe('eraseCustomerData by conversation', () => {
  it('removes the conversation id from the log, its tickets and the conversation, keeping the rows', async () => {
    const team = uniqueTeamId('erase');
    const conversationId = `conv-web-${eventId('c')}`;
    const chat = await record(
      'message',
      inboundMessage(team, { channel: 'WEB', conversationId, phone: null, customerName: NAME }),
    );
    expect(chat).toMatchObject({
      trigger: 'FIRST_CHAT_MESSAGE',
      decision: 'DISPATCHED',
      message: { recipient: conversationId },
    });
    await record(
      'ticket',
      ticketEvent(team, { channel: 'WEB', source: 'WEB', conversationId, phone: null, ticketId: 'EXT-W1' }),
    );
    const res = await erase(team, { conversationId });
    expect(res.errors).toBeUndefined();
    expect(res.data!.eraseCustomerData).toEqual({ messages: 1, missedCalls: 0 });
    expect(await traces([conversationId, 'Erika'])).toEqual([]);
    const [{ n }] = await t.server.dataSource.query(
      `SELECT count(*)::int AS n FROM automated_message WHERE team_id = $1`,
      [team],
    );
    expect(n).toBe(1);
  });
});

describe('eraseCustomerData by phone reaches the same person on web and app', () => {
  it('erases the conversations a ticket ties to the number', async () => {
    // a number and a name no other test uses: the trace check reads the whole database
    const phone = '+4917098765432';
    const team = uniqueTeamId('erase');
    const conversationId = `conv-app-${eventId('c')}`;
    const chat = await record(
      'message',
      inboundMessage(team, { channel: 'MOBILE_APP', conversationId, phone: null, customerName: 'Ottilie Beispiel' }),
    );
    expect(chat).toMatchObject({ decision: 'DISPATCHED', message: { recipient: conversationId } });
    await record(
      'ticket',
      ticketEvent(team, { channel: 'MOBILE_APP', source: 'MOBILE_APP', conversationId, phone, ticketId: 'EXT-A1' }),
    );
    const unrelated = await record(
      'message',
      inboundMessage(team, { channel: 'WEB', phone: null, customerName: 'Max' }),
    );
    expect((await erase(team, { phone })).data!.eraseCustomerData).toEqual({ messages: 1, missedCalls: 0 });
    expect(await traces([phone, conversationId, 'Ottilie'])).toEqual([]);
    const [row] = await t.server.dataSource.query(`SELECT recipient FROM automated_message WHERE id = $1`, [
      unrelated.message.id,
    ]);
    expect(row.recipient).toBe(unrelated.message.recipient);
  });
});

describe('eraseCustomerData input and access', () => {
  it.each([
    ['both phone and conversationId', { phone: PHONE, conversationId: 'conv-1' }, 'EXACTLY_ONE_INPUT'],
    ['neither', {}, 'EXACTLY_ONE_INPUT'],
    ['a malformed phone', { phone: '0151 12345678' }, 'INVALID_PHONE'],
    ['an empty conversationId', { conversationId: '  ' }, 'INVALID_ID'],
  ])('refuses %s with BAD_USER_INPUT and writes nothing', async (_name, args, reason) => {
    const team = uniqueTeamId('erase');
    await record('call', callEnded(team, { phone: PHONE }));
    const res = await erase(team, args);
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason });
    const [row] = await t.server.dataSource.query(
      `SELECT (SELECT count(*) FROM erasure WHERE team_id = $1)::int AS audits,
              (SELECT count(*) FROM automated_message WHERE team_id = $1 AND recipient = $2)::int AS kept`,
      [team, PHONE],
    );
    expect(row).toEqual({ audits: 0, kept: 1 });
  });

  it("is for the team's admins only: advisors, services and other teams' admins get FORBIDDEN, no token UNAUTHENTICATED", async () => {
    const team = uniqueTeamId('erase');
    await record('call', callEnded(team, { phone: PHONE }));
    for (const token of [
      await t.token({ role: 'ADVISOR', teams: [team] }),
      service,
      await t.token({ role: 'ADMIN', teams: [uniqueTeamId('other')] }),
    ]) {
      expect((await erase(team, { phone: PHONE }, token)).errors![0].extensions!.code).toBe('FORBIDDEN');
      const audit = await t.gql(`query($team: ID!) { team(id: $team) { erasures { actor } } }`, { team }, token);
      expect(audit.errors?.[0].extensions!.code).toBe('FORBIDDEN');
    }
    expect((await t.gql(ERASE, { team, phone: PHONE }, null)).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    const [{ n }] = await t.server.dataSource.query(
      `SELECT count(*)::int AS n FROM automated_message WHERE team_id = $1 AND recipient = $2`,
      [team, PHONE],
    );
    expect(n).toBe(1);
  });

  it('reads the audit of many teams in one statement', async () => {
    const teams = [uniqueTeamId('erase'), uniqueTeamId('erase'), uniqueTeamId('erase')];
    for (const team of teams) await erase(team, { phone: PHONE });
    const admin = await t.token({ role: 'ADMIN', teams });
    const statements = async () =>
      Number(
        /^db_statements_total (\S+)$/m.exec(
          await (await fetch(t.server.url.replace(/graphql$/, 'metrics'))).text(),
        )![1],
      );
    const reps = teams.map((id) => ({ __typename: 'Team', id }));
    const before = await statements();
    const res = await t.gql(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Team { erasures { messages } } } }`,
      { r: reps },
      admin,
    );
    const used = (await statements()) - before;
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities).toEqual(teams.map(() => ({ erasures: [{ messages: 0 }] })));
    expect(used).toBe(1);
  });
});

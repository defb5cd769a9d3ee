import { advisorAction, callEnded, inboundMessage, ticketEvent } from '../factories/activities';
import { startTestServer, uniqueTeamId, type GraphQLResponse, type TestServer } from '../support/server';
import { feedClient } from '../support/subscriptions';

// PRODUCT.md §10 "Hostile input is a clear error": BAD_USER_INPUT naming the field, or a JSON 413;
// never INTERNAL_SERVER_ERROR, never a runtime message; nothing written.
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.close();
});

const NUL = 'a\u0000b';
const LONE_HIGH = 'a\uD800b';
const LONE_LOW = '\uDC00';

async function teamRows(team: string): Promise<number> {
  const rows = await t.server.dataSource.query(
    `SELECT (SELECT count(*) FROM team WHERE id = $1) + (SELECT count(*) FROM activity WHERE team_id = $1) + (SELECT count(*) FROM ring_plan WHERE team_id = $1) AS n`,
    [team],
  );
  return Number(rows[0].n);
}

function expectBadInput(res: GraphQLResponse, reason: string, field: string) {
  expect(res.errors).toHaveLength(1);
  expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason, field });
  expect(res.errors![0].message).not.toMatch(/Maximum call stack|Internal server error/);
}

describe('strings with NUL characters or unpaired surrogates', () => {
  const settings = `mutation($input: UpdateChatSettingsInput!) { updateChatSettings(input: $input) { version } }`;
  const plan = `mutation($input: CreateRingPlanInput!) { createRingPlan(input: $input) { id } }`;
  const outcome = 'decision';
  const cases: [string, 'ADMIN' | 'SERVICE', string, (team: string) => Record<string, unknown>, string][] = [
    ['team name', 'ADMIN', settings, (team) => ({ input: { teamId: team, teamName: NUL } }), 'teamName'],
    [
      'template',
      'ADMIN',
      settings,
      (team) => ({
        input: { teamId: team, automatedResponses: [{ trigger: 'MISSED_CALL', template: `Hi ${LONE_HIGH}` }] },
      }),
      'automatedResponses[0].template',
    ],
    [
      'plan name',
      'ADMIN',
      plan,
      (team) => ({ input: { teamId: team, name: NUL, timeZone: 'Europe/Berlin', windows: [] } }),
      'name',
    ],
    [
      'customer name',
      'SERVICE',
      `mutation($input: CallEndedInput!) { recordCallEnded(input: $input) { ${outcome} } }`,
      (team) => ({ input: callEnded(team, { customerName: NUL }) }),
      'customerName',
    ],
    [
      'eventId',
      'SERVICE',
      `mutation($input: AdvisorActionInput!) { recordAdvisorAction(input: $input) { ${outcome} } }`,
      (team) => ({ input: advisorAction(team, { eventId: `evt-${LONE_LOW}` }) }),
      'eventId',
    ],
    [
      'message body',
      'SERVICE',
      `mutation($input: InboundMessageInput!) { recordInboundMessage(input: $input) { ${outcome} } }`,
      (team) => ({ input: inboundMessage(team, { body: NUL }) }),
      'body',
    ],
    [
      'ticket number',
      'SERVICE',
      `mutation($input: TicketEventInput!) { recordTicketEvent(input: $input) { ${outcome} } }`,
      (team) => ({ input: ticketEvent(team, { number: LONE_HIGH }) }),
      'number',
    ],
  ];

  it.each(cases)(
    'refuses a %s in variables with BAD_USER_INPUT naming the field, writing nothing',
    async (_what, role, query, variables, field) => {
      const team = uniqueTeamId();
      const token = await t.token({ role, teams: role === 'SERVICE' ? ['*'] : [team] });
      const res = await t.gql(query, variables(team), token);
      expectBadInput(res, 'INVALID_STRING', field);
      expect(res.data ?? null).toBeNull();
      expect(await teamRows(team)).toBe(0);
    },
  );

  it('refuses a NUL written inline in the operation, naming the field', async () => {
    const team = uniqueTeamId();
    const token = await t.token({ role: 'ADMIN', teams: [team] });
    const res = await t.gql(
      `mutation { updateChatSettings(input: { teamId: "${team}", companyName: "Autohaus\\u0000" }) { version } }`,
      {},
      token,
    );
    expectBadInput(res, 'INVALID_STRING', 'companyName');
    expect(await teamRows(team)).toBe(0);
  });

  it('refuses them on the WebSocket too', async () => {
    const team = uniqueTeamId();
    const client = feedClient(t.server.wsUrl, await t.token({ role: 'SERVICE', teams: ['*'] }));
    try {
      const sub = client.subscribe(
        `subscription($team: ID!, $after: String) { automatedMessageDispatched(teamId: $team, after: $after) { id } }`,
        {
          team,
          after: NUL,
        },
      );
      await sub.waitForEnd();
      expect(sub.errors[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'INVALID_STRING',
        field: 'after',
      });
    } finally {
      await client.dispose();
    }
  });

  it('still accepts any well-formed text, emoji and umlauts included', async () => {
    const team = uniqueTeamId();
    const token = await t.token({ role: 'ADMIN', teams: [team] });
    const res = await t.gql(settings, { input: { teamId: team, teamName: 'Müller 🚗 Service' } }, token);
    expect(res.errors).toBeUndefined();
  });
});

/** `{"a":{"a":…1…}}`, `depth` objects deep. */
const nestedObject = (depth: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i += 1) v = { a: v };
  return v;
};

describe('JSON nested too deep', () => {
  const preview = `query($team: ID!, $values: JSON) { team(id: $team) { chatSettings { automatedResponse(trigger: MISSED_CALL) { preview(values: $values) { text } } } } }`;

  it('refuses a JSON variable nested more than 32 levels', async () => {
    const team = uniqueTeamId();
    const token = await t.token({ role: 'ADMIN', teams: [team] });
    const res = await t.gql(preview, { team, values: nestedObject(33) }, token);
    expectBadInput(res, 'INPUT_TOO_DEEP', 'values');
    expect(res.errors![0].message).toContain('32');
    expect(await teamRows(team)).toBe(0);
  });

  it('refuses a JSON argument written inline nested more than 32 levels', async () => {
    const team = uniqueTeamId();
    const token = await t.token({ role: 'ADMIN', teams: [team] });
    const literal = `${'{a: '.repeat(33)}1${'}'.repeat(33)}`;
    const res = await t.gql(
      `{ team(id: "${team}") { chatSettings { automatedResponse(trigger: MISSED_CALL) { preview(values: ${literal}) { text } } } } }`,
      {},
      token,
    );
    expectBadInput(res, 'INPUT_TOO_DEEP', 'values');
  });

  it('refuses an _Any representation nested more than 32 levels', async () => {
    const token = await t.token({ role: 'SERVICE', teams: ['*'] });
    const res = await t.gql(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Team { id } } }`,
      { reps: [{ __typename: 'Team', id: uniqueTeamId(), extra: nestedObject(32) }] },
      token,
    );
    expectBadInput(res, 'INPUT_TOO_DEEP', 'reps');
  });

  it('answers a variable nested 5,000 deep with BAD_USER_INPUT', async () => {
    const token = await t.token({ role: 'SERVICE', teams: ['*'] });
    // written by hand: JSON.stringify itself overflows on it
    const query = JSON.stringify(`query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Team { id } } }`);
    const body = `{"query": ${query}, "variables": {"reps": ${'['.repeat(5000)}${']'.repeat(5000)}}}`;
    const res = await fetch(t.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body,
    });
    const text = await res.text();
    expect(text).not.toMatch(/call stack|INTERNAL_SERVER_ERROR/i);
    expect(JSON.parse(text).errors[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'INPUT_TOO_DEEP',
      field: 'reps',
    });
  });

  it('answers a list literal nested 20,000 deep with a parse error, not a stack overflow', async () => {
    const res = await t.gql(`{ team(id: ${'['.repeat(20_000)}"x"${']'.repeat(20_000)}) { id } }`);
    expect(res.status).toBe(400);
    expect(res.errors![0].extensions).toMatchObject({ code: 'GRAPHQL_PARSE_FAILED', reason: 'QUERY_TOO_DEEP' });
    expect(JSON.stringify(res)).not.toMatch(/call stack/i);
  });

  it('answers a list literal nested 2,400 deep (inside the token limit) with a parse error, not a stack overflow', async () => {
    const res = await t.gql(`{ team(id: ${'['.repeat(2_400)}"x"${']'.repeat(2_400)}) { id } }`);
    expect(res.status).toBe(400);
    expect(res.errors![0].extensions).toMatchObject({ code: 'GRAPHQL_PARSE_FAILED', reason: 'QUERY_TOO_DEEP' });
    expect(JSON.stringify(res)).not.toMatch(/call stack/i);
  });
});

describe('request body size', () => {
  async function post(url: string, bytes: number) {
    const body = JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(bytes) } });
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
  }

  it('answers a 5 MB body with HTTP 413 and a JSON GraphQL error', async () => {
    const res = await post(t.server.url, 5 * 1024 * 1024);
    expect(res.status).toBe(413);
    expect(res.type).toMatch(/application\/json/);
    const errors = JSON.parse(res.body).errors;
    expect(errors[0].extensions).toMatchObject({ code: 'BAD_REQUEST', reason: 'BODY_TOO_LARGE', maxBytes: 1048576 });
    expect(errors[0].message).toContain('1048576');
  });

  it('takes its limit from MAX_BODY_BYTES', async () => {
    const small = await startTestServer({ db: t.db, env: { MAX_BODY_BYTES: '4096' } });
    try {
      expect((await post(small.server.url, 3000)).status).toBe(200);
      const refused = await post(small.server.url, 5000);
      expect(refused.status).toBe(413);
      expect(JSON.parse(refused.body).errors[0].extensions.maxBytes).toBe(4096);
    } finally {
      await small.close();
    }
  });

  it('answers a body that is not JSON with a JSON GraphQL error', async () => {
    const res = await fetch(t.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    expect(res.status).toBe(400);
    expect((await res.json()).errors[0].extensions).toMatchObject({ code: 'BAD_REQUEST', reason: 'INVALID_BODY' });
  });
});

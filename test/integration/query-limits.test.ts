import { getIntrospectionQuery } from 'graphql';
import { readCounter, startTestServer, uniqueTeamId, type GraphQLResponse, type TestServer } from '../support/server';
import { feedClient } from '../support/subscriptions';

// PRODUCT.md §10 "Queries are bounded": refused before execution, with a reason and the limit.
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.close();
});

const service = () => t.token({ role: 'SERVICE', teams: ['*'] });

/** Refused before anything ran: HTTP 400, no data, not one SQL statement. */
async function expectRefused(
  query: string,
  variables: Record<string, unknown> | undefined,
  code: string,
  reason: string,
  limit: number,
) {
  const token = await service();
  const before = await readCounter(t, 'db_statements_total');
  const res = await t.gql(query, variables, token);
  expect(res.status).toBe(400);
  expect(res.data).toBeUndefined();
  expect(res.errors).toHaveLength(1);
  expect(res.errors![0].extensions).toMatchObject({ code, reason });
  expect(res.errors![0].message).toContain(String(limit));
  expect(await readCounter(t, 'db_statements_total')).toBe(before);
  return res;
}

// (history is a connection of its own, paged separately: it is not part of the settings page)
const WHOLE_CHAT_SETTINGS = `chatSettings {
  senderIdentity companyName teamName senderName createMissedCallTickets ringLastAdvisor timeZone defaultLocale
  voiceHubUrl version updatedAt
  automatedResponses {
    trigger label description channels enabled template defaultTemplate isCustomized locale cooldownMinutes
    placeholders { name description sample }
    optionalElements { key label enabled text defaultText isCustomized }
    preview { text length encoding segments locale }
  }
  automatedResponse(trigger: MISSED_CALL) { trigger template placeholders { name } optionalElements { key } preview { text } }
}`;
const HISTORY = `chatSettings { history(first: 20) { nodes { id version actor changedAt changes { field from to } } pageInfo { hasNextPage endCursor } } }`;

describe('query depth', () => {
  it('refuses a query 180 levels deep with QUERY_TOO_DEEP and the limit', async () => {
    let inner = 'id';
    for (let i = 0; i < 60; i += 1) inner = `automatedMessages(first: 1) { nodes { team { ${inner} } } }`;
    const res = await expectRefused(
      `{ team(id: "t-deep") { ${inner} } }`,
      undefined,
      'GRAPHQL_VALIDATION_FAILED',
      'QUERY_TOO_DEEP',
      15,
    );
    expect(res.errors![0].message).toMatch(/limit of 15/);
  });

  it('admits depth 15 and counts fragments as no level', async () => {
    const team = uniqueTeamId();
    // team(1) automatedMessages(2) nodes(3) team(4) automatedMessages(5) nodes(6) ticket(7) missedCalls(8) ticket(9) id(10)
    const res = await t.gql(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Team { ...M } } }
       fragment M on Team { automatedMessages(first: 2) { nodes { team { automatedMessages(first: 2) { nodes { ticket { missedCalls { ticket { id } } } } } } } } }`,
      { reps: [{ __typename: 'Team', id: team }] },
      await service(),
    );
    expect(res.errors).toBeUndefined();
  });
});

describe('aliases and tokens', () => {
  it('refuses 31 aliases with TOO_MANY_ALIASES and the limit', async () => {
    const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: _service { sdl }`).join(' ');
    await expectRefused(`{ ${aliases} }`, undefined, 'GRAPHQL_VALIDATION_FAILED', 'TOO_MANY_ALIASES', 30);
  });

  it('refuses 10,000 aliases before parsing them (TOO_MANY_TOKENS)', async () => {
    const aliases = Array.from({ length: 10_000 }, (_, i) => `a${i}: __typename`).join(' ');
    await expectRefused(`{ ${aliases} }`, undefined, 'GRAPHQL_PARSE_FAILED', 'TOO_MANY_TOKENS', 5000);
  });

  it('refuses a document of more than 5,000 tokens with TOO_MANY_TOKENS and the limit', async () => {
    const fields = Array.from({ length: 5_001 }, () => '__typename').join(' ');
    await expectRefused(`{ ${fields} }`, undefined, 'GRAPHQL_PARSE_FAILED', 'TOO_MANY_TOKENS', 5000);
  });
});

describe('query cost', () => {
  it('refuses team → automatedMessages(first: 100) → nodes → team → … three levels deep', async () => {
    const query = `{ team(id: "t-cost") { automatedMessages(first: 100) { nodes { id team { automatedMessages(first: 100) { nodes { id team {
      automatedMessages(first: 100) { nodes { id body } } } } } } } } } }`;
    const res = await expectRefused(query, undefined, 'GRAPHQL_VALIDATION_FAILED', 'QUERY_TOO_COSTLY', 150000);
    expect(res.errors![0].extensions!.cost).toBeGreaterThan(1_000_000);
  });

  it('refuses 20⁴ nodes (four nested lists of 20)', async () => {
    let inner = 'automatedMessages(first: 20) { nodes { id body recipient } }';
    for (let i = 0; i < 3; i += 1) inner = `automatedMessages(first: 20) { nodes { id body team { ${inner} } } }`;
    await expectRefused(
      `{ team(id: "t-20") { ${inner} } }`,
      undefined,
      'GRAPHQL_VALIDATION_FAILED',
      'QUERY_TOO_COSTLY',
      150000,
    );
  });

  it('refuses 10,000 _entities representations each selecting a long list', async () => {
    const reps = Array.from({ length: 10_000 }, (_, i) => ({ __typename: 'Team', id: `team-${i}` }));
    await expectRefused(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Team { automatedMessages(first: 100) { nodes { id body } } } } }`,
      { reps },
      'GRAPHQL_VALIDATION_FAILED',
      'QUERY_TOO_COSTLY',
      150000,
    );
  });

  it('answers a gateway batch of 500 Team representations selecting the whole chatSettings', async () => {
    const reps = Array.from({ length: 500 }, () => ({ __typename: 'Team', id: uniqueTeamId('batch') }));
    const res = await t.gql(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Team { id ${WHOLE_CHAT_SETTINGS} } } }`,
      { reps },
      await service(),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities).toHaveLength(500);
    expect(res.data!._entities[499].chatSettings.automatedResponses).toHaveLength(14);
  }, 180_000);

  it('admits a team page with every field of PRODUCT.md at the largest page size', async () => {
    const team = uniqueTeamId();
    const res = await t.gql(
      `{ team(id: "${team}") { id ${WHOLE_CHAT_SETTINGS} ${HISTORY}
          ringPlans { id name enabled timeZone kind validFrom validUntil windows { day opens closes } createdAt }
          businessHours { open nextChangeAt nextOpeningAt }
          ringPlansICalendar
          automatedMessages(first: 100) { edges { cursor node { id } } nodes { id cursor trigger channel recipient body locale segments eventId dispatchedAt
            team { id } ticket { id number status source openedAt missedCalls { id callId phone occurredAt trigger ticketCreated ticket { id } } } }
            pageInfo { hasNextPage endCursor } }
          missedCalls(first: 100) { nodes { id callId phone occurredAt trigger ticketCreated ticket { id number } } pageInfo { hasNextPage } }
      } }`,
      undefined,
      await service(),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.team.id).toBe(team);
  });
});

describe('introspection and federation', () => {
  it('admits the full introspection query a gateway or IDE sends, without a token', async () => {
    const res = await t.gql(
      getIntrospectionQuery({
        descriptions: true,
        specifiedByUrl: true,
        directiveIsRepeatable: true,
        inputValueDeprecation: true,
      }),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.__schema.queryType.name).toBe('Query');
  });

  it('declares the cost weights for a router with @listSize and @cost', async () => {
    const res = await t.gql('{ _service { sdl } }');
    const sdl: string = res.data!._service.sdl;
    expect(sdl).toMatch(/import: \[[^\]]*"@listSize"/);
    expect(sdl).toMatch(
      /automatedMessages\([\s\S]*?\): AutomatedMessageConnection! @listSize\(slicingArguments: \["first"\], sizedFields: \["edges", "nodes"\]/,
    );
    expect(sdl).toMatch(/ringPlans: \[RingPlan!\]! @listSize\(assumedSize: 25\)/);
  });
});

describe('over WebSocket', () => {
  it('refuses a subscription over the depth limit with the same reason', async () => {
    const team = uniqueTeamId();
    const client = feedClient(t.server.wsUrl, await t.token({ role: 'ADMIN', teams: [team] }));
    try {
      let inner = 'id';
      for (let i = 0; i < 6; i += 1) inner = `team { automatedMessages(first: 1) { nodes { ${inner} } } }`;
      const sub = client.subscribe(
        `subscription($team: ID!) { automatedMessageDispatched(teamId: $team) { ${inner} } }`,
        { team },
      );
      await sub.waitForEnd();
      expect(sub.errors[0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', reason: 'QUERY_TOO_DEEP' });
    } finally {
      await client.dispose();
    }
  });
});

describe('configured limits', () => {
  let small: TestServer;
  beforeAll(async () => {
    small = await startTestServer({
      db: t.db,
      env: { QUERY_MAX_DEPTH: '3', QUERY_MAX_ALIASES: '2', QUERY_MAX_TOKENS: '200', QUERY_MAX_COST: '100' },
    });
  });
  afterAll(async () => {
    await small?.close();
  });
  const ask = async (query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse> =>
    small.gql(query, variables, await small.token({ role: 'SERVICE', teams: ['*'] }));

  it('applies QUERY_MAX_DEPTH, QUERY_MAX_ALIASES, QUERY_MAX_TOKENS and QUERY_MAX_COST', async () => {
    const deep = await ask(`{ team(id: "x") { chatSettings { automatedResponses { placeholders { name } } } } }`);
    expect(deep.errors![0]).toMatchObject({
      extensions: { reason: 'QUERY_TOO_DEEP' },
      message: expect.stringContaining('3'),
    });
    const aliases = await ask(`{ a: _service { sdl } b: _service { sdl } c: _service { sdl } }`);
    expect(aliases.errors![0].extensions).toMatchObject({ reason: 'TOO_MANY_ALIASES' });
    const tokens = await ask(`{ ${Array.from({ length: 201 }, () => '__typename').join(' ')} }`);
    expect(tokens.errors![0].extensions).toMatchObject({ reason: 'TOO_MANY_TOKENS' });
    const reps = Array.from({ length: 101 }, (_, i) => ({ __typename: 'Team', id: `team-${i}` }));
    const costly = await ask(`query($reps: [_Any!]!) { _entities(representations: $reps) { __typename } }`, { reps });
    expect(costly.errors![0].extensions).toMatchObject({ reason: 'QUERY_TOO_COSTLY', maxCost: 100 });
  });
});

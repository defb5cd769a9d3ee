import { callEnded } from '../factories/activities';
import { readCounter, startTestServer, uniqueTeamId, type TestServer } from '../support/server';

// Nested list and object fields go through per-request loaders (PRODUCT.md §10): the statements
// of a request do not grow with the number of parent objects.
let t: TestServer;
let service: string;
const teams: string[] = [];

beforeAll(async () => {
  // no background statements (the feed's safety poll) between the two readings of the counter
  t = await startTestServer({ env: { FEED_POLL_INTERVAL_MS: '60000' } });
  service = await t.token({ sub: 'telephony', role: 'SERVICE', teams: ['*'] });
  for (let i = 0; i < 100; i += 1) teams.push(uniqueTeamId('nested'));
  for (let i = 0; i < teams.length; i += 10) {
    await Promise.all(teams.slice(i, i + 10).map(seed));
  }
}, 60_000);
afterAll(async () => {
  await t?.close();
});

/** Two missed calls on one MC ticket, each with its message: every nested level has rows. */
async function seed(team: string) {
  const admin = await t.token({ role: 'ADMIN', teams: [team] });
  const saved = await t.gql(
    `mutation($i: UpdateChatSettingsInput!) { updateChatSettings(input: $i) { version } }`,
    {
      i: { teamId: team, createMissedCallTickets: true, ringLastAdvisor: true },
    },
    admin,
  );
  expect(saved.errors).toBeUndefined();
  for (const phase of ['VOICEMAIL_GREETING', 'RINGING']) {
    const res = await t.gql(
      `mutation($i: CallEndedInput!) { recordCallEnded(input: $i) { decision } }`,
      {
        i: callEnded(team, { endedDuring: phase, phone: '+4930555000' }),
      },
      service,
    );
    expect(res.errors).toBeUndefined();
  }
}

const QUERY = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Team {
  id
  chatSettings { version senderName history(first: 5) { nodes { version actor } pageInfo { hasNextPage } } }
  ringPlans { id }
  businessHours { open }
  automatedMessages(first: 5) { nodes { id team { id } ticket { id number missedCalls { id ticket { number } } } } }
  missedCalls(first: 5) { nodes { trigger ticket { number missedCalls { id } } } }
} } }`;

async function statementsOf(reps: { __typename: string; id: string }[], token: string) {
  const before = await readCounter(t, 'db_statements_total');
  const res = await t.gql(QUERY, { reps }, token);
  const after = await readCounter(t, 'db_statements_total');
  expect(res.errors).toBeUndefined();
  return { statements: after - before, entities: res.data!._entities as any[] };
}

it('runs as many SQL statements for 100 teams as for 1, down to tickets and their missed calls', async () => {
  const token = await t.token({ role: 'SERVICE', teams: ['*'] });
  const reps = teams.map((id) => ({ __typename: 'Team', id }));

  const one = await statementsOf(reps.slice(0, 1), token);
  const hundred = await statementsOf(reps, token);

  // every parent got its own children, and the right ones
  expect(hundred.entities).toHaveLength(100);
  for (const [i, team] of hundred.entities.entries()) {
    expect(team.id).toBe(teams[i]);
    expect(team.automatedMessages.nodes).toHaveLength(2);
    for (const m of team.automatedMessages.nodes) {
      expect(m.team.id).toBe(teams[i]);
      expect(m.ticket.number).toBe('MC-1');
      expect(m.ticket.missedCalls).toHaveLength(2);
    }
    expect(team.missedCalls.nodes.map((c: { trigger: string }) => c.trigger)).toEqual([
      'CUSTOMER_HUNG_UP',
      'MISSED_CALL',
    ]);
    expect(team.chatSettings.history.nodes).toEqual([{ version: 1, actor: 'user-admin' }]);
  }
  expect(one.entities[0]).toEqual(hundred.entities[0]);

  expect(one.statements).toBeGreaterThan(0);
  expect(hundred.statements).toBe(one.statements);
});

it('keeps the statements constant for a batch of AutomatedMessage and Ticket entities too', async () => {
  const token = await t.token({ role: 'SERVICE', teams: ['*'] });
  const listed = await t.gql(
    `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Team {
    automatedMessages(first: 1) { nodes { id ticket { id } } } } } }`,
    { reps: teams.map((id) => ({ __typename: 'Team', id })) },
    token,
  );
  const nodes = listed.data!._entities.map((e: any) => e.automatedMessages.nodes[0]);
  const reps = nodes.flatMap((n: any) => [
    { __typename: 'AutomatedMessage', id: n.id },
    { __typename: 'Ticket', id: n.ticket.id },
  ]);
  const query = `query($reps: [_Any!]!) { _entities(representations: $reps) {
    ... on AutomatedMessage { id team { id chatSettings { version } } ticket { number missedCalls { id } } }
    ... on Ticket { id number missedCalls { id ticket { id } } } } }`;
  const count = async (r: unknown[]) => {
    const before = await readCounter(t, 'db_statements_total');
    const res = await t.gql(query, { reps: r }, token);
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities.every((e: unknown) => e !== null)).toBe(true);
    return (await readCounter(t, 'db_statements_total')) - before;
  };
  expect(await count(reps)).toBe(await count(reps.slice(0, 2)));
});

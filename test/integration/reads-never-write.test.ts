import { Client } from 'pg';
import { callEnded } from '../factories/activities';
import { adminQuery, createTestDatabase, type TestDatabase } from '../support/postgres';
import { startTestServer, uniqueTeamId, type TestServer } from '../support/server';
import { eventually } from '../support/subscriptions';

/**
 * Reads are plain SELECTs (PRODUCT.md: a team without a row reads as the defaults; its first write
 * creates it). Proven with PostgreSQL's own write counters of every user table.
 *
 * PostgreSQL 15 flushes a backend's table statistics at most once a second while it lives, but
 * always when it exits: so the counters are compared while no connection of the service is open
 * (the instance stopped, its backends gone, the counters stable).
 */
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

interface WriteCounters {
  inserted: number;
  updated: number;
  deleted: number;
}

/** Sum of the write counters of every user table, read through a connection that writes nothing. */
async function writeCounters(): Promise<WriteCounters> {
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    const { rows } = await client.query<WriteCounters>(
      `SELECT coalesce(sum(n_tup_ins), 0)::int AS inserted, coalesce(sum(n_tup_upd), 0)::int AS updated,
              coalesce(sum(n_tup_del), 0)::int AS deleted
         FROM pg_stat_user_tables`,
    );
    return rows[0];
  } finally {
    await client.end();
  }
}

/** Waits until no other backend is connected to the test database and the counters stop moving. */
async function settledCounters(): Promise<WriteCounters> {
  await eventually(async () => {
    const [{ n }] = await adminQuery<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [db.name],
    );
    return n === 0;
  }, "the instance's connections to close");
  let previous = await writeCounters();
  for (;;) {
    await new Promise((r) => setTimeout(r, 300));
    const current = await writeCounters();
    if (JSON.stringify(current) === JSON.stringify(previous)) return current;
    previous = current;
  }
}

it('reads settings, ring plans, business hours, messages and _entities without writing a row', async () => {
  const saved = uniqueTeamId('saved');
  const fresh = uniqueTeamId('fresh');
  const alsoFresh = uniqueTeamId('fresh');
  const teams = [saved, fresh, alsoFresh];

  // seed through the API: one team with settings, a ring plan and a dispatched message
  const seeding: TestServer = await startTestServer({ db });
  const admin = await seeding.token({ role: 'ADMIN', teams });
  const service = await seeding.token({ role: 'SERVICE', teams: ['*'] });
  expect(
    (
      await seeding.gql(
        `mutation { updateChatSettings(input: { teamId: "${saved}", teamName: "Service desk" }) { version } }`,
        {},
        admin,
      )
    ).errors,
  ).toBeUndefined();
  const plan = await seeding.gql(
    `mutation($input: CreateRingPlanInput!) { createRingPlan(input: $input) { id } }`,
    {
      input: {
        teamId: saved,
        name: 'Office',
        timeZone: 'Europe/Berlin',
        windows: [{ day: 'MONDAY', opens: '08:00', closes: '17:00' }],
      },
    },
    admin,
  );
  expect(plan.errors).toBeUndefined();
  const call = await seeding.gql(
    `mutation($input: CallEndedInput!) { recordCallEnded(input: $input) { decision } }`,
    { input: callEnded(saved) },
    service,
  );
  expect(call.errors).toBeUndefined();
  await seeding.close();
  const before = await settledCounters();

  const reader = await startTestServer({ db });
  try {
    const token = await reader.token({ role: 'ADMIN', teams });
    const SETTINGS = `chatSettings { version updatedAt senderIdentity senderName teamName timeZone defaultLocale
      automatedResponses { trigger enabled template } history { edges { cursor } } }`;
    const TEAM = `id ${SETTINGS} ringPlans { name } businessHours { open nextOpeningAt }
      automatedMessages { edges { node { id body } } } missedCalls { edges { node { id } } }`;
    for (const team of teams) {
      const res = await reader.gql(`query($id: ID!) { team(id: $id) { ${TEAM} } }`, { id: team }, token);
      expect(res.errors).toBeUndefined();
    }
    const entities = await reader.gql(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Team { ${TEAM} } } }`,
      { reps: teams.map((id) => ({ __typename: 'Team', id })) },
      token,
    );
    expect(entities.errors).toBeUndefined();
    const [savedTeam, freshTeam] = entities.data!._entities;
    expect(savedTeam.chatSettings).toMatchObject({ version: 1, teamName: 'Service desk' });
    expect(savedTeam.ringPlans).toEqual([{ name: 'Office' }]);
    expect(savedTeam.automatedMessages.edges).toHaveLength(1);
    // a team never written reads as the defaults, version 0, exactly as before it had a row
    expect(freshTeam.chatSettings).toMatchObject({
      version: 0,
      updatedAt: null,
      teamName: null,
      senderIdentity: 'COMPANY_NAME',
    });
    expect(freshTeam.chatSettings.automatedResponses).toHaveLength(14);
    expect(freshTeam).toMatchObject({ ringPlans: [], businessHours: { open: true }, automatedMessages: { edges: [] } });
  } finally {
    await reader.close();
  }
  expect(await settledCounters()).toEqual(before);
});

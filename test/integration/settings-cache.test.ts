import { adminQuery } from '../support/postgres';
import { readCounter, startTestServer, uniqueTeamId, type TestServer } from '../support/server';
import { eventually } from '../support/subscriptions';

/**
 * Settings and ring plans are served from each instance's memory (issue 10): a cached read sends no
 * SQL at all, a change is never hidden from the instance that made it, and reaches the other
 * instances through the PostgreSQL bus.
 */
let a: TestServer;
let b: TestServer;
beforeAll(async () => {
  a = await startTestServer();
  b = await startTestServer({ db: a.db });
});
afterAll(async () => {
  await b?.close();
  await a?.close();
});

const SETTINGS = `chatSettings { version teamName senderName automatedResponses { trigger enabled template } }`;

/** Runs one operation and tells how many SQL statements the instance sent for it. */
async function counted(t: TestServer, query: string, variables: Record<string, unknown>, token: string) {
  const before = await readCounter(t, 'db_statements_total');
  const res = await t.gql(query, variables, token);
  const statements = (await readCounter(t, 'db_statements_total')) - before;
  expect(res.errors).toBeUndefined();
  return { data: res.data as Record<string, any>, statements };
}

function readTeam(t: TestServer, team: string, token: string, selection = SETTINGS) {
  return counted(t, `query($id: ID!) { team(id: $id) { ${selection} } }`, { id: team }, token);
}

async function saveTeamName(t: TestServer, team: string, token: string, teamName: string) {
  const res = await t.gql(
    `mutation($input: UpdateChatSettingsInput!) { updateChatSettings(input: $input) { version } }`,
    { input: { teamId: team, teamName } },
    token,
  );
  expect(res.errors).toBeUndefined();
  return res.data!.updateChatSettings.version as number;
}

/** team_changes_received_total{kind} of an instance: the bus's announcements it applied. */
async function changesReceived(t: TestServer, kind: 'settings' | 'ringPlans'): Promise<number> {
  const text = await (await fetch(t.server.url.replace(/\/graphql$/, '/metrics'))).text();
  const m = new RegExp(`^team_changes_received_total\\{kind="${kind}"\\} (\\S+)$`, 'm').exec(text);
  return m ? Number(m[1]) : 0;
}

describe('from memory', () => {
  it('answers a repeated settings read, and ring plans and business hours, without any SQL statement', async () => {
    const team = uniqueTeamId('cached');
    const token = await a.token({ role: 'ADMIN', teams: [team] });
    await saveTeamName(a, team, token, 'Desk');
    const selection = `${SETTINGS} ringPlans { name } businessHours(at: "2026-03-11T10:00:00Z") { open }`;
    const first = await readTeam(a, team, token, selection);
    expect(first.statements).toBeGreaterThan(0);
    const again = await readTeam(a, team, token, selection);
    expect(again.statements).toBe(0);
    expect(again.data).toEqual(first.data);
    expect(again.data.team.chatSettings).toMatchObject({ version: 1, teamName: 'Desk' });
  });

  it('answers _entities for 100 cached Teams without any SQL statement, and uncached ones with one per kind', async () => {
    const teams = Array.from({ length: 100 }, () => uniqueTeamId('entities'));
    const service = await a.token({ role: 'SERVICE', teams: ['*'] });
    const query = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Team { id ${SETTINGS} ringPlans { name } } } }`;
    const reps = teams.map((id) => ({ __typename: 'Team', id }));
    const cold = await counted(a, query, { reps }, service);
    expect(cold.statements).toBe(2);
    const warm = await counted(a, query, { reps }, service);
    expect(warm.statements).toBe(0);
    expect(warm.data).toEqual(cold.data);
  });
});

/** The PostgreSQL backends of both instances' feed listeners (the bus). */
async function listeners(): Promise<number[]> {
  const rows = await adminQuery<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = 'chat-automation-feed'`,
    [a.db.name],
  );
  return rows.map((r) => r.pid);
}

/**
 * Runs `during` while the bus delivers nothing: both listeners' backends are paused (SIGSTOP), so
 * a NOTIFY waits in PostgreSQL's queue and the race "read before the announcement arrives" is
 * forced rather than hoped for. Needs the PostgreSQL server on this machine and leave to signal it.
 */
async function whileBusPaused(during: () => Promise<void>): Promise<void> {
  const pids = await listeners();
  expect(pids).toHaveLength(2);
  for (const pid of pids) process.kill(pid, 'SIGSTOP');
  try {
    await during();
  } finally {
    for (const pid of pids) process.kill(pid, 'SIGCONT');
  }
}

describe('two instances on one database', () => {
  it('serves a settings change at once on the instance that made it, and on the other once the bus delivered it', async () => {
    const team = uniqueTeamId('two');
    const token = await a.token({ role: 'ADMIN', teams: [team] });
    await saveTeamName(a, team, token, 'Before');
    // both instances hold version 1
    for (const t of [a, b]) {
      await readTeam(t, team, token);
      const cached = await readTeam(t, team, token);
      expect(cached.statements).toBe(0);
      expect(cached.data.team.chatSettings).toMatchObject({ version: 1, teamName: 'Before' });
    }
    const announced = await changesReceived(b, 'settings');

    await whileBusPaused(async () => {
      expect(await saveTeamName(a, team, token, 'After')).toBe(2);
      // A answers with its own change right after the write returned, never with what it held,
      // though its own announcement has not arrived yet
      expect((await readTeam(a, team, token)).data.team.chatSettings).toMatchObject({ version: 2, teamName: 'After' });
      // B still answers from memory: it converges when the bus delivers, not before
      const stale = await readTeam(b, team, token);
      expect(stale.statements).toBe(0);
      expect(stale.data.team.chatSettings).toMatchObject({ version: 1, teamName: 'Before' });
    });

    await eventually(
      async () => (await changesReceived(b, 'settings')) > announced,
      'the change to reach instance B over the bus',
    );
    const onB = await readTeam(b, team, token);
    expect(onB.data.team.chatSettings).toMatchObject({ version: 2, teamName: 'After' });
    expect((await readTeam(b, team, token)).statements).toBe(0);
  });

  it('serves a ring-plan change on both instances the same way', async () => {
    const team = uniqueTeamId('two-plans');
    const token = await a.token({ role: 'ADMIN', teams: [team] });
    const selection = `ringPlans { name } businessHours(at: "2026-03-11T20:00:00Z") { open }`;
    for (const t of [a, b]) {
      await readTeam(t, team, token, selection);
      const cached = await readTeam(t, team, token, selection);
      expect(cached.statements).toBe(0);
      expect(cached.data.team).toEqual({ ringPlans: [], businessHours: { open: true } });
    }
    const announced = await changesReceived(b, 'ringPlans');
    const expected = { ringPlans: [{ name: 'Office' }], businessHours: { open: false } };
    await whileBusPaused(async () => {
      const created = await a.gql(
        `mutation($input: CreateRingPlanInput!) { createRingPlan(input: $input) { id } }`,
        {
          input: {
            teamId: team,
            name: 'Office',
            timeZone: 'Europe/Berlin',
            windows: [{ day: 'WEDNESDAY', opens: '08:00', closes: '17:00' }],
          },
        },
        token,
      );
      expect(created.errors).toBeUndefined();
      expect((await readTeam(a, team, token, selection)).data.team).toEqual(expected);
    });

    await eventually(
      async () => (await changesReceived(b, 'ringPlans')) > announced,
      'the change to reach instance B over the bus',
    );
    expect((await readTeam(b, team, token, selection)).data.team).toEqual(expected);
  });

  it('stops trusting what it holds when the bus connection drops, and reads again once it is back', async () => {
    const team = uniqueTeamId('bus-lost');
    const token = await b.token({ role: 'ADMIN', teams: [team] });
    await readTeam(b, team, token);
    expect((await readTeam(b, team, token)).statements).toBe(0);

    const lost = await listeners();
    expect(lost).toHaveLength(2);
    await adminQuery(`SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid`, [lost]);
    // back: two new listening connections, and B's gauge says it LISTENs again (it went to 0 first)
    await eventually(async () => {
      const now = await listeners();
      return (
        now.length === 2 &&
        now.every((pid) => !lost.includes(pid)) &&
        (await readCounter(b, 'feed_listener_connected')) === 1
      );
    }, 'the listeners to reconnect');

    expect((await readTeam(b, team, token)).statements).toBe(1);
    expect((await readTeam(b, team, token)).statements).toBe(0);
  });
});

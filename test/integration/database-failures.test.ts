import { Client } from 'pg';
import { callEnded } from '../factories/activities';
import { startTestServer, uniqueTeamId, type TestServer } from '../support/server';
import { createThrowawayPostgres, type ThrowawayPostgres } from '../support/throwaway-postgres';

/**
 * PRODUCT.md §10: a database that is busy or gone is answered UNAVAILABLE with a reason, retryable,
 * with retryAfterMs — never INTERNAL_SERVER_ERROR — and nothing is half-written.
 */

const SETTINGS = `companyName version`;
const read = (t: TestServer, token: string, team: string) =>
  t.gql(`{ team(id: "${team}") { chatSettings { ${SETTINGS} } } }`, {}, token);
const save = (t: TestServer, token: string, team: string, companyName: string) =>
  t.gql(
    `mutation($i: UpdateChatSettingsInput!) { updateChatSettings(input: $i) { ${SETTINGS} } }`,
    { i: { teamId: team, companyName } },
    token,
  );

const RECORD = `mutation($i: CallEndedInput!) { recordCallEnded(input: $i) { decision duplicate } }`;
const record = (t: TestServer, token: string, input: Record<string, unknown>) => t.gql(RECORD, { i: input }, token);

function expectUnavailable(res: { errors?: { extensions?: Record<string, any> }[] }, reason: string) {
  expect(res.errors).toHaveLength(1);
  expect(res.errors![0].extensions).toMatchObject({ code: 'UNAVAILABLE', reason, retryable: true });
  expect(res.errors![0].extensions!.retryAfterMs).toBeGreaterThan(0);
}

describe('the database goes away and comes back', () => {
  let pg: ThrowawayPostgres;
  let t: TestServer;
  beforeAll(async () => {
    pg = await createThrowawayPostgres();
    await pg.start();
    t = await startTestServer({ db: { name: 'throwaway', url: pg.url, drop: async () => undefined } });
  });
  afterAll(async () => {
    await pg?.start().catch(() => undefined); // the service's stop drains against a live database
    await t?.close();
    await pg?.destroy();
  });

  it('answers UNAVAILABLE/DATABASE_UNAVAILABLE while it is down, turns /readyz 503 quickly, and recovers', async () => {
    const team = uniqueTeamId();
    const token = await t.token({ role: 'ADMIN', teams: [team] });
    expect((await save(t, token, team, 'Before')).errors).toBeUndefined();
    const readyz = t.server.url.replace(/\/graphql$/, '/readyz');
    expect((await fetch(readyz)).status).toBe(200);

    await pg.stop(); // fast shutdown: the pool's sessions are terminated (57P01), then connections are refused

    for (const res of [await read(t, token, team), await save(t, token, team, 'During'), await read(t, token, team)]) {
      expectUnavailable(res, 'DATABASE_UNAVAILABLE');
    }
    const t0 = Date.now();
    const down = await fetch(readyz);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ status: 'database unreachable' });
    expect(Date.now() - t0).toBeLessThan(3000);

    await pg.start();
    const after = await read(t, token, team);
    expect(after.errors).toBeUndefined();
    expect(after.data!.team.chatSettings.companyName).toBe('Before'); // the save during the outage wrote nothing
    expect((await fetch(readyz)).status).toBe(200);
  });

  it('keeps recording activities across a restart: the activity connections, prepared and idle, are replaced', async () => {
    const team = uniqueTeamId('restart');
    const token = await t.token({ role: 'SERVICE', teams: [team] });
    // several at once, so several activity connections hold the prepared statements when the database goes
    const before = await Promise.all(Array.from({ length: 4 }, () => record(t, token, callEnded(team))));
    for (const res of before) expect(res.errors).toBeUndefined();

    await pg.stop(); // every idle activity connection is terminated: the pool must drop them, not the process
    const during = callEnded(team);
    expectUnavailable(await record(t, token, during), 'DATABASE_UNAVAILABLE');

    await pg.start();
    // the same eventId again: nothing of it was written during the outage
    const retried = await record(t, token, during);
    expect(retried.errors).toBeUndefined();
    expect(retried.data!.recordCallEnded).toMatchObject({ duplicate: false });
    const again = await record(t, token, during);
    expect(again.data!.recordCallEnded).toMatchObject({ duplicate: true });
  });
});

describe('a busy database', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({
      env: { DATABASE_POOL_SIZE: '1', DATABASE_POOL_TIMEOUT_MS: '300', DATABASE_STATEMENT_TIMEOUT_MS: '500' },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers DATABASE_BUSY when no pooled connection frees up in time, and serves again once one does', async () => {
    const team = uniqueTeamId();
    const cold = uniqueTeamId(); // never read: not in the settings cache, so its read needs the database
    const token = await t.token({ role: 'ADMIN', teams: [team, cold] });
    expect((await read(t, token, team)).errors).toBeUndefined();

    // the pool's only connection, held
    const held = t.server.dataSource.createQueryRunner();
    await held.connect();
    try {
      expectUnavailable(await read(t, token, cold), 'DATABASE_BUSY');
      expectUnavailable(await save(t, token, team, 'Busy'), 'DATABASE_BUSY');
    } finally {
      await held.release();
    }
    const res = await read(t, token, team);
    expect(res.errors).toBeUndefined();
    expect(res.data!.team.chatSettings.companyName).not.toBe('Busy');
  });

  it('answers DATABASE_BUSY when a statement runs out its statement timeout, and writes nothing', async () => {
    const team = uniqueTeamId();
    const token = await t.token({ role: 'ADMIN', teams: [team] });
    expect((await save(t, token, team, 'Before')).errors).toBeUndefined();

    // another session holds the team table: every statement touching it waits, past the 500 ms timeout
    const locker = new Client({ connectionString: t.db.url });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE team IN ACCESS EXCLUSIVE MODE');
      const t0 = Date.now();
      expectUnavailable(await save(t, token, team, 'Stalled'), 'DATABASE_BUSY');
      expectUnavailable(await read(t, token, team), 'DATABASE_BUSY');
      expect(Date.now() - t0).toBeLessThan(5000);
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      await locker.end();
    }
    const res = await read(t, token, team);
    expect(res.errors).toBeUndefined();
    expect(res.data!.team.chatSettings.companyName).toBe('Before');
  });
});

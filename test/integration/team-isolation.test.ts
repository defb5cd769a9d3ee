import { Client } from 'pg';
import { loadRecipientKey } from '../../src/persistence/recipient-key';
import { advisorAction, callEnded, OUTCOME } from '../factories/activities';
import { readCounter, startTestServer, uniqueTeamId, type TestServer } from '../support/server';

/**
 * PRODUCT.md §6 and §10 with the races forced, not won by timing: a second session holds the team's
 * row lock while requests pile up, and the test lets go only once every request is provably waiting.
 */

const TEAM_WAIT_MS = 1500;

let t: TestServer;
let service: string;
beforeAll(async () => {
  t = await startTestServer({ env: { TEAM_WAIT_MS: String(TEAM_WAIT_MS), DATABASE_POOL_SIZE: '10' } });
  service = await t.token({ sub: 'telephony', role: 'SERVICE', teams: ['*'] });
});
afterAll(async () => {
  await t?.close();
});

const ADVISOR = `mutation($i: AdvisorActionInput!) { recordAdvisorAction(input: $i) { ${OUTCOME} } }`;
const CALL = `mutation($i: CallEndedInput!) { recordCallEnded(input: $i) { ${OUTCOME} } }`;

/** A session of its own that holds a team's row lock until released: "another instance or session". */
async function holdTeamLock(team: string) {
  const client = new Client({ connectionString: t.db.url });
  await client.connect();
  await client.query('BEGIN');
  const { rowCount } = await client.query('SELECT 1 FROM team WHERE id = $1 FOR UPDATE', [team]);
  if (rowCount !== 1) throw new Error(`team ${team} has no row to lock`);
  return {
    client,
    release: async () => {
      await client.query('COMMIT');
      await client.end();
    },
  };
}

/** Backends of this database blocked on a lock right now. */
async function lockWaiters(): Promise<number> {
  const [row] = await t.server.dataSource.query(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
  );
  return row.n;
}

/** Polls until `condition` holds; fails the test (instead of hanging) after 10 s. */
async function until(what: string, condition: () => Promise<boolean>) {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Requests parked either on the row lock or in an instance's team queue. */
async function parked(servers: TestServer[]): Promise<number> {
  let queued = 0;
  for (const s of servers) queued += await readCounter(s, 'automation_team_queue_waiting').catch(() => 0);
  return (await lockWaiters()) + queued;
}

async function footprint(team: string) {
  const [row] = await t.server.dataSource.query(
    `SELECT (SELECT count(*) FROM activity WHERE team_id = $1)::int AS activities,
            (SELECT count(*) FROM automated_message WHERE team_id = $1)::int AS messages,
            (SELECT count(*) FROM missed_call WHERE team_id = $1)::int AS missed,
            (SELECT count(*) FROM ticket WHERE team_id = $1)::int AS tickets`,
    [team],
  );
  return row;
}

async function existingTeam(): Promise<string> {
  const team = uniqueTeamId();
  const res = await t.gql(ADVISOR, { i: advisorAction(team) }, service);
  expect(res.errors).toBeUndefined();
  return team;
}

describe('concurrent duplicates while the team is locked elsewhere', () => {
  it('answers every duplicate with the first outcome and duplicate: true (one instance)', async () => {
    const team = await existingTeam();
    const lock = await holdTeamLock(team);
    const input = advisorAction(team, { phone: '+4930999001' });
    const pending = [1, 2, 3].map(() => t.gql(ADVISOR, { i: input }, service));
    await until('all three duplicates are waiting', async () => (await parked([t])) >= 3);
    await lock.release();

    const results = await Promise.all(pending);
    expect(results.map((r) => r.errors)).toEqual([undefined, undefined, undefined]);
    const outcomes = results.map((r) => r.data!.recordAdvisorAction);
    expect(outcomes.filter((o) => !o.duplicate)).toHaveLength(1);
    expect(outcomes.filter((o) => o.duplicate)).toHaveLength(2);
    expect(new Set(outcomes.map((o) => o.message.id)).size).toBe(1);
    expect(outcomes.map((o) => o.decision)).toEqual(['DISPATCHED', 'DISPATCHED', 'DISPATCHED']);
    expect(await footprint(team)).toMatchObject({ activities: 2, messages: 2 });
  });

  it('answers every duplicate with the first outcome across two instances', async () => {
    const second = await startTestServer({ db: t.db, env: { TEAM_WAIT_MS: String(TEAM_WAIT_MS) } });
    try {
      const team = await existingTeam();
      const lock = await holdTeamLock(team);
      const input = callEnded(team, { endedDuring: 'MENU_OPTIONS', phone: '+4930999002' });
      const pending = [t, second, t, second].map((s) => s.gql(CALL, { i: input }, service));
      await until('all four duplicates are waiting', async () => (await parked([t, second])) >= 4);
      await lock.release();

      const results = await Promise.all(pending);
      expect(results.map((r) => r.errors)).toEqual(Array(4).fill(undefined));
      const outcomes = results.map((r) => r.data!.recordCallEnded);
      expect(outcomes.filter((o) => !o.duplicate)).toHaveLength(1);
      expect(new Set(outcomes.map((o) => o.message.id)).size).toBe(1);
      expect(new Set(outcomes.map((o) => o.missedCall.id)).size).toBe(1);
      expect(await footprint(team)).toMatchObject({ activities: 2, messages: 2, missed: 1 });
    } finally {
      await second.close();
    }
  });
});

describe('one blocked team does not stall the others', () => {
  it("completes other teams' activities and reads while one team's row is locked, and answers that team TEAM_BUSY in time", async () => {
    const blocked = await existingTeam();
    const others = await Promise.all([1, 2, 3, 4].map(() => existingTeam()));
    const admin = await t.token({ role: 'ADMIN', teams: others });
    const lock = await holdTeamLock(blocked);
    try {
      const before = await footprint(blocked);
      // twice as many activities for the blocked team as the pool has connections
      const started = Date.now();
      const stuck = Array.from({ length: 20 }, () =>
        t.gql(ADVISOR, { i: advisorAction(blocked) }, service).then((r) => ({ ...r, ms: Date.now() - started })),
      );
      await until('the blocked team has a request on the lock', async () => (await lockWaiters()) >= 1);

      const otherWork = Promise.all([
        ...others.flatMap((team) => [1, 2, 3].map(() => t.gql(ADVISOR, { i: advisorAction(team) }, service))),
        ...others.map((team) =>
          t.gql(`query($id: ID!) { team(id: $id) { chatSettings { version senderName } } }`, { id: team }, admin),
        ),
      ]);
      let timer: NodeJS.Timeout | undefined;
      const guard = new Promise<'stalled'>((resolve) => (timer = setTimeout(() => resolve('stalled'), 8000)));
      const done = await Promise.race([otherWork, guard]).finally(() => clearTimeout(timer));
      expect(done).not.toBe('stalled');
      expect((done as Awaited<typeof otherWork>).map((r) => r.errors)).toEqual(Array(16).fill(undefined));

      // still locked: every request of the blocked team gives up within its bound, retryable, nothing written
      const refused = await Promise.all(stuck);
      for (const r of refused) {
        expect(r.data?.recordAdvisorAction ?? null).toBeNull();
        expect(r.errors?.[0].extensions).toMatchObject({ code: 'UNAVAILABLE', reason: 'TEAM_BUSY', retryable: true });
        expect(r.errors?.[0].extensions?.retryAfterMs).toBeGreaterThan(0);
        expect(r.ms).toBeLessThan(TEAM_WAIT_MS + 2000);
      }
      expect(await footprint(blocked)).toEqual(before);
    } finally {
      await lock.release();
    }
    // once the lock is gone, the same request goes through
    const retry = await t.gql(ADVISOR, { i: advisorAction(blocked) }, service);
    expect(retry.errors).toBeUndefined();
    expect(retry.data!.recordAdvisorAction).toMatchObject({ duplicate: false, decision: 'DISPATCHED' });
  });

  it('refuses at once with TEAM_BUSY when too many requests already wait for the team', async () => {
    const small = await startTestServer({ db: t.db, env: { TEAM_WAIT_MS: '5000', TEAM_QUEUE_MAX: '2' } });
    const team = await existingTeam();
    const lock = await holdTeamLock(team);
    const pending = Array.from({ length: 4 }, () => small.gql(ADVISOR, { i: advisorAction(team) }, service));
    try {
      const first = await Promise.race(pending.map((p, i) => p.then(() => i)));
      const answered = await pending[first];
      expect(answered.errors?.[0].extensions).toMatchObject({ code: 'UNAVAILABLE', reason: 'TEAM_BUSY' });
    } finally {
      await lock.release();
    }
    await Promise.all(pending);
    await small.close();
  });
});

describe('other writes of a blocked team', () => {
  it('answers a settings save and an erasure TEAM_BUSY when the team row stays locked elsewhere, writing nothing', async () => {
    const team = await existingTeam();
    const admin = await t.token({ role: 'ADMIN', teams: [team] });
    const lock = await holdTeamLock(team);
    try {
      const started = Date.now();
      const save = await t.gql(
        `mutation($i: UpdateChatSettingsInput!) { updateChatSettings(input: $i) { version } }`,
        { i: { teamId: team, companyName: 'Blocked' } },
        admin,
      );
      expect(save.errors?.[0].extensions).toMatchObject({ code: 'UNAVAILABLE', reason: 'TEAM_BUSY', retryable: true });
      const erase = await t.gql(
        `mutation { eraseCustomerData(teamId: "${team}", phone: "+4930123456") { messages } }`,
        {},
        admin,
      );
      expect(erase.errors?.[0].extensions).toMatchObject({ code: 'UNAVAILABLE', reason: 'TEAM_BUSY', retryable: true });
      expect(Date.now() - started).toBeLessThan(2 * TEAM_WAIT_MS + 2000);
    } finally {
      await lock.release();
    }
    const [row] = await t.server.dataSource.query(`SELECT company_name FROM team WHERE id = $1`, [team]);
    expect(row.company_name).toBeNull();
  });
});

describe('the activity write is a compare-and-set', () => {
  it('plans again when another writer changed the team in between, and yields one decision reflecting that write', async () => {
    const team = await existingTeam();
    const phone = '+4930999003';
    const conflictsBefore = await readCounter(t, 'automation_write_conflicts_total');
    const lock = await holdTeamLock(team);
    const pending = t.gql(ADVISOR, { i: advisorAction(team, { phone, channel: 'SMS' }) }, service);
    // the activity has read its facts (not opted out) and waits to write
    await until('the activity waits on the team row', async () => (await lockWaiters()) >= 1);
    // another writer: the recipient opts out, committed before the activity's write
    await lock.client.query(`UPDATE team SET write_seq = write_seq + 1 WHERE id = $1`, [team]);
    const key = (await loadRecipientKey(t.server.dataSource))(phone);
    await lock.client.query(
      `INSERT INTO opt_out (team_id, channel, recipient_key, opted_out) VALUES ($1, 'SMS', $2, true)`,
      [team, key],
    );
    await lock.release();

    const res = await pending;
    expect(res.errors).toBeUndefined();
    expect(res.data!.recordAdvisorAction).toMatchObject({
      duplicate: false,
      decision: 'SUPPRESSED',
      suppressionReason: 'OPTED_OUT',
    });
    expect(await footprint(team)).toMatchObject({ activities: 2, messages: 2 });
    expect(await readCounter(t, 'automation_write_conflicts_total')).toBe(conflictsBefore + 1);
  });

  it('costs two SQL statements per activity', async () => {
    const team = await existingTeam();
    const before = await readCounter(t, 'db_statements_total');
    const res = await t.gql(ADVISOR, { i: advisorAction(team) }, service);
    expect(res.errors).toBeUndefined();
    // the /metrics read itself runs no SQL
    expect((await readCounter(t, 'db_statements_total')) - before).toBe(2);
  });
});

import crypto from 'node:crypto';
import { Pool } from 'pg';
import { benchDatabase, benchServer, ratePerSecond } from './support';

const CONCURRENCY = 16;
const TEAMS = 64;

/**
 * Activities processed per second end to end (HTTP → GraphQL → one PostgreSQL transaction with
 * the team lock, idempotency row, decision, message, missed call), next to the raw rate of a
 * single-row INSERT…COMMIT on the same database at the same concurrency.
 */
export async function benchActivities(): Promise<Record<string, number>> {
  const count = Number(process.env.BENCH_ACTIVITIES ?? 3000);
  const db = await benchDatabase();
  const server = await benchServer(db.url);
  const pool = new Pool({ connectionString: db.url, max: CONCURRENCY });
  try {
    await pool.query(`CREATE TABLE bench_insert (id bigserial PRIMARY KEY, team_id text NOT NULL, payload text NOT NULL)`);
    const token = await server.auth.sign!({ sub: 'bench', role: 'SERVICE', teams: ['*'] });
    const query = `mutation($i: CallEndedInput!) { recordCallEnded(input: $i) { decision message { id } } }`;
    const call = (i: number) => {
      const now = Date.now();
      return fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          query,
          variables: {
            i: {
              eventId: crypto.randomUUID(),
              teamId: `bench-team-${i % TEAMS}`,
              callId: `c-${i}`,
              phone: `+4930${String(1_000_000 + i)}`,
              startedAt: new Date(now - 60_000).toISOString(),
              occurredAt: new Date(now).toISOString(),
              endedDuring: i % 2 ? 'RINGING' : 'MENU_OPTIONS',
            },
          },
        }),
      }).then(async (r) => {
        const body = (await r.json()) as { errors?: unknown };
        if (body.errors) throw new Error(JSON.stringify(body.errors));
      });
    };
    // warm-up: team rows, JIT, connection pools
    await ratePerSecond(TEAMS * 2, CONCURRENCY, call);
    const insertCommitPerSecond = await ratePerSecond(count, CONCURRENCY, async (i) => {
      await pool.query(`INSERT INTO bench_insert (team_id, payload) VALUES ($1, $2)`, [`t-${i % TEAMS}`, 'x'.repeat(120)]);
    });
    const activitiesPerSecond = await ratePerSecond(count, CONCURRENCY, (i) => call(i + TEAMS * 2));
    return {
      activitiesPerSecond,
      insertCommitPerSecond,
      activitiesPerInsertCommit: activitiesPerSecond / insertCommitPerSecond,
      concurrency: CONCURRENCY,
      teams: TEAMS,
    };
  } finally {
    await pool.end();
    await server.stop();
    await db.drop();
  }
}

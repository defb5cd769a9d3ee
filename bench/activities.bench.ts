import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { Pool } from 'pg';
import { benchDatabase, benchServer, insertCommitRate } from './support';

const CONCURRENCY = 16;
const TEAMS = 64;

/**
 * Activities processed per second end to end (HTTP from a load thread → GraphQL → one statement reading
 * the facts, one compare-and-set statement writing idempotency row, decision, message, missed call), next to the raw rate of a
 * single-row INSERT…COMMIT on the same database at the same concurrency.
 */
export async function benchActivities(): Promise<Record<string, number>> {
  const count = Number(process.env.BENCH_ACTIVITIES ?? 3000);
  const db = await benchDatabase();
  const server = await benchServer(db.url);
  const pool = new Pool({ connectionString: db.url, max: CONCURRENCY });
  try {
    const token = await server.auth.sign!({ sub: 'bench', role: 'SERVICE', teams: ['*'] });
    const load = (count: number, offset: number) =>
      httpLoad({ url: server.url, token, count, concurrency: CONCURRENCY, teams: TEAMS, offset });
    // dry runs (ADMIN of every bench team) of calls like the recorded ones: same facts statement, nothing written
    const admin = await server.auth.sign!({
      sub: 'bench',
      role: 'ADMIN',
      teams: Array.from({ length: TEAMS }, (_, i) => `bench-team-${i}`),
    });
    const simulate = (count: number, offset: number) =>
      httpLoad({
        url: server.url,
        token: admin,
        count,
        concurrency: CONCURRENCY,
        teams: TEAMS,
        offset,
        simulate: true,
      });
    // warm-up: team rows, JIT, connection pools
    await load(TEAMS * 4, 0);
    const insertCommitPerSecond = await insertCommitRate(pool, count, CONCURRENCY, TEAMS);
    const statementsBefore = await statementCount(server);
    const activitiesPerSecond = await load(count, TEAMS * 4);
    const statementsPerActivity = ((await statementCount(server)) - statementsBefore) / count;
    const simulationsPerSecond = await simulate(count, TEAMS * 4 + count);
    return {
      statementsPerActivity,
      simulationsPerSecond,
      simulationsPerActivity: simulationsPerSecond / activitiesPerSecond,
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

/** Runs the HTTP load on a worker thread; rejects when any mutation answered with errors. */
export async function httpLoad(job: {
  url: string;
  token: string;
  count: number;
  concurrency: number;
  teams: number;
  offset: number;
  simulate?: boolean;
}): Promise<number> {
  const worker = new Worker(path.join(__dirname, 'http-load.worker.js'), { workerData: job });
  const result = await new Promise<{ perSecond: number; errors: number }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await worker.terminate();
  if (result.errors) throw new Error(`${result.errors} of ${job.count} activities failed`);
  return result.perSecond;
}

async function statementCount(server: {
  metrics: { dbStatements: { get(): Promise<{ values: { value: number }[] }> } };
}): Promise<number> {
  return (await server.metrics.dbStatements.get()).values[0]?.value ?? 0;
}

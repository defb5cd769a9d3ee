import type { LoadJob, LoadResult } from './http-load.worker';
import {
  benchToken,
  cpuSince,
  inProcessService,
  jobOn,
  jobThread,
  pinning,
  processCpu,
  serviceProcess,
} from './pinned';
import { benchDatabase } from './support';

const CONCURRENCY = 16;
const TEAMS = 64;
const ROUNDS = 3;

/**
 * Activities processed per second end to end (HTTP → GraphQL → one statement reading the facts, one
 * compare-and-set statement writing idempotency row, decision, message, missed call), next to the
 * rate of a single-row INSERT…COMMIT on the same database at the same concurrency, in alternating
 * rounds (the median ratio). As issue 10 measured it: the service is the built production process
 * (LOG_LEVEL info) pinned to one core, the load on the other (bench/pinned.ts); after a warm-up.
 */
export async function benchActivities(): Promise<Record<string, number>> {
  const count = Number(process.env.BENCH_ACTIVITIES ?? 3000);
  const db = await benchDatabase();
  const pin = pinning();
  const service = pin ? await serviceProcess(db.url, pin.server) : await inProcessService(db.url);
  try {
    const token = await benchToken('SERVICE', ['*']);
    // dry runs (ADMIN of every bench team) of calls like the recorded ones: same facts statement, nothing written
    const admin = await benchToken(
      'ADMIN',
      Array.from({ length: TEAMS }, (_, i) => `bench-team-${i}`),
    );
    let offset = 0;
    const run = async (job: Partial<LoadJob> & { count: number }) => {
      const full: LoadJob = { url: service.url, token, concurrency: CONCURRENCY, teams: TEAMS, offset, ...job };
      offset += job.count;
      const result = await jobOn<LoadResult>('http-load.worker.js', full, pin?.load);
      if (result.errors) throw new Error(`${result.errors} of ${job.count} requests failed`);
      return result.perSecond;
    };
    // warm-up: team rows, JIT of the service's hot path, connection pools
    await run({ count: Math.max(TEAMS * 4, Math.min(count, 4000)) });
    const rounds: { insert: number; activities: number; serviceCpu?: number; databaseCpu?: number }[] = [];
    let statementsPerActivity = 0;
    for (let r = 0; r < ROUNDS; r += 1) {
      const insert = await run({ count, insertInto: db.url });
      const before = await service.statements();
      const cpu = { service: service.cpu(), database: processCpu({ command: 'postgres' }) };
      const activities = await run({ count });
      statementsPerActivity = ((await service.statements()) - before) / count;
      const perActivity = (ms: number | undefined) => (ms === undefined ? undefined : ms / count);
      rounds.push({
        insert,
        activities,
        serviceCpu: perActivity(cpuSince(cpu.service, service.cpu())),
        // every postgres process of the machine: meaningful when the bench's database is local and alone
        databaseCpu: perActivity(cpuSince(cpu.database, processCpu({ command: 'postgres' }))),
      });
    }
    const median = [...rounds].sort((a, b) => a.activities / a.insert - b.activities / b.insert)[
      Math.floor(ROUNDS / 2)
    ];
    const simulationsPerSecond = await run({ count, simulate: true, token: admin });
    return {
      statementsPerActivity,
      simulationsPerSecond,
      simulationsPerActivity: simulationsPerSecond / median.activities,
      activitiesPerSecond: median.activities,
      insertCommitPerSecond: median.insert,
      activitiesPerInsertCommit: median.activities / median.insert,
      ...(median.serviceCpu === undefined ? {} : { serviceCpuMsPerActivity: median.serviceCpu }),
      ...(median.databaseCpu === undefined ? {} : { postgresCpuMsPerActivity: median.databaseCpu }),
      ...Object.fromEntries(rounds.map((r, i) => [`round${i + 1}Ratio`, r.activities / r.insert])),
      pinned: pin ? 1 : 0,
      concurrency: CONCURRENCY,
      teams: TEAMS,
    };
  } finally {
    await service.stop();
    await db.drop();
  }
}

/** Runs the HTTP load on a worker thread; rejects when any mutation answered with errors. */
export async function httpLoad(job: LoadJob): Promise<number> {
  const result = await jobThread<LoadResult>('http-load.worker.js', job);
  if (result.errors) throw new Error(`${result.errors} of ${job.count} activities failed`);
  return result.perSecond;
}

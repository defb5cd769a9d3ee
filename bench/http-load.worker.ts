import crypto from 'node:crypto';
import { Pool } from 'pg';
import { RawHttpConnection } from './raw-http';
import { insertCommitRate } from './rates';
import { runJob } from './job';

/**
 * Load generator, on its own thread (a worker) or in its own process (`node http-load.worker.js
 * '<job JSON>'`, pinned to a core by the activities bench), so the client's work does not share
 * the service's event loop: posts `count` recordCallEnded mutations with `concurrency` in flight,
 * or runs the single-row INSERT baseline from the same place.
 */
export interface LoadJob {
  url: string;
  token: string;
  count: number;
  concurrency: number;
  teams: number;
  offset: number;
  /** Dry-run the same calls with simulateActivity instead of recording them. */
  simulate?: boolean;
  /** Instead of HTTP: single-row INSERT…COMMIT on this database (the baseline). */
  insertInto?: string;
}

export interface LoadResult {
  perSecond: number;
  errors: number;
}

const RECORD = `mutation($i: CallEndedInput!) { recordCallEnded(input: $i) { decision message { id } } }`;
const SIMULATE = `query($i: CallEndedInput!) { simulateActivity(input: { callEnded: $i }) { decision body } }`;

export async function runLoad(job: LoadJob): Promise<LoadResult> {
  if (job.insertInto) {
    const pool = new Pool({ connectionString: job.insertInto, max: job.concurrency });
    try {
      return { perSecond: await insertCommitRate(pool, job.count, job.concurrency, job.teams), errors: 0 };
    } finally {
      await pool.end();
    }
  }
  let next = 0;
  let errors = 0;
  const started = performance.now();
  const query = job.simulate ? SIMULATE : RECORD;
  await Promise.all(
    Array.from({ length: job.concurrency }, async () => {
      const connection = new RawHttpConnection(job.url, job.token);
      try {
        while (next < job.count) {
          const i = job.offset + next++;
          const now = Date.now();
          const variables = {
            i: {
              eventId: crypto.randomUUID(),
              teamId: `bench-team-${i % job.teams}`,
              callId: `c-${i}`,
              phone: `+4930${String(1_000_000 + i)}`,
              startedAt: new Date(now - 60_000).toISOString(),
              occurredAt: new Date(now).toISOString(),
              endedDuring: i % 2 ? 'RINGING' : 'MENU_OPTIONS',
            },
          };
          const body = JSON.parse(await connection.post(JSON.stringify({ query, variables }))) as { errors?: unknown };
          if (body.errors) errors += 1;
        }
      } finally {
        connection.close();
      }
    }),
  );
  return { perSecond: (job.count / (performance.now() - started)) * 1000, errors };
}

runJob(module, runLoad);

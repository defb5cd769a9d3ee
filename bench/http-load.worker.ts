import crypto from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { postGraphQL } from './post-graphql';

/**
 * Load generator on its own thread, so the client's JSON and HTTP work does not share the
 * service's event loop: posts `count` recordCallEnded mutations with `concurrency` in flight.
 */
interface Job {
  url: string;
  token: string;
  count: number;
  concurrency: number;
  teams: number;
  offset: number;
  /** Dry-run the same calls with simulateActivity instead of recording them. */
  simulate?: boolean;
}

const RECORD = `mutation($i: CallEndedInput!) { recordCallEnded(input: $i) { decision message { id } } }`;
const SIMULATE = `query($i: CallEndedInput!) { simulateActivity(input: { callEnded: $i }) { decision body } }`;

async function run(job: Job): Promise<{ perSecond: number; errors: number }> {
  let next = 0;
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: job.concurrency }, async () => {
      while (next < job.count) {
        const i = job.offset + next++;
        const now = Date.now();
        const body = await postGraphQL<{ errors?: unknown }>(job.url, job.token, job.simulate ? SIMULATE : RECORD, {
          i: {
            eventId: crypto.randomUUID(),
            teamId: `bench-team-${i % job.teams}`,
            callId: `c-${i}`,
            phone: `+4930${String(1_000_000 + i)}`,
            startedAt: new Date(now - 60_000).toISOString(),
            occurredAt: new Date(now).toISOString(),
            endedDuring: i % 2 ? 'RINGING' : 'MENU_OPTIONS',
          },
        });
        if (body.errors) errors += 1;
      }
    }),
  );
  return { perSecond: (job.count / (performance.now() - started)) * 1000, errors };
}

void run(workerData as Job).then((r) => parentPort!.postMessage(r));

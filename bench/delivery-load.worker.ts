import crypto from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { postGraphQL } from './post-graphql';

/**
 * Load generator on its own thread: posts `count` recordDeliveryStatus mutations with
 * `concurrency` in flight, walking each message through QUEUED, SENT, DELIVERED, READ (so most
 * reports change the current status, take a change position and move the figures).
 */
interface Job {
  url: string;
  token: string;
  count: number;
  concurrency: number;
  messages: { id: string; teamId: string }[];
}

const QUERY = `mutation($i: DeliveryStatusInput!) { recordDeliveryStatus(input: $i) { id } }`;
const STATUSES = ['QUEUED', 'SENT', 'DELIVERED', 'READ', 'FAILED'];

async function run(job: Job): Promise<{ perSecond: number; errors: number }> {
  let next = 0;
  let errors = 0;
  const base = Date.now() - 60_000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: job.concurrency }, async () => {
      while (next < job.count) {
        const i = next++;
        const message = job.messages[i % job.messages.length];
        const step = Math.floor(i / job.messages.length);
        const body = await postGraphQL<{ errors?: unknown }>(job.url, job.token, QUERY, {
          i: {
            eventId: crypto.randomUUID(),
            teamId: message.teamId,
            messageId: message.id,
            status: STATUSES[step % STATUSES.length],
            occurredAt: new Date(base + step * 1000).toISOString(),
          },
        });
        if (body.errors) errors += 1;
      }
    }),
  );
  return { perSecond: (job.count / (performance.now() - started)) * 1000, errors };
}

void run(workerData as Job).then((r) => parentPort!.postMessage(r));

import crypto from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { postGraphQL } from './post-graphql';

/**
 * Records advisor actions at a steady rate on its own thread (an absolute schedule, so a slow
 * response does not shift the ones after it) and notes when each mutation's response arrived.
 */
interface Job {
  url: string;
  token: string;
  teamId: string;
  count: number;
  perSecond: number;
}

const QUERY = `mutation($i: AdvisorActionInput!) { recordAdvisorAction(input: $i) { message { id } } }`;

async function run(job: Job): Promise<{ responses: [string, number][]; errors: number; lateMs: number }> {
  const responses: [string, number][] = [];
  let errors = 0;
  let lateMs = 0;
  const started = performance.now();
  const sends: Promise<void>[] = [];
  for (let i = 0; i < job.count; i++) {
    const due = started + (i * 1000) / job.perSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    else lateMs = Math.max(lateMs, -wait);
    sends.push(
      (async () => {
        const body = await postGraphQL<{
          data?: { recordAdvisorAction: { message: { id: string } | null } };
          errors?: unknown;
        }>(job.url, job.token, QUERY, {
          i: {
            eventId: crypto.randomUUID(),
            teamId: job.teamId,
            action: 'REQUEST_PHOTO_VIDEO',
            channel: 'WHATSAPP',
            phone: '+4930123456',
            link: `https://upload.example.com/${i}`,
            occurredAt: new Date().toISOString(),
          },
        });
        const at = performance.timeOrigin + performance.now();
        const id = body.data?.recordAdvisorAction.message?.id;
        if (body.errors || !id) errors += 1;
        else responses.push([id, at]);
      })(),
    );
  }
  await Promise.all(sends);
  return { responses, errors, lateMs };
}

void run(workerData as Job).then((r) => parentPort!.postMessage(r));

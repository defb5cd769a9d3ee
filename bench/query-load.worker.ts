import { postGraphQL } from './post-graphql';
import { runJob } from './job';

/**
 * Load generator on its own thread (or process): posts one GraphQL operation (variables taken round robin from
 * `variables`) with `concurrency` in flight for `durationMs` (so a slow machine makes a slower
 * figure, not a longer run); counts answers with errors.
 */
export interface QueryLoadJob {
  url: string;
  token: string;
  query: string;
  variables: Record<string, unknown>[];
  durationMs: number;
  concurrency: number;
}

export interface QueryLoadResult {
  perSecond: number;
  count: number;
  errors: number;
  firstError?: string;
}

async function run(job: QueryLoadJob): Promise<QueryLoadResult> {
  let next = 0;
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const until = started + job.durationMs;
  await Promise.all(
    Array.from({ length: job.concurrency }, async () => {
      while (performance.now() < until) {
        const i = next++;
        const body = await postGraphQL<{ errors?: unknown[]; data?: unknown }>(
          job.url,
          job.token,
          job.query,
          job.variables[i % job.variables.length],
        );
        if (body.errors || !body.data) {
          errors += 1;
          firstError ??= JSON.stringify(body).slice(0, 300);
        }
      }
    }),
  );
  return { perSecond: (next / (performance.now() - started)) * 1000, count: next, errors, firstError };
}

runJob(module, run);

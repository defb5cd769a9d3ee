import { Client } from 'pg';
import { benchDatabase, benchServer } from './support';

const OTHER_TEAMS = 16;
const CONCURRENCY = 8;
/** Requests of the blocked team kept in flight the whole time (twice the pool). */
const BLOCKED_IN_FLIGHT = 20;

/**
 * PRODUCT.md §10: latency of activities for other teams while one team's row is locked by another
 * session and that team keeps sending (and retrying) activities, next to the same load with no team
 * blocked, measured in the same run. Goal: p50 and p99 within 2×.
 */
export async function benchIsolation(): Promise<Record<string, number>> {
  const count = Number(process.env.BENCH_ISOLATION ?? 1500);
  const db = await benchDatabase();
  const server = await benchServer(db.url, { DATABASE_POOL_SIZE: '10', TEAM_WAIT_MS: '2000' });
  const token = await server.auth.sign!({ sub: 'bench', role: 'SERVICE', teams: ['*'] });
  let seq = 0;
  const activity = (team: string) =>
    fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: `mutation($i: AdvisorActionInput!) { recordAdvisorAction(input: $i) { decision } }`,
        variables: {
          i: {
            eventId: `iso-${seq++}`,
            teamId: team,
            action: 'REQUEST_PHOTO_VIDEO',
            channel: 'WHATSAPP',
            phone: `+49301${String(seq % 100000).padStart(6, '0')}`,
            link: 'https://upload.example.com/x',
            occurredAt: new Date(Date.now() - 1000).toISOString(),
          },
        },
      }),
    }).then(async (res) => (await res.json()) as { errors?: { extensions?: { reason?: string } }[] });

  const others = Array.from({ length: OTHER_TEAMS }, (_, i) => `iso-team-${i}`);
  const latencies = async (n: number) => {
    const ms: number[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < n) {
          const team = others[next++ % OTHER_TEAMS];
          const started = performance.now();
          const body = await activity(team);
          if (body.errors) throw new Error(`an activity of an unblocked team failed: ${JSON.stringify(body.errors)}`);
          ms.push(performance.now() - started);
        }
      }),
    );
    return ms.sort((a, b) => a - b);
  };
  const lock = new Client({ connectionString: db.url });
  try {
    await activity('iso-blocked');
    await latencies(OTHER_TEAMS * 8); // warm-up: team rows, JIT, pool
    const free = await latencies(count);

    await lock.connect();
    await lock.query('BEGIN');
    await lock.query(`SELECT 1 FROM team WHERE id = 'iso-blocked' FOR UPDATE`);
    let blocking = true;
    let busy = 0;
    const pressure = Promise.all(
      Array.from({ length: BLOCKED_IN_FLIGHT }, async () => {
        while (blocking) {
          const body = await activity('iso-blocked');
          if (body.errors?.[0]?.extensions?.reason === 'TEAM_BUSY') busy++;
          else if (blocking) throw new Error(`the blocked team got ${JSON.stringify(body)} while blocked`);
        }
      }),
    );
    const blocked = await latencies(count);
    blocking = false;
    await lock.query('ROLLBACK');
    await pressure;

    const p = (xs: number[], q: number) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))];
    return {
      otherTeamsP50MsNoneBlocked: p(free, 0.5),
      otherTeamsP99MsNoneBlocked: p(free, 0.99),
      otherTeamsP50MsOneBlocked: p(blocked, 0.5),
      otherTeamsP99MsOneBlocked: p(blocked, 0.99),
      p50Ratio: p(blocked, 0.5) / p(free, 0.5),
      p99Ratio: p(blocked, 0.99) / p(free, 0.99),
      blockedTeamTeamBusyAnswers: busy,
    };
  } finally {
    await lock.end().catch(() => undefined);
    await server.stop();
    await db.drop();
  }
}

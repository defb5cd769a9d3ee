import { Pool } from 'pg';
import { httpLoad } from './activities.bench';
import { jobThread } from './pinned';
import { postGraphQL } from './post-graphql';
import { ROLLUP_TABLES } from '../src/persistence/repositories/stats-rollup.sql';
import { benchDatabase, benchServer, insertCommitRate } from './support';

const CONCURRENCY = 16;
const TEAMS = 64;

/**
 * Delivery reports recorded per second end to end (HTTP from a load thread → GraphQL → the one
 * statement: message row lock, ranking rule, change position under the team lock, report row,
 * figures), next to a single-row INSERT…COMMIT on the same database at the same concurrency.
 */
export async function benchDeliveryReports(): Promise<Record<string, number>> {
  const count = Number(process.env.BENCH_DELIVERY_REPORTS ?? 3000);
  const db = await benchDatabase();
  const server = await benchServer(db.url);
  const pool = new Pool({ connectionString: db.url, max: CONCURRENCY });
  try {
    const token = await server.auth.sign!({ sub: 'bench', role: 'SERVICE', teams: ['*'] });
    // messages to report on: dispatched through the API (RINGING and MENU_OPTIONS calls, all DISPATCHED)
    await httpLoad({ url: server.url, token, count: 1000, concurrency: CONCURRENCY, teams: TEAMS, offset: 0 });
    const { rows: messages } = await pool.query<{ id: string; teamId: string }>(
      `SELECT id, team_id AS "teamId" FROM automated_message WHERE decision = 'DISPATCHED' ORDER BY random()`,
    );
    const load = (n: number) => deliveryLoad({ url: server.url, token, count: n, concurrency: CONCURRENCY, messages });
    await load(200); // warm-up
    const insertCommitPerSecond = await insertCommitRate(pool, count, CONCURRENCY, TEAMS);
    const deliveryReportsPerSecond = await load(count);
    return {
      deliveryReportsPerSecond,
      insertCommitPerSecond,
      reportsPerInsertCommit: deliveryReportsPerSecond / insertCommitPerSecond,
      concurrency: CONCURRENCY,
      messages: messages.length,
    };
  } finally {
    await pool.end();
    await server.stop();
    await db.drop();
  }
}

async function deliveryLoad(job: {
  url: string;
  token: string;
  count: number;
  concurrency: number;
  messages: { id: string; teamId: string }[];
}) {
  const result = await jobThread<{ perSecond: number; errors: number }>('delivery-load.worker.js', job);
  if (result.errors) throw new Error(`${result.errors} of ${job.count} delivery reports failed`);
  return result.perSecond;
}

const STATS_TEAM = 'bench-stats-team';
const DAYS = 90;
const TRIGGERS = ['CUSTOMER_HUNG_UP', 'MISSED_CALL', 'AFTER_HOURS_CALL', 'VOICEMAIL_LEFT'];

/**
 * `automationStats` for 90 DAY buckets over HTTP, p50/p99, for one team whose log holds 10 k rows,
 * then 1 M rows (same team, same range): the ratio shows whether the cost grows with the log.
 * The rows are generated with INSERT … SELECT generate_series, and both rollup tables from them with
 * the same aggregation as the migration's backfill (Europe/Berlin days read the hour table).
 */
export async function benchAutomationStats(): Promise<Record<string, number>> {
  const requests = Number(process.env.BENCH_STATS_REQUESTS ?? 200);
  const db = await benchDatabase();
  const server = await benchServer(db.url);
  const pool = new Pool({ connectionString: db.url, max: 2 });
  try {
    const token = await server.auth.sign!({ sub: 'bench', role: 'ADMIN', teams: [STATS_TEAM] });
    // the team's first write creates its row (reads never write): its settings, in Europe/Berlin
    await postGraphQL(
      server.url,
      token,
      `mutation { updateChatSettings(input: { teamId: "${STATS_TEAM}", timeZone: "Europe/Berlin" }) { version } }`,
      {},
    );
    const until = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000);
    const since = new Date(until.getTime() - DAYS * 86_400_000);

    const addRows = async (from: number, to: number) => {
      const started = performance.now();
      await pool.query(
        `INSERT INTO automated_message (team_id, position, event_id, trigger, decision, suppression_reason, channel, recipient,
           body, locale, segments, activity_at)
         SELECT $1, n, 'e-' || n, ($4::text[])[1 + n % 4],
                CASE WHEN n % 5 = 0 THEN 'SUPPRESSED' ELSE 'DISPATCHED' END,
                CASE WHEN n % 5 = 0 THEN (ARRAY['COOLDOWN', 'OPTED_OUT', 'DISABLED'])[1 + n % 3] END,
                'SMS', '+4930' || (1000000 + n % 50000), 'Sorry we missed you, we call back soon.', 'en', 1 + n % 2,
                $5::timestamptz + (random() * $6::double precision) * interval '1 second'
           FROM generate_series($2::bigint, $3::bigint) AS n`,
        [STATS_TEAM, from, to, TRIGGERS, since, DAYS * 86_400],
      );
      for (const { table, width } of ROLLUP_TABLES) {
        await pool.query(
          `INSERT INTO ${table} AS s (team_id, slot, trigger, dispatched, segments, suppressed_disabled, suppressed_cooldown,
             suppressed_opted_out)
           SELECT team_id, date_bin('${width}', activity_at, timestamptz '2000-01-01 00:00:00+00'), trigger,
                  count(*) FILTER (WHERE decision = 'DISPATCHED'), coalesce(sum(segments) FILTER (WHERE decision = 'DISPATCHED'), 0),
                  count(*) FILTER (WHERE suppression_reason = 'DISABLED'), count(*) FILTER (WHERE suppression_reason = 'COOLDOWN'),
                  count(*) FILTER (WHERE suppression_reason = 'OPTED_OUT')
             FROM automated_message WHERE team_id = $1 AND position BETWEEN $2 AND $3 GROUP BY 1, 2, 3
           ON CONFLICT (team_id, slot, trigger) DO UPDATE SET dispatched = s.dispatched + EXCLUDED.dispatched,
             segments = s.segments + EXCLUDED.segments, suppressed_disabled = s.suppressed_disabled + EXCLUDED.suppressed_disabled,
             suppressed_cooldown = s.suppressed_cooldown + EXCLUDED.suppressed_cooldown,
             suppressed_opted_out = s.suppressed_opted_out + EXCLUDED.suppressed_opted_out`,
          [STATS_TEAM, from, to],
        );
        await pool.query(`VACUUM ANALYZE ${table}`);
      }
      await pool.query(`UPDATE team SET message_position = $2 WHERE id = $1`, [STATS_TEAM, to]);
      await pool.query(`VACUUM ANALYZE automated_message`);
      return performance.now() - started;
    };
    const query = `query($t: ID!, $since: DateTime!, $until: DateTime!) {
      team(id: $t) { automationStats(since: $since, until: $until, interval: DAY) {
        totals { dispatched suppressed segments delivered failed }
        buckets { start dispatched suppressed segments delivered failed byTrigger { trigger dispatched suppressed segments } bySuppressionReason { reason count } }
      } } }`;
    /** p50 of the smallest query of the same team: what any request costs here, for scale. */
    const trivialP50 = async () => {
      const times: number[] = [];
      for (let i = 0; i < requests; i++) {
        const started = performance.now();
        await postGraphQL(server.url, token, `{ team(id: "${STATS_TEAM}") { id } }`, {});
        times.push(performance.now() - started);
      }
      return times.sort((x, y) => x - y)[Math.floor(times.length / 2)];
    };
    const measure = async () => {
      const times: number[] = [];
      let dispatched = 0;
      for (let i = 0; i < requests + 20; i++) {
        const started = performance.now();
        const body = await postGraphQL<{
          data?: { team: { automationStats: { totals: { dispatched: number }; buckets: unknown[] } } };
          errors?: unknown;
        }>(server.url, token, query, { t: STATS_TEAM, since: since.toISOString(), until: until.toISOString() });
        if (body.errors || body.data!.team.automationStats.buckets.length < DAYS)
          throw new Error(`automationStats failed: ${JSON.stringify(body.errors)}`);
        dispatched = body.data!.team.automationStats.totals.dispatched;
        if (i >= 20) times.push(performance.now() - started); // the first 20 warm up
      }
      times.sort((x, y) => x - y);
      return { p50: times[Math.floor(times.length * 0.5)], p99: times[Math.floor(times.length * 0.99)], dispatched };
    };

    const fill10kMs = await addRows(1, 10_000);
    const small = await measure();
    const fill1mMs = await addRows(10_001, 1_000_000);
    const large = await measure();
    const p50MsTrivialQuery = await trivialP50();
    const { rows } = await pool.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM automation_stats_hour WHERE team_id = $1`,
      [STATS_TEAM],
    );
    return {
      p50Ms10k: small.p50,
      p99Ms10k: small.p99,
      p50Ms1M: large.p50,
      p99Ms1M: large.p99,
      p50Ratio1MTo10k: large.p50 / small.p50,
      p50MsTrivialQuery,
      dispatchedCounted1M: large.dispatched,
      hourRollupRows1M: Number(rows[0].n),
      fill10kMs,
      fill1MMs: fill1mMs,
    };
  } finally {
    await pool.end();
    await server.stop();
    await db.drop();
  }
}

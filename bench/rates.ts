import type { Pool } from 'pg';

/** Runs `task` with `concurrency` workers until `count` tasks are done; returns the rate per second. */
export async function ratePerSecond(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<void>,
): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await task(next++);
    }),
  );
  return (count / (performance.now() - started)) * 1000;
}

/**
 * The floor the write benchmarks compare with: single-row INSERT…COMMIT (autocommit) on the same
 * database, at the same concurrency, spread over `teams` like the activities.
 */
export async function insertCommitRate(pool: Pool, count: number, concurrency: number, teams: number): Promise<number> {
  await pool.query(
    `CREATE TABLE IF NOT EXISTS bench_insert (id bigserial PRIMARY KEY, team_id text NOT NULL, payload text NOT NULL)`,
  );
  return ratePerSecond(count, concurrency, async (i) => {
    await pool.query(`INSERT INTO bench_insert (team_id, payload) VALUES ($1, $2)`, [
      `t-${i % teams}`,
      'x'.repeat(120),
    ]);
  });
}

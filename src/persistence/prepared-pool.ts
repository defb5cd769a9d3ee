import { createHash } from 'node:crypto';
import { Pool, type PoolClient, type QueryConfig } from 'pg';
import { pgPoolSettings, type DataSourceOptions } from './data-source';
import { statementLabel, type SqlExecutor } from './sql';

export interface PreparedPoolOptions extends Pick<
  DataSourceOptions,
  'url' | 'applicationName' | 'lockTimeoutMs' | 'statementTimeoutMs' | 'poolTimeoutMs'
> {
  /** Connections of this pool (DATABASE_ACTIVITY_POOL_SIZE), beside the general pool. */
  poolSize: number;
  /** Called for every statement sent, BEGIN and COMMIT included (db_statements_total). */
  onStatement?: () => void;
  /** An idle connection failed (the database restarted): pg-pool drops it; this only reports it. */
  onIdleError?: (error: Error) => void;
}

/**
 * The activity path's own connections (PRODUCT.md §10, issue 10): its few statements are large CTEs
 * whose parse and plan cost the database several times their execution. Here each is prepared once
 * per connection (a named statement: afterwards only Bind/Execute cross the wire) and runs with a
 * generic plan (`plan_cache_mode = force_generic_plan` on these connections only, so no other
 * statement of the service is planned without its values). Every statement here is keyed by a team
 * and reads by primary or leading-key index, which a generic plan uses as well as a custom one.
 */
export interface PreparedPool {
  /** Runs single statements, each on whichever pooled connection is free. */
  readonly executor: SqlExecutor;
  /** Runs `work` in one transaction on one connection; rolls back when it throws. */
  transaction<T>(work: (executor: SqlExecutor) => Promise<T>): Promise<T>;
  end(): Promise<void>;
}

export function createPreparedPool(options: PreparedPoolOptions): PreparedPool {
  const pool = new Pool({
    connectionString: options.url,
    ...pgPoolSettings(options),
    // a connection parameter: costs no round trip
    options: '-c plan_cache_mode=force_generic_plan',
  });
  pool.on('error', (err) => options.onIdleError?.(err));
  const counted = (run: (config: QueryConfig) => Promise<{ rows: unknown[] }>): SqlExecutor => ({
    query: async (text, params = []) => {
      options.onStatement?.();
      return (await run({ name: statementName(text), text, values: params })).rows;
    },
  });
  const executor = counted((config) => pool.query(config));
  return {
    executor,
    async transaction(work) {
      const client: PoolClient = await pool.connect();
      const inTransaction = counted((config) => client.query(config));
      const control = async (command: 'BEGIN' | 'COMMIT' | 'ROLLBACK') => {
        options.onStatement?.();
        await client.query(command); // simple protocol: one message, nothing to prepare
      };
      let broken: Error | undefined;
      try {
        await control('BEGIN');
        const result = await work(inTransaction);
        await control('COMMIT');
        return result;
      } catch (err) {
        await control('ROLLBACK').catch((e: unknown) => {
          // a connection that cannot roll back is not given back to the pool
          broken = e instanceof Error ? e : new Error(String(e));
        });
        throw err;
      } finally {
        client.release(broken);
      }
    },
    end: () => pool.end(),
  };
}

const names = new Map<string, string>();

/**
 * A statement's prepared name: its `/* name *\/` comment and a hash of its text, so two texts never
 * share a name on one connection (pg refuses that) and the same text is prepared once.
 */
export function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    const label = statementLabel(text) ?? 'statement';
    name = `${label}_${createHash('sha1').update(text).digest('hex').slice(0, 12)}`;
    if (names.size >= 1000) names.clear(); // texts are a handful of shapes; this only bounds a mistake
    names.set(text, name);
  }
  return name;
}

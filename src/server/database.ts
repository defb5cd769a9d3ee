import path from 'node:path';
import { Client } from 'pg';
import type { Logger } from 'pino';
import { LOST_ERRNO } from '../persistence/database-errors';
import type { Config } from './config';
import { runEmbeddedPostgres } from './embedded-postgres';

export interface DatabaseHandle {
  /** Connection string the service uses. */
  readonly url: string;
  /** Whether this process started the server (embedded) and so must stop it. */
  readonly embedded: boolean;
  stop(): Promise<void>;
}

const EMBEDDED_DB_NAME = 'chat_automation';
const EMBEDDED_USER = 'postgres';
const EMBEDDED_PASSWORD = 'postgres';

/**
 * Gives the service a PostgreSQL: the server of DATABASE_URL when configured, else an embedded
 * real PostgreSQL (the `embedded-postgres` package) whose data lives under EMBEDDED_DATA_DIR.
 */
export async function provideDatabase(config: Config, logger: Logger): Promise<DatabaseHandle> {
  if (config.database.url) {
    return { url: config.database.url, embedded: false, stop: async () => undefined };
  }
  return startEmbeddedPostgres({
    dataDir: path.resolve(config.database.embeddedDir, 'pg'),
    port: config.database.embeddedPort,
    database: EMBEDDED_DB_NAME,
    logger,
  });
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  database: string;
  logger: Pick<Logger, 'info' | 'debug' | 'warn'>;
}): Promise<DatabaseHandle> {
  const started = Date.now();
  const pg = await runEmbeddedPostgres({
    dataDir: options.dataDir,
    port: options.port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    logger: options.logger,
  });
  const base = `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${pg.port}`;
  try {
    await ensureDatabase(`${base}/postgres`, options.database);
  } catch (err) {
    await pg.stop();
    throw err;
  }
  options.logger.info(
    { ms: Date.now() - started, port: pg.port, dataDir: pg.dataDir, firstRun: pg.firstRun },
    'embedded PostgreSQL started',
  );
  return { url: `${base}/${options.database}`, embedded: true, stop: () => pg.stop() };
}

/** Start-up failed for a reason the operator can act on: main prints the message, without a stack. */
export class DatabaseStartError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseStartError';
  }
}

/** SQLSTATEs worth waiting out: the server is starting, shutting down or full, or the link failed. */
const TRANSIENT_SQLSTATE = /^(08|57P0[1-3]|53300)/;

/**
 * Waits until the database at `url` answers, retrying with exponential backoff (capped at 5 s)
 * for up to `waitMs`, logging each failed attempt: a compose file or a cold cluster start may
 * bring the service up first. Errors no wait can fix (password, unknown database) fail at once.
 */
export async function waitForDatabase(
  url: string,
  waitMs: number,
  logger: Pick<Logger, 'warn' | 'info'>,
): Promise<void> {
  const started = Date.now();
  let delay = 250;
  for (let attempt = 1; ; attempt += 1) {
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
      if (attempt > 1) logger.info({ attempt, ms: Date.now() - started }, 'database reachable');
      return;
    } catch (err) {
      const cause = describeDbError(err);
      if (!isTransient(err))
        throw new DatabaseStartError(`cannot use the database at ${redact(url)}: ${cause}`, { cause: err });
      if (Date.now() - started + delay > waitMs) {
        throw new DatabaseStartError(
          `the database at ${redact(url)} was not reachable within ${Math.round(waitMs / 1000)} s (${attempt} attempts): ${cause}. ` +
            `Check DATABASE_URL, or allow a longer wait with DATABASE_WAIT_MS.`,
          { cause: err },
        );
      }
      logger.warn({ attempt, retryInMs: delay, cause }, 'database not reachable yet, waiting');
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 5000);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

function isTransient(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') return TRANSIENT_SQLSTATE.test(code) || LOST_ERRNO.has(code);
  // pg's own connection failures carry no code: "Connection terminated unexpectedly", "… connection timeout"
  return err instanceof Error && /Connection terminated|timeout/i.test(err.message);
}

function describeDbError(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length) return describeDbError(err.errors[0]);
  const e = err as { code?: string; message?: string };
  return [e.code, e.message || (e.code ? '' : String(err))].filter(Boolean).join(' ');
}

/** The URL without its password, for logs and messages. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(invalid URL)';
  }
}

export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) {
      await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
    }
  } catch (err) {
    // Two processes creating the same database at once: the loser sees a duplicate.
    if ((err as { code?: string }).code !== '42P04' && (err as { code?: string }).code !== '23505') throw err;
  } finally {
    await client.end();
  }
}

// tests and benchmarks pick their server with it
export { isReachable } from './pg-reachable';

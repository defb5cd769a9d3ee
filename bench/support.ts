import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { Client } from 'pg';
import { startServer, type RunningServer } from '../src/server/app';
import { loadConfig } from '../src/server/config';
import { isReachable, startEmbeddedPostgres, type DatabaseHandle } from '../src/server/database';
import { createLogger } from '../src/server/logger';

const LOCAL_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchDatabase {
  adminUrl: string;
  url: string;
  drop(): Promise<void>;
}

/**
 * A scratch database for a benchmark: on BENCH_DATABASE_URL's server, else the local one, else an
 * embedded PostgreSQL. Its name marks it as a benchmark database and it is dropped afterwards.
 */
export async function benchDatabase(): Promise<BenchDatabase> {
  let adminUrl = process.env.BENCH_DATABASE_URL ?? LOCAL_URL;
  let embedded: DatabaseHandle | undefined;
  let dir: string | undefined;
  if (!(await isReachable(adminUrl))) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chat-automation-bench-'));
    fs.chmodSync(dir, 0o755); // as root, the server's own user must be able to enter it
    embedded = await startEmbeddedPostgres({
      dataDir: path.join(dir, 'pg'),
      port: 20000 + Math.floor(Math.random() * 20000),
      database: 'postgres',
      logger: { info: () => undefined, debug: () => undefined, warn: () => undefined },
    });
    adminUrl = embedded.url;
  }
  const name = `chat_automation_bench_${crypto.randomBytes(4).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return {
    adminUrl,
    url: u.toString(),
    drop: async () => {
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await embedded?.stop();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function adminQuery(url: string, sql: string): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

export const BENCH_SECRET = 'bench-secret-bench-secret-bench-secret-0123';

export async function benchServer(databaseUrl: string, env: Record<string, string> = {}): Promise<RunningServer> {
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '20',
    AUTH_JWT_SECRET: BENCH_SECRET,
    LOG_LEVEL: 'silent',
    RETENTION_INTERVAL_MS: '0',
    ...env,
  });
  return startServer(config, createLogger(config));
}

export { insertCommitRate, ratePerSecond } from './rates';

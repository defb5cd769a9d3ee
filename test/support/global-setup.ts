import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { isReachable, startEmbeddedPostgres } from '../../src/server/database';
import { createDataSource } from '../../src/persistence/data-source';
import { assertTestDatabase, withDatabase } from './postgres';

const LOCAL_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Finds a PostgreSQL for the run (TEST_DATABASE_URL, else the local server, else an embedded one)
 * and builds a migrated template database that every test file clones.
 */
export default async function globalSetup(): Promise<void> {
  // TEST_DATABASE_URL=embedded forces the embedded server (what a machine without PostgreSQL gets)
  const wanted = process.env.TEST_DATABASE_URL;
  let adminUrl = wanted === 'embedded' ? undefined : wanted;
  if (!adminUrl && wanted !== 'embedded' && (await isReachable(LOCAL_URL))) adminUrl = LOCAL_URL;
  if (!adminUrl) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chat-automation-pg-'));
    fs.chmodSync(dir, 0o755); // as root, the server's own user must be able to enter it
    const port = 20000 + Math.floor(Math.random() * 20000);
    const handle = await startEmbeddedPostgres({
      dataDir: path.join(dir, 'pg'),
      port,
      database: 'postgres',
      logger: silent,
    });
    (globalThis as Record<string, unknown>).__embeddedPg = { handle, dir };
    adminUrl = handle.url;
  }
  const runId = `${Date.now().toString(36)}_${process.pid.toString(36)}`;
  const template = `chat_automation_test_${runId}_tpl`;
  assertTestDatabase(template);
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await dropAbandoned(admin);
    await admin.query(`CREATE DATABASE ${template}`);
  } finally {
    await admin.end();
  }
  const ds = createDataSource({ url: withDatabase(adminUrl, template), poolSize: 1 });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'all' });
  await ds.destroy();
  process.env.CHAT_AUTOMATION_TEST_ADMIN_URL = adminUrl;
  process.env.CHAT_AUTOMATION_TEST_TEMPLATE = template;
  process.env.CHAT_AUTOMATION_TEST_RUN = runId;
}

/** Databases of runs that were killed before their teardown: named by their start time, gone after 6 h. */
async function dropAbandoned(admin: Client): Promise<void> {
  const { rows } = await admin.query<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE datname LIKE 'chat\\_automation\\_test\\_%'`,
  );
  for (const { datname } of rows) {
    const started = /^chat_automation_test_([a-z0-9]+)_/.exec(datname)?.[1];
    if (started && Date.now() - parseInt(started, 36) > 6 * 3600_000) {
      assertTestDatabase(datname);
      await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`).catch(() => undefined);
    }
  }
}

const silent = { info: () => undefined, debug: () => undefined, warn: () => undefined };

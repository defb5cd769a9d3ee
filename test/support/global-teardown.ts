import fs from 'node:fs';
import { Client } from 'pg';
import type { DatabaseHandle } from '../../src/server/database';

/** Drops every database this run created and stops the embedded server if one was started. */
export default async function globalTeardown(): Promise<void> {
  const adminUrl = process.env.CHAT_AUTOMATION_TEST_ADMIN_URL;
  const runId = process.env.CHAT_AUTOMATION_TEST_RUN;
  if (adminUrl && runId) {
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
        `chat_automation_test_${runId}%`,
      ]);
      for (const { datname } of rows) {
        await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      }
    } finally {
      await admin.end();
    }
  }
  const embedded = (globalThis as Record<string, unknown>).__embeddedPg as
    { handle: DatabaseHandle; dir: string } | undefined;
  if (embedded) {
    await embedded.handle.stop();
    fs.rmSync(embedded.dir, { recursive: true, force: true });
  }
}

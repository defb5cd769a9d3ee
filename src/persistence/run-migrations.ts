import { Client } from 'pg';
import { createDataSource } from './data-source';

/** The advisory lock key every instance takes around migrations ("chat-automation migrations"). */
const MIGRATION_LOCK_KEY = 7_305_417_912_001;

/**
 * Applies pending migrations, one instance at a time: instances started at the same moment (a
 * scale-up, a rolling deploy) queue on a session advisory lock held by one dedicated connection,
 * and whoever comes second finds them applied and proceeds. The lock goes with the connection, so
 * a crashed instance never leaves it behind. Migrations run without the service's statement
 * timeout (a data migration may take longer than any request).
 */
export async function runMigrationsSerialized(url: string, hooks: { onWait?: () => void } = {}): Promise<string[]> {
  const lock = new Client({ connectionString: url, application_name: 'chat-automation migrations' });
  lock.on('error', () => undefined);
  await lock.connect();
  try {
    const { rows } = await lock.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
      MIGRATION_LOCK_KEY,
    ]);
    if (!rows[0]?.locked) {
      hooks.onWait?.();
      await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    }
    const ds = createDataSource({ url, poolSize: 1, applicationName: 'chat-automation migrations' });
    await ds.initialize();
    try {
      return (await ds.runMigrations({ transaction: 'all' })).map((m) => m.name);
    } finally {
      await ds.destroy();
    }
  } finally {
    // ending the session releases the lock
    await lock.end().catch(() => undefined);
  }
}

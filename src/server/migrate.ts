import 'reflect-metadata';
import { runMigrationsSerialized } from '../persistence/run-migrations';
import { ConfigError, loadConfig } from './config';
import { DatabaseStartError, provideDatabase, waitForDatabase } from './database';
import { EmbeddedPostgresError } from './embedded-postgres';
import { createLogger } from './logger';

/** `npm run migrate`: applies pending migrations to DATABASE_URL (or the embedded database) and exits. */
async function migrate(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config);
  const db = await provideDatabase(config, logger);
  try {
    await waitForDatabase(db.url, config.database.waitMs, logger);
    const ran = await runMigrationsSerialized(db.url, {
      onWait: () => logger.info('another instance is migrating the database: waiting for it'),
    });
    logger.info({ applied: ran }, ran.length ? 'migrations applied' : 'database is up to date');
  } finally {
    await db.stop();
  }
}

migrate().catch((err) => {
  const known = err instanceof ConfigError || err instanceof DatabaseStartError || err instanceof EmbeddedPostgresError;
  process.stderr.write(`${known ? err.message : err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});

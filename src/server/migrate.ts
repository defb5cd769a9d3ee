import 'reflect-metadata';
import { createDataSource } from '../persistence/data-source';
import { ConfigError, loadConfig } from './config';
import { provideDatabase } from './database';
import { createLogger } from './logger';

/** `npm run migrate`: applies pending migrations to DATABASE_URL (or the embedded database) and exits. */
async function migrate(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config);
  const db = await provideDatabase(config, logger);
  const ds = createDataSource({ url: db.url, poolSize: 1 });
  try {
    await ds.initialize();
    const ran = await ds.runMigrations({ transaction: 'all' });
    logger.info({ applied: ran.map((m) => m.name) }, ran.length ? 'migrations applied' : 'database is up to date');
  } finally {
    await ds.destroy().catch(() => undefined);
    await db.stop();
  }
}

migrate().catch((err) => {
  process.stderr.write(`${err instanceof ConfigError ? err.message : err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});

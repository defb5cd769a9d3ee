import { createDataSource, MIGRATIONS, pendingMigrations } from '../../src/persistence/data-source';
import { adminQuery, testAdminUrl, withDatabase } from '../support/postgres';

const NAME = `chat_automation_test_${Date.now().toString(36)}_${process.pid.toString(36)}_migrations`;

afterAll(async () => {
  await adminQuery(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`);
});

it('applies every migration to an empty database, reverts them all, and applies them again', async () => {
  await adminQuery(`CREATE DATABASE ${NAME}`);
  const ds = createDataSource({ url: withDatabase(testAdminUrl(), NAME), poolSize: 1 });
  await ds.initialize();
  try {
    expect(await pendingMigrations(ds)).toHaveLength(MIGRATIONS.length);
    expect((await ds.runMigrations({ transaction: 'all' })).map((m) => m.name)).toHaveLength(MIGRATIONS.length);
    expect(await pendingMigrations(ds)).toEqual([]);

    for (let i = 0; i < MIGRATIONS.length; i += 1) await ds.undoLastMigration({ transaction: 'all' });
    const tables = await ds.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations'`);
    expect(tables).toEqual([]);

    await ds.runMigrations({ transaction: 'all' });
    expect(await pendingMigrations(ds)).toEqual([]);
    const names = (await ds.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)).map(
      (r: { tablename: string }) => r.tablename,
    );
    expect(names).toEqual(
      ['activity', 'automated_message', 'automation_stats_hour', 'automation_stats_slot', 'chat_settings_change', 'conversation', 'delivery_report', 'migrations', 'missed_call', 'opt_out', 'ring_plan', 'team', 'ticket'],
    );
  } finally {
    await ds.destroy();
  }
});

import { createDataSource, MIGRATIONS, pendingMigrations } from '../../src/persistence/data-source';
import { TicketPublicIds1764320000000 } from '../../migrations/1764320000000-ticket-public-ids';
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
    const tables = await ds.query(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations'`,
    );
    expect(tables).toEqual([]);

    await ds.runMigrations({ transaction: 'all' });
    expect(await pendingMigrations(ds)).toEqual([]);
    const names = (await ds.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)).map(
      (r: { tablename: string }) => r.tablename,
    );
    expect(names).toEqual([
      'activity',
      'automated_message',
      'automation_stats_hour',
      'automation_stats_slot',
      'chat_settings_change',
      'conversation',
      'delivery_report',
      'erasure',
      'installation_secret',
      'migrations',
      'missed_call',
      'opt_out',
      'ring_plan',
      'team',
      'ticket',
    ]);
  } finally {
    await ds.destroy();
  }
});

it('gives every ticket kept from before a unique public id and keeps its links (TicketPublicIds)', async () => {
  const name = `${NAME}_tickets`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const ds = createDataSource({ url: withDatabase(testAdminUrl(), name), poolSize: 1 });
  await ds.initialize();
  try {
    await ds.runMigrations({ transaction: 'all' });
    // the tables as they were before the migration, with two teams that both know ticket "T-1"
    const migration = new TicketPublicIds1764320000000();
    const run = async (step: 'up' | 'down') => {
      const runner = ds.createQueryRunner();
      try {
        await migration[step](runner);
      } finally {
        await runner.release();
      }
    };
    await run('down');
    for (const team of ['team-a', 'team-b']) {
      await ds.query(
        `INSERT INTO team (id, sender_identity, create_missed_call_tickets, ring_last_advisor, time_zone, default_locale)
         VALUES ($1, 'COMPANY_NAME', false, false, 'Europe/Berlin', 'de')`,
        [team],
      );
      await ds.query(
        `INSERT INTO ticket (team_id, id, number, status, source, created_here, opened_at) VALUES ($1, 'T-1', 'T-1', 'OPEN', 'PHONE', false, now())`,
        [team],
      );
      await ds.query(
        `INSERT INTO missed_call (team_id, call_id, event_id, phone, occurred_at, trigger, ticket_id, ticket_created, ticket_rule)
         VALUES ($1, 'c1', 'e1', '+4930123456', now(), 'MISSED_CALL', 'T-1', false, 'MOST_RECENT_OPEN_TICKET')`,
        [team],
      );
    }

    await run('up');

    const tickets = await ds.query(`SELECT team_id, id, public_id FROM ticket ORDER BY team_id`);
    expect(tickets.map((r: { team_id: string; id: string }) => [r.team_id, r.id])).toEqual([
      ['team-a', 'T-1'],
      ['team-b', 'T-1'],
    ]);
    expect(tickets[0].public_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(tickets[0].public_id).not.toBe(tickets[1].public_id);
    const links = await ds.query(
      `SELECT m.team_id, t.public_id FROM missed_call m JOIN ticket t ON (t.team_id, t.id) = (m.team_id, m.ticket_id) ORDER BY m.team_id`,
    );
    expect(links).toEqual(
      tickets.map((r: { team_id: string; public_id: string }) => ({ team_id: r.team_id, public_id: r.public_id })),
    );
    await expect(
      ds.query(`UPDATE ticket SET public_id = $1 WHERE team_id = 'team-b'`, [tickets[0].public_id]),
    ).rejects.toThrow(/ticket_public_id_key/);
  } finally {
    await ds.destroy();
    await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
});

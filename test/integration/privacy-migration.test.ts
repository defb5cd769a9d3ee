import crypto from 'node:crypto';
import { createDataSource } from '../../src/persistence/data-source';
import { adminQuery, testAdminUrl, withDatabase } from '../support/postgres';

const NAME = `chat_automation_test_${Date.now().toString(36)}_${process.pid.toString(36)}_privacy_migration`;

afterAll(async () => {
  await adminQuery(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`);
});

it('converts stored opt-outs from numbers to keyed hashes of them, with a secret of the installation', async () => {
  await adminQuery(`CREATE DATABASE ${NAME}`);
  const ds = createDataSource({ url: withDatabase(testAdminUrl(), NAME), poolSize: 1 });
  await ds.initialize();
  try {
    await ds.runMigrations({ transaction: 'all' });
    await ds.undoLastMigration({ transaction: 'all' }); // back to opt-outs stored by number
    await ds.query(`INSERT INTO team (id, sender_identity, create_missed_call_tickets, ring_last_advisor, time_zone, default_locale)
                    VALUES ('t1', 'TEAM_NAME', false, false, 'Europe/Berlin', 'de')`);
    await ds.query(`INSERT INTO opt_out (team_id, channel, recipient, opted_out) VALUES
                    ('t1', 'SMS', '+4915112345678', true), ('t1', 'WHATSAPP', '+4915112345678', false), ('t1', 'SMS', '+4930123456', true)`);

    await ds.runMigrations({ transaction: 'all' });

    const [{ value }] = await ds.query(`SELECT value FROM installation_secret WHERE name = 'recipient-key'`);
    expect(value).toHaveLength(32);
    const key = (n: string) => crypto.createHmac('sha256', value).update(n).digest('hex');
    const rows = await ds.query(`SELECT channel, recipient_key, opted_out FROM opt_out ORDER BY channel, opted_out`);
    expect(rows).toEqual(
      expect.arrayContaining([
        { channel: 'SMS', recipient_key: key('+4915112345678'), opted_out: true },
        { channel: 'SMS', recipient_key: key('+4930123456'), opted_out: true },
        { channel: 'WHATSAPP', recipient_key: key('+4915112345678'), opted_out: false },
      ]),
    );
    expect(rows).toHaveLength(3);
  } finally {
    await ds.destroy();
  }
});

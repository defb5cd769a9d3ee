import crypto from 'node:crypto';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createRecipientKey, RECIPIENT_KEY_SECRET } from '../src/persistence/recipient-key';

/**
 * Erasure and retention (PRODUCT.md §14): opt-outs keyed by a keyed hash instead of the number,
 * the installation's secret for that hash, an audit of erasures, and the columns and indexes the
 * retention job walks. Existing opt-outs are converted here, in TypeScript with the same function
 * the service uses (no pgcrypto needed on the server).
 */
export class Privacy1764360000000 implements MigrationInterface {
  name = 'Privacy1764360000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE installation_secret (
        name        text PRIMARY KEY,
        value       bytea NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);
    const secret = crypto.randomBytes(32);
    await q.query(`INSERT INTO installation_secret (name, value) VALUES ($1, $2)`, [RECIPIENT_KEY_SECRET, secret]);

    const key = createRecipientKey(secret);
    await q.query(`ALTER TABLE opt_out RENAME COLUMN recipient TO recipient_key`);
    const rows = (await q.query(`SELECT DISTINCT recipient_key AS recipient FROM opt_out`)) as { recipient: string }[];
    for (let i = 0; i < rows.length; i += 1000) {
      const chunk = rows.slice(i, i + 1000).map((r) => r.recipient);
      await q.query(
        `UPDATE opt_out o SET recipient_key = c.key FROM unnest($1::text[], $2::text[]) AS c(recipient, key)
          WHERE o.recipient_key = c.recipient`,
        [chunk, chunk.map(key)],
      );
    }

    await q.query(`
      CREATE TABLE erasure (
        id            bigserial PRIMARY KEY,
        team_id       text NOT NULL REFERENCES team (id) ON DELETE CASCADE,
        actor         text NOT NULL,
        at            timestamptz NOT NULL DEFAULT now(),
        messages      integer NOT NULL,
        missed_calls  integer NOT NULL
      )`);
    await q.query(`CREATE INDEX erasure_team_idx ON erasure (team_id, id DESC)`);

    // when a row's personal data was removed (erasure or retention); the retention job walks the rest
    await q.query(`ALTER TABLE automated_message ADD COLUMN erased_at timestamptz`);
    await q.query(`ALTER TABLE missed_call ADD COLUMN erased_at timestamptz`);
    await q.query(
      `CREATE INDEX automated_message_retention_idx ON automated_message (activity_at) WHERE erased_at IS NULL`,
    );
    await q.query(`CREATE INDEX missed_call_retention_idx ON missed_call (occurred_at) WHERE erased_at IS NULL`);
    await q.query(`CREATE INDEX activity_retention_idx ON activity (processed_at)`);
    await q.query(
      `CREATE INDEX ticket_retention_idx ON ticket (updated_at) WHERE phone IS NOT NULL OR conversation_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX conversation_retention_idx ON conversation (created_at)`);
    // erasure finds a person's rows by recipient / phone within the team
    await q.query(`CREATE INDEX automated_message_recipient_idx ON automated_message (team_id, recipient)`);
    await q.query(`CREATE INDEX missed_call_phone_idx ON missed_call (team_id, phone)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX missed_call_phone_idx`);
    await q.query(`DROP INDEX automated_message_recipient_idx`);
    await q.query(`DROP INDEX conversation_retention_idx`);
    await q.query(`DROP INDEX ticket_retention_idx`);
    await q.query(`DROP INDEX activity_retention_idx`);
    await q.query(`DROP INDEX missed_call_retention_idx`);
    await q.query(`DROP INDEX automated_message_retention_idx`);
    await q.query(`ALTER TABLE missed_call DROP COLUMN erased_at`);
    await q.query(`ALTER TABLE automated_message DROP COLUMN erased_at`);
    await q.query(`DROP TABLE erasure`);
    // a keyed hash cannot be turned back into the number: the opt-outs stored since cannot be restored
    await q.query(`DELETE FROM opt_out`);
    await q.query(`ALTER TABLE opt_out RENAME COLUMN recipient_key TO recipient`);
    await q.query(`DROP TABLE installation_secret`);
  }
}

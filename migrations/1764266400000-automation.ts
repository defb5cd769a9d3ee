import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Automation1764266400000 implements MigrationInterface {
  name = 'Automation1764266400000';

  async up(q: QueryRunner): Promise<void> {
    // Per-team counters, allocated under the team's row lock inside the activity transaction:
    // gap-free ticket numbers and a message position that follows commit order.
    await q.query(`
      ALTER TABLE team
        ADD COLUMN message_position bigint NOT NULL DEFAULT 0,
        ADD COLUMN missed_call_ticket_seq integer NOT NULL DEFAULT 0,
        ADD COLUMN voicemail_ticket_seq integer NOT NULL DEFAULT 0`);

    await q.query(`
      CREATE TABLE ticket (
        team_id          text NOT NULL REFERENCES team (id) ON DELETE CASCADE,
        id               text NOT NULL,
        number           text NOT NULL,
        status           text NOT NULL CHECK (status IN ('OPEN', 'RESOLVED', 'CLOSED')),
        source           text NOT NULL,
        phone            text,
        conversation_id  text,
        created_here     boolean NOT NULL,
        opened_at        timestamptz NOT NULL,
        updated_at       timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (team_id, id)
      )`);
    await q.query(`CREATE INDEX ticket_id_idx ON ticket (id)`);
    await q.query(
      `CREATE INDEX ticket_open_by_phone_idx ON ticket (team_id, phone, opened_at DESC) WHERE status = 'OPEN'`,
    );

    // The dispatch log: every decision that selected a trigger, dispatched or suppressed.
    await q.query(`
      CREATE TABLE automated_message (
        id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        team_id             text NOT NULL REFERENCES team (id) ON DELETE CASCADE,
        position            bigint NOT NULL,
        event_id            text NOT NULL,
        trigger             text NOT NULL,
        decision            text NOT NULL CHECK (decision IN ('DISPATCHED', 'SUPPRESSED')),
        suppression_reason  text,
        channel             text NOT NULL,
        recipient           text NOT NULL,
        body                text NOT NULL,
        locale              text NOT NULL,
        segments            integer NOT NULL,
        ticket_id           text,
        -- the activity's own time: cooldowns compare activity times, so late deliveries don't skew them
        activity_at         timestamptz NOT NULL,
        dispatched_at       timestamptz NOT NULL DEFAULT now(),
        UNIQUE (team_id, position),
        CHECK ((decision = 'SUPPRESSED') = (suppression_reason IS NOT NULL))
      )`);
    await q.query(`
      CREATE INDEX automated_message_cooldown_idx ON automated_message (team_id, trigger, recipient, activity_at DESC)
      WHERE decision = 'DISPATCHED'`);

    await q.query(`
      CREATE TABLE missed_call (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        team_id         text NOT NULL REFERENCES team (id) ON DELETE CASCADE,
        seq             bigserial NOT NULL UNIQUE,
        call_id         text NOT NULL,
        event_id        text NOT NULL,
        phone           text NOT NULL,
        occurred_at     timestamptz NOT NULL,
        trigger         text NOT NULL,
        ticket_id       text,
        ticket_created  boolean NOT NULL,
        ticket_rule     text NOT NULL,
        message_id      uuid REFERENCES automated_message (id),
        created_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX missed_call_team_idx ON missed_call (team_id, seq DESC)`);
    await q.query(`CREATE INDEX missed_call_ticket_idx ON missed_call (team_id, ticket_id)`);

    // Idempotency: one row per (team, eventId) with the outcome the first call got.
    await q.query(`
      CREATE TABLE activity (
        team_id             text NOT NULL REFERENCES team (id) ON DELETE CASCADE,
        event_id            text NOT NULL,
        kind                text NOT NULL,
        trigger             text,
        decision            text NOT NULL CHECK (decision IN ('DISPATCHED', 'SUPPRESSED', 'NO_TRIGGER')),
        suppression_reason  text,
        message_id          uuid REFERENCES automated_message (id),
        missed_call_id      uuid REFERENCES missed_call (id),
        occurred_at         timestamptz NOT NULL,
        processed_at        timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (team_id, event_id)
      )`);

    await q.query(`
      CREATE TABLE conversation (
        team_id          text NOT NULL REFERENCES team (id) ON DELETE CASCADE,
        conversation_id  text NOT NULL,
        first_event_id   text NOT NULL,
        created_at       timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (team_id, conversation_id)
      )`);

    await q.query(`
      CREATE TABLE opt_out (
        team_id     text NOT NULL REFERENCES team (id) ON DELETE CASCADE,
        channel     text NOT NULL,
        recipient   text NOT NULL,
        opted_out   boolean NOT NULL,
        updated_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (team_id, channel, recipient)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE opt_out`);
    await q.query(`DROP TABLE conversation`);
    await q.query(`DROP TABLE activity`);
    await q.query(`DROP TABLE missed_call`);
    await q.query(`DROP TABLE automated_message`);
    await q.query(`DROP TABLE ticket`);
    await q.query(
      `ALTER TABLE team DROP COLUMN message_position, DROP COLUMN missed_call_ticket_seq, DROP COLUMN voicemail_ticket_seq`,
    );
  }
}

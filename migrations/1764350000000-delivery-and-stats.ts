import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DeliveryAndStats1764350000000 implements MigrationInterface {
  name = 'DeliveryAndStats1764350000000';

  async up(q: QueryRunner): Promise<void> {
    // Per-team position of delivery-status changes, allocated under the team's row lock in the
    // statement that records the report: positions commit in order, the feed resumes after one.
    await q.query(`ALTER TABLE team ADD COLUMN delivery_position bigint NOT NULL DEFAULT 0`);

    // The current delivery status lives on the message row, whose lock serializes the reports of
    // one message; the sort key (rank, occurred_at, event_id) of the report that set it is kept so
    // a single conditional UPDATE applies the ranking rule of PRODUCT.md §11.
    await q.query(`
      ALTER TABLE automated_message
        ADD COLUMN delivery_status   text,
        ADD COLUMN delivery_rank     smallint,
        ADD COLUMN delivery_at       timestamptz,
        ADD COLUMN delivery_event_id text`);

    // Every report (the history), idempotent by (team, eventId); change_position is set when the
    // report changed the message's current status, and is what deliveryStatusChanged streams.
    await q.query(`
      CREATE TABLE delivery_report (
        team_id              text NOT NULL REFERENCES team (id) ON DELETE CASCADE,
        event_id             text NOT NULL,
        message_id           uuid NOT NULL REFERENCES automated_message (id) ON DELETE CASCADE,
        status               text NOT NULL,
        occurred_at          timestamptz NOT NULL,
        provider_message_id  text,
        error_code           text,
        error_message        text,
        change_position      bigint,
        received_at          timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (team_id, event_id)
      )`);
    await q.query(`CREATE INDEX delivery_report_message_idx ON delivery_report (message_id, occurred_at)`);
    await q.query(
      `CREATE UNIQUE INDEX delivery_report_change_idx ON delivery_report (team_id, change_position) WHERE change_position IS NOT NULL`,
    );

    // Dashboard figures (§12): counts per team, time slot and trigger, maintained in the
    // statements that write a decision or a delivery report. Quarter hours, because every zone's
    // offset is a whole number of them, so local hours and days of any zone are unions of slots;
    // the same counts per UTC hour as well, a quarter of the rows to read for the (most common)
    // zones whose buckets start on whole UTC hours.
    for (const [table, width] of [
      ['automation_stats_slot', '15 minutes'],
      ['automation_stats_hour', '1 hour'],
    ] as const) {
      await q.query(`
        CREATE TABLE ${table} (
          team_id                          text NOT NULL REFERENCES team (id) ON DELETE CASCADE,
          slot                             timestamptz NOT NULL,
          trigger                          text NOT NULL,
          dispatched                       integer NOT NULL DEFAULT 0,
          segments                         integer NOT NULL DEFAULT 0,
          delivered                        integer NOT NULL DEFAULT 0,
          failed                           integer NOT NULL DEFAULT 0,
          suppressed_disabled              integer NOT NULL DEFAULT 0,
          suppressed_cooldown              integer NOT NULL DEFAULT 0,
          suppressed_opted_out             integer NOT NULL DEFAULT 0,
          suppressed_channel_not_supported integer NOT NULL DEFAULT 0,
          suppressed_no_recipient          integer NOT NULL DEFAULT 0,
          PRIMARY KEY (team_id, slot, trigger)
        )`);
      // what the log already holds (deliveries are new with this migration)
      await q.query(`
        INSERT INTO ${table} (team_id, slot, trigger, dispatched, segments, suppressed_disabled, suppressed_cooldown,
          suppressed_opted_out, suppressed_channel_not_supported, suppressed_no_recipient)
        SELECT team_id, date_bin('${width}', activity_at, timestamptz '2000-01-01 00:00:00+00'), trigger,
               count(*) FILTER (WHERE decision = 'DISPATCHED'),
               coalesce(sum(segments) FILTER (WHERE decision = 'DISPATCHED' AND channel = 'SMS'), 0),
               count(*) FILTER (WHERE suppression_reason = 'DISABLED'),
               count(*) FILTER (WHERE suppression_reason = 'COOLDOWN'),
               count(*) FILTER (WHERE suppression_reason = 'OPTED_OUT'),
               count(*) FILTER (WHERE suppression_reason = 'CHANNEL_NOT_SUPPORTED'),
               count(*) FILTER (WHERE suppression_reason = 'NO_RECIPIENT')
          FROM automated_message GROUP BY 1, 2, 3`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE automation_stats_hour`);
    await q.query(`DROP TABLE automation_stats_slot`);
    await q.query(`DROP TABLE delivery_report`);
    await q.query(`
      ALTER TABLE automated_message
        DROP COLUMN delivery_status, DROP COLUMN delivery_rank, DROP COLUMN delivery_at, DROP COLUMN delivery_event_id`);
    await q.query(`ALTER TABLE team DROP COLUMN delivery_position`);
  }
}

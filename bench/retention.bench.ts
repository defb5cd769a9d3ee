import { Pool } from 'pg';
import { benchDatabase, benchServer } from './support';

/**
 * Rows the retention job gets through per second (erasing log rows and missed calls, deleting
 * idempotency records, in batches of RETENTION_BATCH_SIZE, each its own transaction), next to one
 * unbatched UPDATE erasing the same log rows in a single statement.
 */
export async function benchRetention(): Promise<Record<string, number>> {
  const rows = Number(process.env.BENCH_RETENTION_ROWS ?? 50_000);
  const batchSize = Number(process.env.BENCH_RETENTION_BATCH ?? 500);
  const db = await benchDatabase();
  const server = await benchServer(db.url, { RETENTION_BATCH_SIZE: String(batchSize), RETENTION_INTERVAL_MS: '0' });
  const pool = new Pool({ connectionString: db.url, max: 2 });
  try {
    await pool.query(`INSERT INTO team (id, sender_identity, create_missed_call_tickets, ring_last_advisor, time_zone, default_locale)
                      SELECT 'bench-' || g, 'TEAM_NAME', false, false, 'Europe/Berlin', 'de' FROM generate_series(1, 64) g`);
    // 500 days old: all past the default 400-day retention and the 30-day idempotency limit
    await pool.query(
      `INSERT INTO automated_message (team_id, position, event_id, trigger, decision, channel, recipient, body, locale, segments, activity_at)
       SELECT 'bench-' || (g % 64 + 1), g, 'evt-' || g, 'CUSTOMER_HUNG_UP', 'DISPATCHED', 'SMS', '+4930' || (1000000 + g),
              'Hallo Erika, entschuldigen Sie die Wartezeit bei Ihrem Anruf. Wir rufen Sie schnellstmöglich zurück.', 'de', 1,
              now() - interval '500 days' + g * interval '1 second'
         FROM generate_series(1, $1) g`,
      [rows],
    );
    await pool.query(
      `INSERT INTO missed_call (team_id, call_id, event_id, phone, occurred_at, trigger, ticket_created, ticket_rule)
       SELECT 'bench-' || (g % 64 + 1), 'call-' || g, 'evt-' || g, '+4930' || (1000000 + g), now() - interval '500 days', 'CUSTOMER_HUNG_UP', false, 'NO_TICKET'
         FROM generate_series(1, $1 / 2) g`,
      [rows],
    );
    await pool.query(
      `INSERT INTO activity (team_id, event_id, kind, decision, occurred_at, processed_at)
       SELECT 'bench-' || (g % 64 + 1), 'evt-' || g, 'CALL_ENDED', 'NO_TRIGGER', now() - interval '500 days', now() - interval '500 days'
         FROM generate_series(1, $1) g`,
      [rows],
    );
    await pool.query(`VACUUM ANALYZE automated_message, missed_call, activity`);

    const report = await server.retention.runNow();
    if (!report) throw new Error('the retention run was skipped');
    const total = Object.values(report.rows).reduce((a, b) => a + b, 0);
    if (report.rows.messages !== rows) throw new Error(`retention erased ${report.rows.messages} of ${rows} log rows`);

    // the same log rows erased by one unbatched statement (what retention splits into short transactions)
    await pool.query(`UPDATE automated_message SET erased_at = NULL, recipient = '+49301234567', body = 'x'`);
    await pool.query(`VACUUM ANALYZE automated_message`);
    const started = performance.now();
    await pool.query(
      `UPDATE automated_message SET recipient = '', body = '', erased_at = now() WHERE erased_at IS NULL AND activity_at < now() - interval '400 days'`,
    );
    const singleStatementSeconds = (performance.now() - started) / 1000;

    return {
      retentionRowsPerSecond: total / report.seconds,
      singleUpdatePerSecond: rows / singleStatementSeconds,
      rows: total,
      batches: report.batches,
      batchSize,
      runSeconds: report.seconds,
    };
  } finally {
    await pool.end();
    await server.stop();
    await db.drop();
  }
}

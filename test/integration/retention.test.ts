import { Client } from 'pg';
import { RETENTION_LOCK_KEY } from '../../src/persistence/repositories/privacy.repository';
import { advisorAction, callEnded, inboundMessage, OUTCOME } from '../factories/activities';
import { startTestServer, uniqueTeamId, type TestServer } from '../support/server';

let t: TestServer;
let service: string;
beforeAll(async () => {
  // small batches, so a run takes many short transactions while activities interleave
  t = await startTestServer({ env: { RETENTION_BATCH_SIZE: '7', RETENTION_DAYS: '400', IDEMPOTENCY_DAYS: '30' } });
  service = await t.token({ sub: 'telephony', role: 'SERVICE', teams: ['*'] });
});
afterAll(async () => {
  await t?.close();
});

const DAY_MS = 86_400_000;
const daysAgo = (days: number, minutes = 0) => new Date(Date.now() - days * DAY_MS - minutes * 60_000).toISOString();
const phone = (i: number) => `+4930123${String(i).padStart(3, '0')}`;

async function recordCall(input: Record<string, unknown>) {
  const res = await t.gql(
    `mutation($i: CallEndedInput!) { recordCallEnded(input: $i) { ${OUTCOME} } }`,
    { i: input },
    service,
  );
  expect(res.errors).toBeUndefined();
  return res.data!.recordCallEnded;
}

async function connect(): Promise<Client> {
  const client = new Client({ connectionString: t.db.url });
  await client.connect();
  return client;
}

async function metric(name: string, labels: string): Promise<number> {
  const text = await (await fetch(t.server.url.replace(/graphql$/, 'metrics'))).text();
  const m = new RegExp(`^${name}\\{${labels}\\} (\\S+)$`, 'm').exec(text);
  return m ? Number(m[1]) : 0;
}

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500; i += 1) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('condition not reached');
}

describe('retention', () => {
  it('erases exactly the rows past RETENTION_DAYS and deletes idempotency records past IDEMPOTENCY_DAYS, while activities run', async () => {
    const team = uniqueTeamId('ret');
    const old = [];
    for (let i = 0; i < 20; i += 1)
      old.push(
        await recordCall(
          callEnded(team, {
            phone: phone(i),
            customerName: 'Erika',
            startedAt: daysAgo(401, 2),
            occurredAt: daysAgo(401),
          }),
        ),
      );
    const recent = [];
    for (let i = 20; i < 25; i += 1)
      recent.push(
        await recordCall(
          callEnded(team, {
            phone: phone(i),
            customerName: 'Erika',
            startedAt: daysAgo(399, 2),
            occurredAt: daysAgo(399),
          }),
        ),
      );
    // idempotency records age by when they were processed: let 31 and 29 days pass for some
    const db = await connect();
    const expired = old.slice(0, 10).map((o) => o.eventId);
    const young = old.slice(10, 15).map((o) => o.eventId);
    await db.query(`UPDATE activity SET processed_at = now() - interval '31 days' WHERE event_id = ANY($1)`, [expired]);
    await db.query(`UPDATE activity SET processed_at = now() - interval '29 days' WHERE event_id = ANY($1)`, [young]);

    // an old row held by another transaction: retention must skip it, not wait for it
    const held = old[19].message.id;
    await db.query('BEGIN');
    await db.query(`SELECT 1 FROM automated_message WHERE id = $1 FOR UPDATE`, [held]);

    const concurrent = Array.from({ length: 30 }, (_, i) =>
      i % 2
        ? t.gql(
            `mutation($i: AdvisorActionInput!) { recordAdvisorAction(input: $i) { decision } }`,
            { i: advisorAction(team, { phone: phone(100 + i) }) },
            service,
          )
        : t.gql(
            `mutation($i: InboundMessageInput!) { recordInboundMessage(input: $i) { decision } }`,
            { i: inboundMessage(uniqueTeamId('ret-other'), { phone: phone(100 + i) }) },
            service,
          ),
    );
    const [report, ...answers] = await Promise.all([t.server.retention.runNow(), ...concurrent]);
    await db.query('COMMIT');
    for (const a of answers) expect(a.errors).toBeUndefined();

    expect(report).not.toBeNull();
    expect(report!.rows).toMatchObject({ messages: 19, missedCalls: 20, activities: 10 });
    expect(report!.batches).toBeGreaterThan(5);

    const messages = await db.query(
      `SELECT event_id, recipient, body, erased_at IS NOT NULL AS erased FROM automated_message WHERE team_id = $1`,
      [team],
    );
    const byEvent = new Map(messages.rows.map((r) => [r.event_id, r]));
    for (const o of old.slice(0, 19))
      expect(byEvent.get(o.eventId)).toEqual({ event_id: o.eventId, recipient: '', body: '', erased: true });
    expect(byEvent.get(old[19].eventId)).toMatchObject({ recipient: phone(19), erased: false });
    for (const r of recent)
      expect(byEvent.get(r.eventId)).toMatchObject({
        recipient: r.message.recipient,
        body: r.message.body,
        erased: false,
      });
    // the rows stay: counts and statistics are unchanged
    expect(messages.rows).toHaveLength(25 + 15);
    expect(messages.rows.filter((r) => r.erased)).toHaveLength(19);

    const calls = await db.query(`SELECT event_id, phone FROM missed_call WHERE team_id = $1`, [team]);
    expect(
      calls.rows
        .filter((r) => r.phone === '')
        .map((r) => r.event_id)
        .sort(),
    ).toEqual(old.map((o) => o.eventId).sort());

    const activities = (await db.query(`SELECT event_id FROM activity WHERE team_id = $1`, [team])).rows.map(
      (r) => r.event_id,
    );
    expect(activities).toHaveLength(25 - 10 + 15);
    for (const id of expired) expect(activities).not.toContain(id);
    for (const id of young) expect(activities).toContain(id);

    // the skipped row goes in the next run
    const next = await t.server.retention.runNow();
    expect(next!.rows).toMatchObject({ messages: 1, missedCalls: 0, activities: 0 });
    const [last] = (await db.query(`SELECT recipient FROM automated_message WHERE id = $1`, [held])).rows;
    expect(last.recipient).toBe('');
    await db.end();

    expect(await metric('retention_rows_total', 'kind="messages"')).toBe(20);
    expect(await metric('retention_runs_total', 'outcome="ran"')).toBe(2);
  });

  it("erases old tickets' contact data and forgets old conversations", async () => {
    const team = uniqueTeamId('ret');
    const chat = await t.gql(
      `mutation($i: InboundMessageInput!) { recordInboundMessage(input: $i) { trigger } }`,
      {
        i: inboundMessage(team, { channel: 'WEB', phone: null, conversationId: 'conv-old' }),
      },
      service,
    );
    expect(chat.data!.recordInboundMessage.trigger).toBe('FIRST_CHAT_MESSAGE');
    const db = await connect();
    await db.query(
      `INSERT INTO ticket (team_id, id, number, status, source, phone, conversation_id, created_here, opened_at, updated_at)
                    VALUES ($1, 'EXT-OLD', 'T-1', 'CLOSED', 'WEB', $2, 'conv-old', false, now() - interval '500 days', now() - interval '401 days'),
                           ($1, 'EXT-NEW', 'T-2', 'OPEN', 'PHONE', $2, null, false, now() - interval '500 days', now() - interval '399 days')`,
      [team, phone(1)],
    );
    await db.query(`UPDATE conversation SET created_at = now() - interval '401 days' WHERE team_id = $1`, [team]);
    await t.server.retention.runNow();
    const tickets = (
      await db.query(`SELECT id, phone, conversation_id FROM ticket WHERE team_id = $1 ORDER BY id`, [team])
    ).rows;
    expect(tickets).toEqual([
      { id: 'EXT-NEW', phone: phone(1), conversation_id: null },
      { id: 'EXT-OLD', phone: null, conversation_id: null },
    ]);
    expect((await db.query(`SELECT 1 FROM conversation WHERE team_id = $1`, [team])).rows).toHaveLength(0);
    await db.end();
  });

  it("erases the provider's texts of old messages' delivery reports with the messages", async () => {
    const team = uniqueTeamId('ret');
    const old = await recordCall(callEnded(team, { startedAt: daysAgo(500, 2), occurredAt: daysAgo(500) }));
    const recent = await recordCall(callEnded(team, { phone: phone(2) }));
    for (const message of [old.message, recent.message]) {
      const res = await t.gql(
        `mutation($i: DeliveryStatusInput!) { recordDeliveryStatus(input: $i) { id } }`,
        {
          i: {
            eventId: `dr-${message.id}`,
            teamId: team,
            messageId: message.id,
            status: 'FAILED',
            occurredAt: new Date().toISOString(),
            providerMessageId: `SM-${message.recipient}`,
            errorCode: '30003',
            errorMessage: `Unreachable destination handset ${message.recipient}`,
          },
        },
        service,
      );
      expect(res.errors).toBeUndefined();
    }
    await t.server.retention.runNow();
    const db = await connect();
    const reports = await db.query(
      `SELECT message_id, provider_message_id, error_code, error_message FROM delivery_report WHERE team_id = $1`,
      [team],
    );
    await db.end();
    const byMessage = new Map(reports.rows.map((r: { message_id: string }) => [r.message_id, r]));
    expect(byMessage.get(old.message.id)).toMatchObject({
      provider_message_id: null,
      error_code: '30003',
      error_message: null,
    });
    expect(byMessage.get(recent.message.id)).toMatchObject({
      provider_message_id: `SM-${recent.message.recipient}`,
      error_message: `Unreachable destination handset ${recent.message.recipient}`,
    });
  });

  it('skips a run while another instance holds the retention lock', async () => {
    const team = uniqueTeamId('ret');
    const o = await recordCall(callEnded(team, { startedAt: daysAgo(500, 2), occurredAt: daysAgo(500) }));
    const other = await connect();
    await other.query(`SELECT pg_advisory_lock($1)`, [RETENTION_LOCK_KEY]);
    const skippedBefore = await metric('retention_runs_total', 'outcome="skipped"');
    expect(await t.server.retention.runNow()).toBeNull();
    expect(await metric('retention_runs_total', 'outcome="skipped"')).toBe(skippedBefore + 1);
    const still = await other.query(`SELECT recipient FROM automated_message WHERE id = $1`, [o.message.id]);
    expect(still.rows[0].recipient).not.toBe('');

    await other.query(`SELECT pg_advisory_unlock($1)`, [RETENTION_LOCK_KEY]);
    expect((await t.server.retention.runNow())!.rows.messages).toBe(1);
    await other.end();
  });

  it('runs on one of two instances at a time: the second skips while the first is inside a run', async () => {
    const team = uniqueTeamId('ret');
    await recordCall(callEnded(team, { startedAt: daysAgo(500, 2), occurredAt: daysAgo(500) }));
    const second = await startTestServer({ db: t.db });
    const blocker = await connect();
    try {
      // pause the first instance inside its run: its first batch waits for this table lock
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE activity IN EXCLUSIVE MODE');
      const firstRun = t.server.retention.runNow();
      await until(async () => {
        const { rows } = await blocker.query(
          `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND classid = 0 AND objid = $1 AND granted`,
          [RETENTION_LOCK_KEY],
        );
        return rows[0].n === 1;
      });
      expect(await second.server.retention.runNow()).toBeNull();
      await blocker.query('COMMIT');
      const report = await firstRun;
      expect(report!.rows.messages).toBe(1);
    } finally {
      await blocker.end();
      await second.close();
    }
  });
});

import crypto from 'node:crypto';
import { Client } from 'pg';
import { advisorAction, callEnded, eventId } from '../factories/activities';
import { adminQuery } from '../support/postgres';
import { readCounter, startTestServer, uniqueTeamId, type TestServer } from '../support/server';
import { eventually, feedClient, type FeedClient } from '../support/subscriptions';

const RECORD = `mutation($input: DeliveryStatusInput!) {
  recordDeliveryStatus(input: $input) {
    id decision delivery { status updatedAt providerMessageId errorCode errorMessage history { status occurredAt errorCode } }
  }
}`;

const MESSAGE = `query($team: ID!) { team(id: $team) { automatedMessages(first: 50) { nodes { id decision delivery { status history { status } } } } } }`;

const FEED = `subscription($teamId: ID!, $after: String) {
  deliveryStatusChanged(teamId: $teamId, after: $after) { cursor status occurredAt message { id trigger team { id } delivery { status } } }
}`;

type Update = {
  deliveryStatusChanged: { cursor: string; status: string; occurredAt: string; message: { id: string } };
};

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

let a: TestServer;
let b: TestServer;
beforeAll(async () => {
  a = await startTestServer();
  b = await startTestServer({ db: a.db });
});
afterAll(async () => {
  await b?.close();
  await a?.close();
});

const clients: FeedClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
});

async function setup() {
  const team = uniqueTeamId('dlv');
  const service = await a.token({ role: 'SERVICE', teams: [team] });
  const admin = await a.token({ role: 'ADMIN', teams: [team] });
  return { team, service, admin };
}

async function dispatch(
  t: TestServer,
  token: string,
  team: string,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const res = await t.gql(
    `mutation($input: AdvisorActionInput!) { recordAdvisorAction(input: $input) { decision message { id decision } } }`,
    { input: advisorAction(team, overrides) },
    token,
  );
  expect(res.errors).toBeUndefined();
  return res.data!.recordAdvisorAction.message.id as string;
}

function report(
  team: string,
  messageId: string,
  status: string,
  occurredAt: string,
  extra: Record<string, unknown> = {},
) {
  return { eventId: eventId('dlv'), teamId: team, messageId, status, occurredAt, ...extra };
}

async function record(t: TestServer, token: string, input: Record<string, unknown>) {
  return t.gql(RECORD, { input }, token);
}

describe('recordDeliveryStatus', () => {
  it('ends in the highest-ranked status whatever order the reports arrive in, with every report in the history', async () => {
    const { team, service } = await setup();
    const m = await dispatch(a, service, team);
    const queued = report(team, m, 'QUEUED', minutesAgo(3));
    const sent = report(team, m, 'SENT', minutesAgo(2), { providerMessageId: 'SM1' });
    const delivered = report(team, m, 'DELIVERED', minutesAgo(1), { providerMessageId: 'SM1-d' });
    for (const r of [delivered, queued, sent]) expect((await record(a, service, r)).errors).toBeUndefined();

    const res = await a.gql(
      `query($t: ID!) { team(id: $t) { automatedMessages { nodes { delivery { status updatedAt providerMessageId history { status occurredAt } } } } } }`,
      { t: team },
      service,
    );
    expect(res.data!.team.automatedMessages.nodes[0].delivery).toEqual({
      status: 'DELIVERED',
      updatedAt: delivered.occurredAt,
      providerMessageId: 'SM1-d',
      history: [
        { status: 'QUEUED', occurredAt: queued.occurredAt },
        { status: 'SENT', occurredAt: sent.occurredAt },
        { status: 'DELIVERED', occurredAt: delivered.occurredAt },
      ],
    });
  });

  it('is PENDING with no history until the first report, and null for a suppressed message', async () => {
    const { team, service, admin } = await setup();
    await a.gql(
      `mutation { setAutomatedResponseEnabled(teamId: "${team}", trigger: APPROVAL_REQUESTED, enabled: false) { enabled } }`,
      {},
      admin,
    );
    await dispatch(a, service, team);
    await dispatch(a, service, team, { action: 'REQUEST_APPROVAL' });
    const res = await a.gql(MESSAGE, { team }, service);
    const nodes = res.data!.team.automatedMessages.nodes;
    expect(nodes.map((n: { decision: string; delivery: unknown }) => [n.decision, n.delivery])).toEqual([
      ['DISPATCHED', { status: 'PENDING', history: [] }],
      ['SUPPRESSED', null],
    ]);
  });

  it('answers a duplicate eventId with the first outcome and changes nothing', async () => {
    const { team, service } = await setup();
    const m = await dispatch(a, service, team);
    const first = report(team, m, 'SENT', minutesAgo(2));
    const changedBefore = await readCounter(a, 'delivery_reports_total{status="SENT",outcome="changed"}').catch(
      () => 0,
    );
    const r1 = await record(a, service, first);
    // the same eventId again, even claiming another status, through the other instance
    const r2 = await record(b, service, { ...first, status: 'READ', occurredAt: minutesAgo(1) });
    expect(r1.errors).toBeUndefined();
    expect(r2.errors).toBeUndefined();
    expect(r2.data!.recordDeliveryStatus).toEqual(r1.data!.recordDeliveryStatus);
    expect(r2.data!.recordDeliveryStatus.delivery).toMatchObject({ status: 'SENT', history: [{ status: 'SENT' }] });
    expect(await readCounter(a, 'delivery_reports_total{status="SENT",outcome="changed"}')).toBe(changedBefore + 1);
  });

  it('keeps DELIVERED when FAILED arrives after it, and keeps the FAILED report in the history', async () => {
    const { team, service } = await setup();
    const m = await dispatch(a, service, team);
    await record(a, service, report(team, m, 'DELIVERED', minutesAgo(2)));
    const res = await record(
      a,
      service,
      report(team, m, 'FAILED', minutesAgo(1), { errorCode: '30008', errorMessage: 'Unknown error' }),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.recordDeliveryStatus.delivery).toMatchObject({
      status: 'DELIVERED',
      errorCode: null,
      errorMessage: null,
      history: [
        { status: 'DELIVERED', errorCode: null },
        { status: 'FAILED', errorCode: '30008' },
      ],
    });
  });

  it('refuses a report for a suppressed message with NOT_DISPATCHED and writes nothing', async () => {
    const { team, service, admin } = await setup();
    await a.gql(
      `mutation { setAutomatedResponseEnabled(teamId: "${team}", trigger: PHOTO_VIDEO_REQUESTED, enabled: false) { enabled } }`,
      {},
      admin,
    );
    const m = await dispatch(a, service, team);
    const res = await record(a, service, report(team, m, 'DELIVERED', minutesAgo(1)));
    expect(res.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'NOT_DISPATCHED',
      field: 'messageId',
    });
    const log = await a.gql(MESSAGE, { team }, service);
    expect(log.data!.team.automatedMessages.nodes[0].delivery).toBeNull();
  });

  it("answers another team's message exactly like an unknown one (UNKNOWN_MESSAGE) and writes nothing", async () => {
    const mine = await setup();
    const theirs = await setup();
    const theirMessage = await dispatch(a, theirs.service, theirs.team);
    const other = await record(a, mine.service, report(mine.team, theirMessage, 'DELIVERED', minutesAgo(1)));
    const unknown = await record(a, mine.service, report(mine.team, crypto.randomUUID(), 'DELIVERED', minutesAgo(1)));
    const garbage = await record(a, mine.service, report(mine.team, 'not-a-message', 'DELIVERED', minutesAgo(1)));
    for (const res of [other, unknown, garbage]) {
      expect(res.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'UNKNOWN_MESSAGE',
        field: 'messageId',
      });
      expect(res.errors?.[0].message).toBe(other.errors?.[0].message);
    }
    const log = await a.gql(MESSAGE, { team: theirs.team }, theirs.service);
    expect(log.data!.team.automatedMessages.nodes[0].delivery).toEqual({ status: 'PENDING', history: [] });
  });

  it('refuses a time more than 5 minutes in the future, a report for another team, and non-service tokens', async () => {
    const { team, service, admin } = await setup();
    const m = await dispatch(a, service, team);
    const future = await record(a, service, report(team, m, 'SENT', new Date(Date.now() + 10 * 60_000).toISOString()));
    expect(future.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'TIME_IN_FUTURE',
      field: 'occurredAt',
    });
    const byAdmin = await record(a, admin, report(team, m, 'SENT', minutesAgo(1)));
    expect(byAdmin.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const otherService = await a.token({ role: 'SERVICE', teams: ['someone-else'] });
    expect((await record(a, otherService, report(team, m, 'SENT', minutesAgo(1)))).errors?.[0].extensions?.code).toBe(
      'FORBIDDEN',
    );
    const log = await a.gql(MESSAGE, { team }, service);
    expect(log.data!.team.automatedMessages.nodes[0].delivery).toEqual({ status: 'PENDING', history: [] });
  });

  it('filters the log by current delivery status', async () => {
    const { team, service } = await setup();
    const [delivered, failed, pending] = [
      await dispatch(a, service, team),
      await dispatch(a, service, team),
      await dispatch(a, service, team),
    ];
    await record(a, service, report(team, delivered, 'READ', minutesAgo(1)));
    await record(a, service, report(team, failed, 'UNDELIVERED', minutesAgo(1)));
    const q = `query($t: ID!, $s: [DeliveryStatus!]) { team(id: $t) { automatedMessages(filter: { deliveryStatus: $s }) { nodes { id } } } }`;
    const ids = async (s: string[]) =>
      (await a.gql(q, { t: team, s }, service)).data!.team.automatedMessages.nodes.map((n: { id: string }) => n.id);
    expect(await ids(['DELIVERED', 'READ'])).toEqual([delivered]);
    expect(await ids(['UNDELIVERED', 'FAILED'])).toEqual([failed]);
    expect(await ids(['PENDING'])).toEqual([pending]);
  });

  it('records concurrent reports of one message, in any interleaving, to the same final state', async () => {
    const { team, service } = await setup();
    const m = await dispatch(a, service, team);
    const reports = ['QUEUED', 'SENT', 'DELIVERED', 'READ', 'FAILED'].map((s, i) =>
      report(team, m, s, minutesAgo(5 - i)),
    );
    const results = await Promise.all(reports.map((r, i) => record(i % 2 ? a : b, service, r)));
    expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);
    const log = await a.gql(MESSAGE, { team }, service);
    expect(log.data!.team.automatedMessages.nodes[0].delivery).toEqual({
      status: 'READ',
      history: ['QUEUED', 'SENT', 'DELIVERED', 'READ', 'FAILED'].map((status) => ({ status })),
    });
  });
});

describe('reports of one message racing each other', () => {
  it('apply one at a time behind the message row lock: the ranking rule and the figures hold', async () => {
    const { team, service } = await setup();
    const m = await dispatch(a, service, team);
    const failed = report(team, m, 'FAILED', minutesAgo(1), { errorCode: '30005' });
    const delivered = report(team, m, 'DELIVERED', minutesAgo(2));
    const holder = new Client({ connectionString: a.db.url });
    await holder.connect();
    try {
      // hold the message row, so every report below has read its snapshot and waits on the lock
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM automated_message WHERE id = $1 FOR UPDATE', [m]);
      const pending = [record(a, service, failed), record(b, service, delivered), record(a, service, failed)];
      // (a separate connection: pg_stat_activity is a snapshot per transaction)
      await eventually(async () => {
        const [row] = await adminQuery<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = $1 AND wait_event_type = 'Lock' AND query LIKE '%recordDeliveryStatus%'`,
          [a.db.name],
        );
        return row.n === 3;
      }, 'three reports waiting on the message row');
      await holder.query('COMMIT');
      const results = await Promise.all(pending);
      expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);
    } finally {
      await holder.end();
    }
    const res = await a.gql(
      `query($t: ID!, $since: DateTime!, $until: DateTime!) { team(id: $t) {
        automatedMessages { nodes { delivery { status errorCode history { status } } } }
        automationStats(since: $since, until: $until) { totals { dispatched delivered failed } } } }`,
      { t: team, since: minutesAgo(60 * 24), until: new Date(Date.now() + 60_000).toISOString() },
      service,
    );
    expect(res.data!.team.automatedMessages.nodes[0].delivery).toEqual({
      status: 'DELIVERED',
      errorCode: null,
      history: [{ status: 'DELIVERED' }, { status: 'FAILED' }],
    });
    expect(res.data!.team.automationStats.totals).toEqual({ dispatched: 1, delivered: 1, failed: 0 });
  });
});

describe('deliveryStatusChanged', () => {
  function connect(t: TestServer, token: string) {
    const c = feedClient(t.server.wsUrl, token);
    clients.push(c);
    return c;
  }
  const subscribed = (t: TestServer, n: number) =>
    eventually(async () => (await readCounter(t, 'delivery_feed_subscriptions')) >= n, `${n} delivery subscriptions`);

  it('streams committed changes from instance A to a subscriber on B in commit order, then replays after a cursor without gap or duplicate', async () => {
    const { team, service } = await setup();
    const advisor = await b.token({ role: 'ADVISOR', teams: [team] });
    const [m1, m2] = [await dispatch(a, service, team), await dispatch(a, service, team)];
    const live = connect(b, advisor).subscribe<Update>(FEED, { teamId: team });
    await subscribed(b, 1);

    // six reports, five of which change a current status (the late SENT does not)
    await record(a, service, report(team, m1, 'SENT', minutesAgo(4)));
    await record(b, service, report(team, m2, 'QUEUED', minutesAgo(4)));
    await record(a, service, report(team, m1, 'DELIVERED', minutesAgo(2)));
    await record(a, service, report(team, m1, 'SENT', minutesAgo(3)));
    await record(b, service, report(team, m2, 'FAILED', minutesAgo(2), { errorCode: '30003' }));
    await record(a, service, report(team, m1, 'READ', minutesAgo(1)));
    const got = await live.waitForData(5);
    const seen = got.map((u) => [u.deliveryStatusChanged.message.id, u.deliveryStatusChanged.status]);
    expect(seen).toEqual([
      [m1, 'SENT'],
      [m2, 'QUEUED'],
      [m1, 'DELIVERED'],
      [m2, 'FAILED'],
      [m1, 'READ'],
    ]);
    expect(got[0].deliveryStatusChanged.message).toMatchObject({ team: { id: team } });
    expect(live.errors).toEqual([]);

    // a client that saw the first two resumes on instance A: the other three, then live, once each
    const resumed = connect(a, await a.token({ role: 'ADMIN', teams: [team] })).subscribe<Update>(FEED, {
      teamId: team,
      after: got[1].deliveryStatusChanged.cursor,
    });
    const replayed = await resumed.waitForData(3);
    expect(replayed.map((u) => u.deliveryStatusChanged.cursor)).toEqual(
      got.slice(2).map((u) => u.deliveryStatusChanged.cursor),
    );
    await record(b, service, report(team, m2, 'DELIVERED', minutesAgo(1)));
    const [, , , last] = await resumed.waitForData(4);
    expect(last.deliveryStatusChanged).toMatchObject({ status: 'DELIVERED', message: { id: m2 } });
    await live.waitForData(6);
    expect(resumed.data).toHaveLength(4);
  });

  it("refuses another team's feed with FORBIDDEN", async () => {
    const { team } = await setup();
    const stranger = await a.token({ role: 'ADMIN', teams: ['another-team'] });
    const sub = connect(a, stranger).subscribe<Update>(FEED, { teamId: team });
    await sub.waitForEnd();
    expect(sub.errors[0].extensions?.code).toBe('FORBIDDEN');
    expect(sub.data).toEqual([]);
  });
});

describe('a missed call message', () => {
  it('gets a delivery like any other dispatched message', async () => {
    const { team, service } = await setup();
    const res = await a.gql(
      `mutation($i: CallEndedInput!) { recordCallEnded(input: $i) { message { id } } }`,
      { i: callEnded(team) },
      service,
    );
    const id = res.data!.recordCallEnded.message.id;
    const r = await record(a, service, report(team, id, 'SENT', minutesAgo(0)));
    expect(r.data!.recordDeliveryStatus.delivery.status).toBe('SENT');
  });
});

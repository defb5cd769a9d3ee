import WebSocket from 'ws';
import { advisorAction, callEnded } from '../factories/activities';
import { adminQuery } from '../support/postgres';
import { readCounter, startTestServer, uniqueTeamId, type TestServer } from '../support/server';
import { eventually, feedClient, positionOf, type FeedClient } from '../support/subscriptions';

const FEED = `subscription($teamId: ID!, $triggers: [AutomatedMessageTrigger!], $after: String) {
  automatedMessageDispatched(teamId: $teamId, triggers: $triggers, after: $after) {
    id cursor trigger decision channel recipient body eventId team { id }
  }
}`;

type Message = {
  automatedMessageDispatched: { id: string; cursor: string; trigger: string; body: string; eventId: string };
};

const clients: FeedClient[] = [];
const used = new Set<TestServer>();
function connect(t: TestServer, token: string | null): FeedClient {
  const c = feedClient(t.server.wsUrl, token);
  clients.push(c);
  used.add(t);
  return c;
}
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
  // every test starts with no subscription left on the instances, so the gauge says when ours are in
  for (const t of used)
    await eventually(async () => (await readCounter(t, 'feed_subscriptions')) === 0, 'subscriptions gone');
  used.clear();
});

async function record(t: TestServer, token: string, input: Record<string, unknown>) {
  const res = await t.gql(
    `mutation($input: AdvisorActionInput!) { recordAdvisorAction(input: $input) { decision message { id cursor trigger } } }`,
    { input },
    token,
  );
  expect(res.errors).toBeUndefined();
  return res.data!.recordAdvisorAction as {
    decision: string;
    message: { id: string; cursor: string; trigger: string } | null;
  };
}

/** The subscriptions an instance has registered (the gauge), so "live from now" starts before we record. */
function subscribed(t: TestServer, n: number) {
  return eventually(
    async () => (await readCounter(t, 'feed_subscriptions')) >= n,
    `${n} subscriptions on the instance`,
  );
}

const ids = (ms: Message[]) => ms.map((m) => m.automatedMessageDispatched.id);
const positions = (ms: Message[]) => ms.map((m) => positionOf(m.automatedMessageDispatched.cursor));

describe('two instances on one database', () => {
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

  it('delivers a message recorded through instance A to a subscriber on instance B', async () => {
    const team = uniqueTeamId();
    const service = await a.token({ role: 'SERVICE', teams: [team] });
    const sub = connect(b, await b.token({ role: 'ADVISOR', teams: [team] })).subscribe<Message>(FEED, {
      teamId: team,
    });
    await subscribed(b, 1);

    const outcome = await record(a, service, advisorAction(team));
    const [received] = await sub.waitForData(1);
    expect(received.automatedMessageDispatched).toMatchObject({
      id: outcome.message!.id,
      cursor: outcome.message!.cursor,
      trigger: 'PHOTO_VIDEO_REQUESTED',
      decision: 'DISPATCHED',
      channel: 'WHATSAPP',
      team: { id: team },
    });
    expect(sub.errors).toEqual([]);
  });

  it('publishes only committed DISPATCHED rows, in commit order per team, without duplicates, from both instances', async () => {
    const team = uniqueTeamId();
    const service = await a.token({ role: 'SERVICE', teams: ['*'] });
    const admin = await a.token({ role: 'ADMIN', teams: [team] });
    const disable = await a.gql(
      `mutation { setAutomatedResponseEnabled(teamId: "${team}", trigger: PAYMENT_REQUESTED, enabled: false) { enabled } }`,
      {},
      admin,
    );
    expect(disable.errors).toBeUndefined();
    const sub = connect(a, service).subscribe<Message>(FEED, { teamId: team });
    await subscribed(a, 1);

    // concurrent activities through both instances; a third of them suppressed (switched off)
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        record(
          i % 2 ? a : b,
          service,
          advisorAction(team, { action: i % 3 === 0 ? 'REQUEST_PAYMENT' : 'REQUEST_APPROVAL' }),
        ),
      ),
    );
    const dispatched = outcomes.filter((o) => o.decision === 'DISPATCHED');
    expect(dispatched).toHaveLength(20);
    const received = await sub.waitForData(20);
    expect(new Set(ids(received))).toEqual(new Set(dispatched.map((o) => o.message!.id)));
    const p = positions(received);
    expect(p).toEqual([...p].sort((x, y) => x - y));
    expect(received.every((m) => m.automatedMessageDispatched.trigger === 'APPROVAL_REQUESTED')).toBe(true);
    // nothing more arrives (no duplicates): one more message is the 21st, not a repeat
    const last = await record(b, service, advisorAction(team, { action: 'REQUEST_APPROVAL' }));
    await sub.waitForData(21);
    expect(received[20].automatedMessageDispatched.id).toBe(last.message!.id);
  });

  it('replays after a cursor, then goes live with no gap and no duplicate, also for messages committed during the replay', async () => {
    const team = uniqueTeamId();
    const service = await a.token({ role: 'SERVICE', teams: [team] });
    const before: string[] = [];
    const cursors: string[] = [];
    for (let i = 0; i < 230; i++) {
      const o = await record(a, service, advisorAction(team, { action: 'SHARE_VOICEHUB' }));
      before.push(o.message!.id);
      cursors.push(o.message!.cursor);
    }
    // resume after the 20th: 210 to replay (three pages), while 40 more commit through both instances
    const sub = connect(b, service).subscribe<Message>(FEED, { teamId: team, after: cursors[19] });
    const during: string[] = [];
    for (let i = 0; i < 40; i++) {
      const o = await record(i % 2 ? a : b, service, advisorAction(team, { action: 'SHARE_VOICEHUB' }));
      during.push(o.message!.id);
    }
    const received = await sub.waitForData(250, 20000);
    expect(ids(received)).toEqual([...before.slice(20), ...during]);
    const p = positions(received);
    expect(p).toEqual(Array.from({ length: 250 }, (_, i) => positionOf(cursors[20]) + i));
  });

  it('filters by trigger, in replay and live', async () => {
    const team = uniqueTeamId();
    const service = await a.token({ role: 'SERVICE', teams: [team] });
    const first = await record(a, service, advisorAction(team, { action: 'REQUEST_APPROVAL' }));
    const photo1 = await record(a, service, advisorAction(team, { action: 'REQUEST_PHOTO_VIDEO' }));
    await record(a, service, advisorAction(team, { action: 'REQUEST_APPROVAL' }));
    const sub = connect(b, service).subscribe<Message>(FEED, {
      teamId: team,
      triggers: ['PHOTO_VIDEO_REQUESTED', 'PAYMENT_REQUESTED'],
      after: first.message!.cursor,
    });
    await sub.waitForData(1);
    await record(b, service, advisorAction(team, { action: 'REQUEST_APPROVAL' }));
    const payment = await record(
      a,
      service,
      advisorAction(team, { action: 'REQUEST_PAYMENT', amount: 10, currency: 'EUR' }),
    );
    const received = await sub.waitForData(2);
    expect(ids(received)).toEqual([photo1.message!.id, payment.message!.id]);
    expect(received.map((m) => m.automatedMessageDispatched.trigger)).toEqual([
      'PHOTO_VIDEO_REQUESTED',
      'PAYMENT_REQUESTED',
    ]);
  });

  it('executes one selection once per message for all subscribers with the same operation', async () => {
    const team = uniqueTeamId();
    const service = await a.token({ role: 'SERVICE', teams: [team] });
    const advisor = await b.token({ role: 'ADVISOR', teams: [team] });
    const before = await readCounter(b, 'feed_executions_total');
    const subs = Array.from({ length: 5 }, () => connect(b, advisor).subscribe<Message>(FEED, { teamId: team }));
    await subscribed(b, 5);
    for (let i = 0; i < 3; i++) await record(a, service, advisorAction(team));
    for (const s of subs) expect(ids(await s.waitForData(3))).toEqual(ids(subs[0].data));
    expect((await readCounter(b, 'feed_executions_total')) - before).toBe(3);
  });

  describe('access', () => {
    it('closes the connection with 4401 without a token, before any data', async () => {
      const c = connect(b, null);
      const sub = c.subscribe(FEED, { teamId: uniqueTeamId() });
      expect(await c.closed).toEqual({ code: 4401, reason: 'Unauthorized' });
      await sub.waitForEnd();
      expect(sub.data).toEqual([]);
    });

    it('closes the connection with 4403 for an invalid token', async () => {
      const c = connect(b, 'not-a-jwt');
      const sub = c.subscribe(FEED, { teamId: uniqueTeamId() });
      expect((await c.closed).code).toBe(4403);
      expect(sub.data).toEqual([]);
    });

    it('answers FORBIDDEN for another team and delivers nothing of it', async () => {
      const team = uniqueTeamId();
      const other = await b.token({ role: 'ADMIN', teams: [uniqueTeamId()] });
      const sub = connect(b, other).subscribe(FEED, { teamId: team });
      await sub.waitForEnd();
      expect(sub.errors.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
      expect(sub.data).toEqual([]);
    });

    it('refuses a cursor that is not a position of the team', async () => {
      const team = uniqueTeamId();
      const token = await b.token({ role: 'ADVISOR', teams: [team] });
      const bad = connect(b, token).subscribe(FEED, { teamId: team, after: 'bm90LWEtY3Vyc29y' });
      const ahead = connect(b, token).subscribe(FEED, {
        teamId: team,
        after: Buffer.from('AutomatedMessage:99').toString('base64url'),
      });
      await Promise.all([bad.waitForEnd(), ahead.waitForEnd()]);
      expect(bad.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' });
      expect(ahead.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' });
    });

    it('ends the subscription when the token expires while connected (4403 "Token expired")', async () => {
      const team = uniqueTeamId();
      const c = connect(b, await b.token({ role: 'ADVISOR', teams: [team] }, '2s'));
      const sub = c.subscribe(FEED, { teamId: team });
      await subscribed(b, 1);
      const started = Date.now();
      expect(await c.closed).toEqual({ code: 4403, reason: 'Token expired' });
      expect(Date.now() - started).toBeLessThan(4000);
      await sub.waitForEnd();
    });
  });
});

describe('the listening connection', () => {
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    // A announces nothing, and neither polls often enough to matter here: what A records reaches B
    // only through B's catch-up from the log when its listening connection comes back
    a = await startTestServer({ env: { FEED_NOTIFY: 'off', FEED_POLL_INTERVAL_MS: '60000' } });
    b = await startTestServer({ db: a.db, env: { FEED_POLL_INTERVAL_MS: '60000' } });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  async function listeners(): Promise<number[]> {
    const rows = await adminQuery<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = 'chat-automation-feed'`,
      [a.db.name],
    );
    return rows.map((r) => r.pid);
  }

  async function terminateListeners(): Promise<number[]> {
    const old = await listeners();
    expect(old).toHaveLength(2);
    await adminQuery(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid = ANY($1)`, [old]);
    return old;
  }

  async function backAgain(old: number[]) {
    for (const t of [a, b])
      await eventually(async () => (await readCounter(t, 'feed_listener_connected')) === 1, 'the listener back');
    const now = await listeners();
    expect(now).toHaveLength(2);
    expect(now.filter((pid) => old.includes(pid))).toEqual([]);
  }

  it('catches up from the log after pg_terminate_backend: what it was not told of still arrives, in order', async () => {
    const team = uniqueTeamId();
    const service = await a.token({ role: 'SERVICE', teams: [team] });
    const sub = connect(b, service).subscribe<Message>(FEED, { teamId: team });
    await subscribed(b, 1);
    const unannounced = [];
    for (let i = 0; i < 5; i++) unannounced.push(await record(a, service, advisorAction(team)));
    expect(sub.data).toEqual([]);

    const old = await terminateListeners();
    const received = await sub.waitForData(5, 15000);
    expect(ids(received)).toEqual(unannounced.map((o) => o.message!.id));
    await backAgain(old);

    // live again afterwards, through B's own commits
    const after = await record(b, service, advisorAction(team));
    expect(ids(await sub.waitForData(6)).at(-1)).toBe(after.message!.id);
  });

  it('loses nothing that commits while the listening connection is away', async () => {
    const team = uniqueTeamId();
    const service = await b.token({ role: 'SERVICE', teams: [team] });
    const sub = connect(a, service).subscribe<Message>(FEED, { teamId: team });
    await subscribed(a, 1);
    // B records (and announces) a steady stream; A's listener is killed in the middle of it
    const recorded: string[] = [];
    let old: number[] = [];
    for (let i = 0; i < 60; i++) {
      if (i === 10) old = await terminateListeners();
      recorded.push((await record(b, service, advisorAction(team))).message!.id);
    }
    const received = await sub.waitForData(60, 15000);
    expect(ids(received)).toEqual(recorded);
    await backAgain(old);
  });
});

describe('a subscriber that falls behind', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ env: { FEED_SUBSCRIBER_BUFFER: '5', FEED_MAX_LAG: '40' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is ended with SUBSCRIBER_TOO_SLOW and a resume cursor, and resumes from it without gap or duplicate', async () => {
    const team = uniqueTeamId();
    const service = await t.token({ role: 'SERVICE', teams: [team] });
    const admin = await t.token({ role: 'ADMIN', teams: [team] });
    // long messages, many subscriptions on one socket: the socket's kernel buffers fill quickly
    const long = await t.gql(
      `mutation($input: UpdateChatSettingsInput!) { updateChatSettings(input: $input) { version } }`,
      {
        input: {
          teamId: team,
          automatedResponses: [
            {
              trigger: 'PHOTO_VIDEO_REQUESTED',
              locale: 'en',
              template: `${'Please upload a photo. '.repeat(40)}{{link}}`,
            },
          ],
        },
      },
      admin,
    );
    expect(long.errors).toBeUndefined();

    const ws = new WebSocket(t.server.wsUrl, 'graphql-transport-ws');
    await new Promise((r) => ws.once('open', r));
    const frames: any[] = [];
    ws.on('message', (d) => frames.push(JSON.parse(String(d))));
    ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${service}` } }));
    await eventually(() => frames.some((f) => f.type === 'connection_ack'), 'connection_ack');
    const SUBS = 20;
    for (let i = 1; i <= SUBS; i++) {
      ws.send(
        JSON.stringify({ id: String(i), type: 'subscribe', payload: { query: FEED, variables: { teamId: team } } }),
      );
    }
    await subscribed(t, SUBS);

    // stop reading: the server's sends back up into the kernel, then into the subscriptions
    (ws as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
    const recorded: string[] = [];
    for (let i = 0; i < 3000; i++) {
      recorded.push((await record(t, service, advisorAction(team))).message!.id);
      if (i % 20 === 19 && (await readCounter(t, 'feed_subscribers_too_slow_total')) >= 1) break;
    }
    expect(await readCounter(t, 'feed_subscribers_too_slow_total')).toBeGreaterThanOrEqual(1);
    (ws as unknown as { _socket: { resume(): void } })._socket.resume();

    const ended = () => frames.find((f) => f.type === 'error' && f.id === '1');
    await eventually(() => Boolean(ended()), 'subscription 1 ended', 20000);
    const error = ended().payload[0];
    expect(error.extensions).toMatchObject({
      code: 'SUBSCRIBER_TOO_SLOW',
      reason: 'FEED_LAG_EXCEEDED',
      resumeAfter: expect.any(String),
    });
    const got = frames.filter((f) => f.type === 'next' && f.id === '1').map((f) => f.payload.data);
    const gotIds = got.map((d: Message) => d.automatedMessageDispatched.id);
    expect(gotIds).toEqual(recorded.slice(0, gotIds.length)); // a prefix: in order, nothing skipped
    expect(positionOf(error.extensions.resumeAfter)).toBe(positionOf(got.at(-1).automatedMessageDispatched.cursor));
    ws.close();

    const resumed = connect(t, service).subscribe<Message>(FEED, { teamId: team, after: error.extensions.resumeAfter });
    const rest = await resumed.waitForData(recorded.length - gotIds.length, 20000);
    expect([...gotIds, ...ids(rest)]).toEqual(recorded);
  });
});

describe('shutdown', () => {
  it('stops the feed with the server: subscribers are closed with 1001', async () => {
    const t = await startTestServer();
    const team = uniqueTeamId();
    const c = feedClient(t.server.wsUrl, await t.token({ role: 'ADVISOR', teams: [team] }));
    c.subscribe(FEED, { teamId: team });
    await subscribed(t, 1);
    await t.close();
    expect((await c.closed).code).toBe(1001);
    await c.dispose();
  });

  it('records a call through the feed publisher without a subscriber (nothing to deliver, nothing breaks)', async () => {
    const t = await startTestServer();
    try {
      const team = uniqueTeamId();
      const res = await t.gql(
        `mutation($input: CallEndedInput!) { recordCallEnded(input: $input) { decision } }`,
        { input: callEnded(team) },
        await t.token({ role: 'SERVICE', teams: [team] }),
      );
      expect(res.data!.recordCallEnded.decision).toBe('DISPATCHED');
    } finally {
      await t.close();
    }
  });
});

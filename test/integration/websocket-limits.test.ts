import WebSocket from 'ws';
import { readCounter, startTestServer, uniqueTeamId, type TestServer } from '../support/server';
import { eventually, feedClient } from '../support/subscriptions';

// PRODUCT.md §10 "WebSocket": keep-alive pings that close dead peers, a maximum message size, and
// at most 100 subscriptions per connection (close code 4429 beyond).
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ env: { WS_KEEPALIVE_MS: '200' } });
});
afterAll(async () => {
  await t?.close();
});

const FEED = `subscription($team: ID!) { automatedMessageDispatched(teamId: $team) { id } }`;

/** A raw graphql-transport-ws connection, acknowledged, so the test controls pongs and frames. */
async function rawConnection(team: string, options: WebSocket.ClientOptions = {}) {
  const token = await t.token({ role: 'ADMIN', teams: [team] });
  const socket = new WebSocket(t.server.wsUrl, 'graphql-transport-ws', options);
  const closed = new Promise<{ code: number; reason: string; at: number }>((resolve) =>
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString(), at: Date.now() })),
  );
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('open', () =>
      socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })),
    );
    socket.on('message', (data) => {
      if (JSON.parse(String(data)).type === 'connection_ack') resolve();
    });
  });
  return { socket, closed };
}

describe('keep-alive', () => {
  it('pings every WS_KEEPALIVE_MS and closes a peer that does not answer', async () => {
    const { socket, closed } = await rawConnection(uniqueTeamId(), { autoPong: false });
    let pings = 0;
    socket.on('ping', () => (pings += 1));
    const opened = Date.now();
    const { code, at } = await closed;
    expect(pings).toBeGreaterThanOrEqual(1);
    expect(code).toBe(1006); // terminated: no close frame for a peer that stopped answering
    expect(at - opened).toBeLessThan(2000);
  });

  it('keeps a peer that answers the pings', async () => {
    const { socket, closed } = await rawConnection(uniqueTeamId());
    let pings = 0;
    socket.on('ping', () => (pings += 1));
    let isClosed = false;
    void closed.then(() => (isClosed = true));
    await eventually(() => pings >= 4, 'four pings', 5000);
    expect(isClosed).toBe(false);
    socket.close(1000);
    await closed;
  });
});

describe('message size', () => {
  it('closes a connection that sends a message over 64 KiB with 1009', async () => {
    const team = uniqueTeamId();
    const { socket, closed } = await rawConnection(team);
    socket.send(
      JSON.stringify({
        id: '1',
        type: 'subscribe',
        payload: { query: FEED, variables: { team, pad: 'x'.repeat(70 * 1024) } },
      }),
    );
    expect((await closed).code).toBe(1009);
  });

  it('accepts a message under the limit', async () => {
    const team = uniqueTeamId();
    const { socket, closed } = await rawConnection(team);
    const answer = new Promise<{ type: string; payload: { errors?: { extensions?: { code?: string } }[] } }>(
      (resolve) => socket.on('message', (d) => resolve(JSON.parse(String(d)))),
    );
    // a 60 KiB team id (not the token's): the server reads it and answers it, the connection stays
    socket.send(
      JSON.stringify({
        id: '1',
        type: 'subscribe',
        payload: { query: FEED, variables: { team: 'x'.repeat(60 * 1024) } },
      }),
    );
    expect((await answer).payload.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(socket.readyState).toBe(WebSocket.OPEN);
    socket.close(1000);
    await closed;
  });
});

describe('subscriptions per connection', () => {
  it('allows 100 subscriptions on one connection and closes it with 4429 at the 101st', async () => {
    const team = uniqueTeamId();
    const client = feedClient(t.server.wsUrl, await t.token({ role: 'ADMIN', teams: [team] }));
    try {
      const before = await readCounter(t, 'feed_subscriptions');
      const subs = Array.from({ length: 100 }, () => client.subscribe(FEED, { team }));
      await eventually(
        async () => (await readCounter(t, 'feed_subscriptions')) === before + 100,
        '100 live subscriptions',
      );
      expect(subs.every((s) => s.errors.length === 0 && !s.completed)).toBe(true);

      client.subscribe(FEED, { team });
      const { code, reason } = await client.closed;
      expect(code).toBe(4429);
      expect(reason).toContain('100');
    } finally {
      await client.dispose();
    }
  });
});

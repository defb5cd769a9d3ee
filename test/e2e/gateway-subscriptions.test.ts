import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayRuntime, getGraphQLWSOptions, type GatewayRuntime } from '@graphql-hive/gateway-runtime';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { gatewayConfig, SUBGRAPH_NAME } from '../../examples/hive-gateway/gateway.config';
import { advisorAction } from '../factories/activities';
import { readCounter, startTestServer, uniqueTeamId, type TestServer } from '../support/server';
import { eventually, feedClient, type FeedClient } from '../support/subscriptions';

/**
 * Hive Gateway's engine (@graphql-hive/gateway-runtime, what the `hive-gateway` CLI runs) with
 * examples/hive-gateway/gateway.config.ts, composing
 * this subgraph from its `_service { sdl }` and executing subscriptions against it over graphql-ws:
 * the client's connectionParams.authorization is passed on to the subgraph's connection_init.
 */
async function startGateway(subgraphUrl: string) {
  const runtime: GatewayRuntime = createGatewayRuntime({
    supergraph: { type: 'dev', services: [{ name: SUBGRAPH_NAME, url: subgraphUrl }] },
    // the configuration the README recommends, as is
    ...gatewayConfig,
    logging: process.env.GATEWAY_LOG ? 'debug' : false,
  });
  // The runtime is Hive's Node request listener: it answers errors itself and returns a promise only for its own use.
  // eslint-disable-next-line @typescript-eslint/no-misused-promises
  const server = http.createServer(runtime);
  const wsServer = new WebSocketServer({ server, path: runtime.graphqlEndpoint });
  const ws = useServer(
    getGraphQLWSOptions<Record<string, unknown>, { request: http.IncomingMessage; socket: unknown }>(
      runtime,
      (ctx) => ({
        req: ctx.extra.request,
        socket: ctx.extra.socket,
        request: new runtime.fetchAPI.Request(`http://127.0.0.1${runtime.graphqlEndpoint}`, {
          headers: ctx.extra.request.headers as Record<string, string>,
        }),
      }),
    ),
    wsServer,
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}${runtime.graphqlEndpoint}`;
  // the supergraph is composed on the first HTTP request; a WebSocket operation does not trigger it
  const warm = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"query":"{ __typename }"}',
  });
  if (!warm.ok) throw new Error(`gateway not ready: ${warm.status} ${await warm.text()}`);
  return {
    url,
    wsUrl: `ws://127.0.0.1:${port}${runtime.graphqlEndpoint}`,
    stop: async () => {
      await ws.dispose();
      await runtime.dispose();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

let chat: TestServer;
let gateway: Awaited<ReturnType<typeof startGateway>>;
const clients: FeedClient[] = [];

beforeAll(async () => {
  chat = await startTestServer();
  gateway = await startGateway(chat.server.url);
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
});
afterAll(async () => {
  await gateway?.stop();
  await chat?.close();
});

const FEED = `subscription($teamId: ID!, $after: String) {
  automatedMessageDispatched(teamId: $teamId, after: $after) { id cursor trigger body team { id } }
}`;

describe('HTTP through Hive Gateway with examples/hive-gateway/gateway.config.ts', () => {
  it("passes the client's Authorization header on to the subgraph", async () => {
    const team = uniqueTeamId();
    const admin = await chat.token({ role: 'ADMIN', teams: [team] });
    const query = (headers: Record<string, string>) =>
      fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query: `{ team(id: "${team}") { id chatSettings { timeZone } } }` }),
      }).then((r) => r.json() as Promise<{ data?: any; errors?: { extensions?: { code?: string } }[] }>);
    expect(await query({ authorization: `Bearer ${admin}` })).toEqual({
      data: { team: { id: team, chatSettings: { timeZone: 'Europe/Berlin' } } },
    });
    expect((await query({})).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('the feed through Hive Gateway', () => {
  it('delivers dispatched messages live, and replays after a cursor', async () => {
    const team = uniqueTeamId();
    const service = await chat.token({ role: 'SERVICE', teams: [team] });
    const record = async () => {
      const res = await chat.gql(
        `mutation($input: AdvisorActionInput!) { recordAdvisorAction(input: $input) { message { id cursor } } }`,
        { input: advisorAction(team) },
        service,
      );
      expect(res.errors).toBeUndefined();
      return res.data!.recordAdvisorAction.message as { id: string; cursor: string };
    };
    const first = await record();

    const client = feedClient(gateway.wsUrl, await chat.token({ role: 'ADVISOR', teams: [team] }));
    clients.push(client);
    const sub = client.subscribe<any>(FEED, { teamId: team, after: first.cursor });
    await eventually(
      async () => (await readCounter(chat, 'feed_subscriptions')) === 1,
      'the subscription at the subgraph',
    );
    const second = await record();
    const third = await record();

    const received = await sub.waitForData(2);
    expect(received.map((d) => d.automatedMessageDispatched.id)).toEqual([second.id, third.id]);
    expect(received[0].automatedMessageDispatched).toMatchObject({
      cursor: second.cursor,
      trigger: 'PHOTO_VIDEO_REQUESTED',
      team: { id: team },
    });
    expect(sub.errors).toEqual([]);
  });

  it('keeps the access rules: another team is FORBIDDEN through the gateway too', async () => {
    const client = feedClient(gateway.wsUrl, await chat.token({ role: 'ADMIN', teams: [uniqueTeamId()] }));
    clients.push(client);
    const sub = client.subscribe(FEED, { teamId: uniqueTeamId() });
    await sub.waitForEnd();
    expect(sub.data).toEqual([]);
    expect(sub.errors[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

import { ApolloGateway, IntrospectAndCompose, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { startTestServer, uniqueTeamId, type TestServer } from '../support/server';

/** A tiny "teams" subgraph that owns Team.name, as the real teams service would. */
async function startTeamsSubgraph() {
  const typeDefs = parse(`
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable"])
    type Query { team(id: ID!): Team @shareable }
    type Team @key(fields: "id") { id: ID! name: String! }
  `);
  const resolvers = {
    Query: { team: (_: unknown, { id }: { id: string }) => ({ id }) },
    Team: {
      name: (t: { id: string }) => `Team ${t.id}`,
      __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    },
  };
  const server = new ApolloServer({
    schema: buildSubgraphSchema([{ typeDefs, resolvers }]),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  return { server, url };
}

let chat: TestServer;
let teams: Awaited<ReturnType<typeof startTeamsSubgraph>>;
let gateway: ApolloServer<{ authorization?: string }>;
let gatewayUrl: string;

beforeAll(async () => {
  chat = await startTestServer();
  teams = await startTeamsSubgraph();
  const gw = new ApolloGateway({
    supergraphSdl: new IntrospectAndCompose({
      subgraphs: [
        { name: 'teams', url: teams.url },
        { name: 'chat-automation', url: chat.server.url },
      ],
    }),
    buildService: ({ url }) =>
      new RemoteGraphQLDataSource<{ authorization?: string }>({
        url,
        willSendRequest({ request, context }) {
          if (context.authorization) request.http?.headers.set('authorization', context.authorization);
        },
      }),
  });
  gateway = new ApolloServer({ gateway: gw });
  const started = await startStandaloneServer(gateway, {
    listen: { port: 0, host: '127.0.0.1' },
    context: async ({ req }) => ({ authorization: req.headers.authorization }),
  });
  gatewayUrl = started.url;
});

afterAll(async () => {
  await gateway?.stop();
  await teams?.server.stop();
  await chat?.close();
});

async function viaGateway(query: string, token?: string) {
  const res = await fetch(gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return (await res.json()) as { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

describe('behind a federation gateway', () => {
  it('joins Team.name from another subgraph with chatSettings from this one', async () => {
    const team = uniqueTeamId();
    const token = await chat.token({ role: 'ADMIN', teams: [team] });
    const res = await viaGateway(
      `{ team(id: "${team}") { id name chatSettings { senderIdentity timeZone version } } }`,
      token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.team).toEqual({
      id: team,
      name: `Team ${team}`,
      chatSettings: { senderIdentity: 'COMPANY_NAME', timeZone: expect.any(String), version: 0 },
    });
  });

  it('keeps the access rules: no token means no chat settings', async () => {
    const team = uniqueTeamId();
    const res = await viaGateway(`{ team(id: "${team}") { name chatSettings { senderName } } }`);
    expect(res.data?.team?.chatSettings ?? null).toBeNull();
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});

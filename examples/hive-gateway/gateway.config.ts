/**
 * Hive Gateway in front of chat-automation. With the CLI (`npm i -D @graphql-hive/gateway`):
 *   npx hive-gateway supergraph supergraph.graphql   (this file, as ./gateway.config.ts, is read for `gatewayConfig`)
 * test/e2e/gateway-subscriptions.test.ts runs this configuration with @graphql-hive/gateway-runtime.
 *
 * What the subgraph needs from a gateway:
 * - the client's `Authorization` header on every HTTP request (queries, mutations, _entities);
 * - subscriptions over WebSocket (graphql-ws) on /graphql, with the client's
 *   `connectionParams.authorization` passed on in the subgraph's `connection_init`
 *   (over plain HTTP, Apollo Server's CSRF protection refuses the gateway's requests).
 */
export const SUBGRAPH_NAME = 'chat-automation';

export const gatewayConfig = {
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }: { request: Request }) => ({
      authorization: request.headers.get('authorization'),
      // keeps the router's trace going into the subgraph (OpenTelemetry, see README)
      traceparent: request.headers.get('traceparent'),
    }),
  },
  transportEntries: {
    [SUBGRAPH_NAME]: {
      options: {
        subscriptions: {
          kind: 'ws',
          location: '/graphql',
          options: {
            connectionParams: { authorization: '{context.connectionParams.authorization}' },
            // close the upstream connection with its last subscription (the default lingers 3 s)
            lazyCloseTimeout: 0,
          },
        },
      },
    },
  },
};

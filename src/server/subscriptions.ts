import type http from 'node:http';
import { GraphQLError, type DocumentNode, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Viewer } from '../domain/access';
import type { DispatchLog } from '../domain/feed/feed-ports';
import { DELIVERY_FEED_CHANNEL, PgMessageFeed } from '../feed/pg-message-feed';
import type { DeliveryChange } from '../domain/delivery/delivery-ports';
import type { GraphQLContext } from '../graphql/context';
import { createDocumentCache, createSharedSubscribe } from '../graphql/shared-subscription';
import type { AuthSetup } from './auth';
import type { Config } from './config';
import type { Logger } from './logger';
import type { Metrics } from './metrics';
import type { Boundary } from '../graphql/limits/boundary';

/** Close code for a connection that opens more subscriptions than allowed (PRODUCT.md §10). */
export const TOO_MANY_SUBSCRIPTIONS = 4429;

/** Rows per read of the dispatch log (live, replay and catch-up). */
const FEED_PAGE_SIZE = 100;
/** setTimeout's limit; a token valid for longer is re-checked when it fires. */
const MAX_TIMER_MS = 2_147_483_647;

/** The feed of dispatched messages across instances (PostgreSQL LISTEN/NOTIFY over the dispatch log). */
export function createMessageFeed(
  config: Config,
  databaseUrl: string,
  log: DispatchLog,
  logger: Logger,
  metrics: Metrics,
  bus: { channels?: Record<string, (payload: string) => void>; listening?(up: boolean): void } = {},
): PgMessageFeed {
  const feed = new PgMessageFeed({
    connectionString: databaseUrl,
    log,
    limits: { pageSize: FEED_PAGE_SIZE, bufferLimit: config.feed.subscriberBuffer, maxLag: config.feed.maxLag },
    notify: config.feed.notify,
    notifyIntervalMs: config.feed.notifyIntervalMs,
    pollIntervalMs: config.feed.pollIntervalMs,
    logger: logger.child({ component: 'feed' }),
    channels: bus.channels,
    observer: {
      listening: (up) => {
        metrics.feedListening.set(up ? 1 : 0);
        bus.listening?.(up);
      },
      fellBehind: () => metrics.feedFellBehind.inc(),
      tooSlow: () => metrics.feedTooSlow.inc(),
    },
  });
  metrics.feedState.subscriptions = () => feed.subscriptions;
  return feed;
}

/** deliveryStatusChanged: the same bus and settings, its own NOTIFY channel and per-team change positions. */
export function createDeliveryFeed(
  config: Config,
  databaseUrl: string,
  log: DispatchLog<DeliveryChange>,
  logger: Logger,
  metrics: Metrics,
): PgMessageFeed<DeliveryChange> {
  const feed = new PgMessageFeed<DeliveryChange>({
    connectionString: databaseUrl,
    log,
    channel: DELIVERY_FEED_CHANNEL,
    applicationName: 'chat-automation-delivery-feed',
    limits: { pageSize: FEED_PAGE_SIZE, bufferLimit: config.feed.subscriberBuffer, maxLag: config.feed.maxLag },
    notify: config.feed.notify,
    notifyIntervalMs: config.feed.notifyIntervalMs,
    pollIntervalMs: config.feed.pollIntervalMs,
    logger: logger.child({ component: 'delivery-feed' }),
    observer: { fellBehind: () => metrics.feedFellBehind.inc(), tooSlow: () => metrics.feedTooSlow.inc() },
  });
  metrics.deliveryFeedState.subscriptions = () => feed.subscriptions;
  return feed;
}

type ConnectionExtra = {
  readonly socket: WebSocket;
  readonly request: http.IncomingMessage;
  viewer?: Viewer | null;
  expiry?: NodeJS.Timeout;
};

type SubscriptionOptions = {
  schema: GraphQLSchema;
  boundary: Boundary;
  limits: Config['limits'];
};

/**
 * The operation of a subscribe message, parsed and validated once per distinct operation and checked
 * against the boundary's limits; the connection's (limit + 1)th subscription closes it with 4429.
 */
function checkedSubscription(o: SubscriptionOptions, documents: ReturnType<typeof createDocumentCache>) {
  return (
    ctx: { subscriptions: Record<string, unknown>; extra: ConnectionExtra },
    _id: string,
    payload: { query: string; variables?: Record<string, unknown> | null; operationName?: string | null },
  ) => {
    // graphql-ws has already registered this one
    if (Object.keys(ctx.subscriptions).length > o.limits.wsMaxSubscriptions) {
      const message = `At most ${o.limits.wsMaxSubscriptions} subscriptions per connection`;
      ctx.extra.socket.close(TOO_MANY_SUBSCRIPTIONS, message);
      return [new GraphQLError(message, { extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' } })];
    }
    const document = documents.documentFor(payload.query);
    if (Array.isArray(document)) return document as GraphQLError[];
    const refused = o.boundary.checkOperation(document as DocumentNode, payload.variables, payload.operationName);
    if (refused) return [refused];
    return {
      schema: o.schema,
      document: document as DocumentNode,
      operationName: payload.operationName,
      variableValues: payload.variables,
    };
  };
}

/** The token in connectionParams.authorization: none closes with 4401, a bad one with 4403. */
function authenticatedConnection(auth: AuthSetup) {
  return async (ctx: { connectionParams?: Readonly<Record<string, unknown>>; extra: ConnectionExtra }) => {
    const header = ctx.connectionParams?.authorization;
    if (typeof header !== 'string' || header === '') {
      ctx.extra.socket.close(CloseCode.Unauthorized, 'Unauthorized');
      return false;
    }
    try {
      const session = await auth.verifier.sessionFromHeader(header);
      ctx.extra.viewer = session?.viewer ?? null;
      if (session?.expiresAt) closeWhenExpired(ctx.extra, session.expiresAt);
      return true;
    } catch {
      return false; // graphql-ws closes with 4403 Forbidden
    }
  };
}

/**
 * graphql-ws (`graphql-transport-ws`) on the HTTP server's /graphql: the token is checked at
 * connection_init (none: 4401, bad: 4403, before any data), and the connection is closed with 4403
 * "Token expired" when it runs out, which ends its subscriptions. Subscription selections are
 * executed once per message and operation and shared between subscribers.
 */
export function startSubscriptionServer(o: {
  httpServer: http.Server;
  schema: GraphQLSchema;
  auth: AuthSetup;
  contextFor: (viewer: Viewer | null) => GraphQLContext;
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  metrics: Metrics;
  boundary: Boundary;
  limits: Config['limits'];
}): { dispose(): void | Promise<void> } {
  // a message over maxPayload closes the connection with 1009 before it is buffered
  const wsServer = new WebSocketServer({
    server: o.httpServer,
    path: '/graphql',
    maxPayload: o.limits.wsMaxPayloadBytes,
  });
  // graphql-ws wraps a failing source stream's error without a path, which Apollo's unwrapping
  // skips: hand the formatter the original error itself
  const format = (e: GraphQLError): GraphQLFormattedError =>
    e.originalError
      ? o.formatError(e.toJSON(), e.originalError)
      : { ...e.toJSON(), extensions: { code: requestErrorCode(e), ...e.extensions } };

  const documents = createDocumentCache(o.schema, o.boundary);

  return useServer<Record<string, unknown>, ConnectionExtra>(
    {
      schema: o.schema,
      // parse and validate once per distinct operation; errors are answered, not a closed socket
      onSubscribe: checkedSubscription(o, documents),
      subscribe: createSharedSubscribe({ executed: () => o.metrics.feedExecutions.inc() }),
      onConnect: authenticatedConnection(o.auth),
      onClose: (ctx) => clearTimeout(ctx.extra.expiry),
      context: (ctx) => o.contextFor(ctx.extra.viewer ?? null),
      onNext: (_ctx, _id, _payload, _args, result) => {
        o.metrics.subscriptions.inc();
        // the same result object goes to every subscriber of the operation: never change it in place
        return result.errors?.length
          ? { ...result, errors: result.errors.map((e) => format(e as GraphQLError)) }
          : undefined;
      },
      onError: (_ctx, _id, _payload, errors) => errors.map(format),
    },
    wsServer,
    // pings every interval; a peer that has not answered the last one by the next is terminated
    o.limits.wsKeepAliveMs,
  );
}

function closeWhenExpired(extra: ConnectionExtra, expiresAt: Date): void {
  const delay = Math.min(Math.max(expiresAt.getTime() - Date.now(), 0), MAX_TIMER_MS);
  extra.expiry = setTimeout(() => {
    if (Date.now() < expiresAt.getTime()) return closeWhenExpired(extra, expiresAt);
    extra.socket.close(CloseCode.Forbidden, 'Token expired');
  }, delay);
  extra.expiry.unref();
}

/** GraphQL's own request errors (no resolver behind them) get the codes Apollo Server gives them over HTTP. */
function requestErrorCode(e: GraphQLError): string {
  if (e.message.startsWith('Syntax Error')) return 'GRAPHQL_PARSE_FAILED';
  return /^Variable "\$/.test(e.message) ? 'BAD_USER_INPUT' : 'GRAPHQL_VALIDATION_FAILED';
}

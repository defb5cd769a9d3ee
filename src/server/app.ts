import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import type { Viewer } from '../domain/access';
import { AutomationQueryService } from '../domain/automation/automation-query.service';
import { AutomationService } from '../domain/automation/automation.service';
import { TeamQueue } from '../domain/automation/team-queue';
import { MessageFeedService } from '../domain/feed/message-feed.service';
import { DeliveryService } from '../domain/delivery/delivery.service';
import { PgDeliveryChangeLog, PgDeliveryRepository } from '../persistence/repositories/delivery.repository';
import { deliveryObserver } from './delivery-observer';
import { PgAutomationReadRepository } from '../persistence/repositories/automation-read.repository';
import { PgAutomationRepository } from '../persistence/repositories/automation.repository';
import { automationObserver } from './automation-observer';
import { ChatSettingsService } from '../domain/chat-settings/chat-settings.service';
import { DomainError } from '../domain/errors';
import { RingPlanService, type CachedRingPlans } from '../domain/ring-plans/ring-plan.service';
import { TeamService } from '../domain/teams/team.service';
import type { StoredChatSettings } from '../domain/ports';
import { TeamCache } from '../domain/team-cache';
import type { GraphQLContext } from '../graphql/context';
import { createFormatError, domainErrorToGraphQL } from '../graphql/errors';
import { createLoaders } from '../graphql/loaders';
import { buildSubgraph } from '../graphql/schema';
import type { Services } from '../graphql/services';
import { createDataSource } from '../persistence/data-source';
import { createPreparedPool } from '../persistence/prepared-pool';
import { databaseUnavailable } from '../persistence/database-errors';
import { checkReadiness } from '../persistence/readiness';
import { runMigrationsSerialized } from '../persistence/run-migrations';
import { PgChatSettingsRepository } from '../persistence/repositories/chat-settings.repository';
import { PgRingPlanRepository } from '../persistence/repositories/ring-plan.repository';
import { parseTeamChange, TEAM_CHANGES_CHANNEL } from '../persistence/team-changes';
import { createAuth, type AuthSetup } from './auth';
import type { Config } from './config';
import { provideDatabase, waitForDatabase, type DatabaseHandle } from './database';
import type { Logger } from './logger';
import { createMetrics, type Metrics } from './metrics';
import { createDeliveryFeed, createMessageFeed, startSubscriptionServer } from './subscriptions';
import { ErasureService } from '../domain/privacy/erasure.service';
import { RetentionService } from '../domain/privacy/retention.service';
import { loadRecipientKey, type RecipientKey } from '../persistence/recipient-key';
import { PgErasureRepository, PgRetentionRepository } from '../persistence/repositories/privacy.repository';
import { retentionObserver, startRetentionJob, type RetentionJob } from './retention-job';
import { boundaryPlugin, createBoundary } from '../graphql/limits/boundary';
import { graphqlBody } from './body-limit';
import { graphqlPost, type GraphQLPost } from './graphql-post';
import { mintDevTokens, type DevTokens } from './dev-tokens';
import { graphqlIdeHandler } from './graphql-ide';

export interface RunningServer {
  readonly url: string;
  readonly wsUrl: string;
  readonly port: number;
  readonly dataSource: DataSource;
  readonly auth: AuthSetup;
  readonly metrics: Metrics;
  readonly schema: GraphQLSchema;
  /** The retention job (PRODUCT.md §14); runs every RETENTION_INTERVAL_MS, or on demand. */
  readonly retention: RetentionJob;
  /** One token per role for `demo-team`, outside production when this service can sign */
  readonly devTokens?: DevTokens;
  /** Graceful stop: refuse new work, finish in-flight requests, close sockets (1001), pool, database. */
  stop(): Promise<void>;
}

/** /readyz answers within this, whatever the database does. */
const READINESS_TIMEOUT_MS = 2000;

let schemaPromise: Promise<GraphQLSchema> | undefined;
/** type-graphql keeps its metadata globally, so the schema is built once per process. */
export function subgraphSchema(): Promise<GraphQLSchema> {
  schemaPromise ??= buildSubgraph();
  return schemaPromise;
}

/** The composition root: wires configuration, database, domain services and transports. */
/** What a TEAM_BUSY answer suggests: about one activity's worth of a busy team's queue draining. */
const TEAM_RETRY_AFTER_MS = 1000;

export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  const started = Date.now();
  const db: DatabaseHandle = await provideDatabase(config, logger);
  const metrics = createMetrics();
  // what every connection of both pools is opened with
  const connections = {
    url: db.url,
    statementTimeoutMs: config.database.statementTimeoutMs,
    poolTimeoutMs: config.database.poolTimeoutMs,
    onStatement: () => metrics.dbStatements.inc(),
    lockTimeoutMs: config.teams.waitMs,
  };
  const dataSource = createDataSource({ ...connections, poolSize: config.database.poolSize });
  // the activity path's prepared statements on connections of their own (persistence/prepared-pool.ts)
  const activityPool = createPreparedPool({
    ...connections,
    poolSize: config.database.activityPoolSize,
    onIdleError: (err) => logger.warn({ err }, 'an idle activity connection failed; it is replaced on next use'),
  });
  let recipientKey: RecipientKey;
  try {
    await waitForDatabase(db.url, config.database.waitMs, logger);
    const ran = await runMigrationsSerialized(db.url, {
      onWait: () => logger.info('another instance is migrating the database: waiting for it'),
    });
    if (ran.length) logger.info({ migrations: ran }, 'migrations applied');
    await dataSource.initialize();
    // the opt-out key's secret lives in the database (created by a migration), read once
    recipientKey = await loadRecipientKey(dataSource);
  } catch (err) {
    await dataSource.destroy().catch(() => undefined);
    await activityPool.end().catch(() => undefined);
    await db.stop().catch(() => undefined);
    throw err;
  }

  const auth = createAuth(config);
  const devTokens = config.env !== 'production' ? await mintDevTokens(auth) : undefined;
  const schema = await subgraphSchema();
  // settings and ring plans from memory, trusted only while the feed's connection LISTENs for changes
  const settingsCache = new TeamCache<StoredChatSettings>({ max: config.settingsCacheSize });
  const ringPlansCache = new TeamCache<CachedRingPlans>({ max: config.settingsCacheSize });
  const ringPlans = new RingPlanService(new PgRingPlanRepository(dataSource), ringPlansCache);
  const dispatchLog = new PgAutomationReadRepository(dataSource);
  // the feed is also the publisher: told after each commit of a DISPATCHED row
  const feed = createMessageFeed(config, db.url, dispatchLog, logger, metrics, {
    channels: {
      [TEAM_CHANGES_CHANNEL]: (payload) => {
        const change = parseTeamChange(payload);
        if (!change) return;
        (change.kind === 'settings' ? settingsCache : ringPlansCache).changed(change.teamId, change.version);
        metrics.teamChanges.inc({ kind: change.kind });
      },
    },
    listening: (up) => {
      settingsCache.connected(up);
      ringPlansCache.connected(up);
    },
  });
  const deliveryFeed = createDeliveryFeed(config, db.url, new PgDeliveryChangeLog(dataSource), logger, metrics);
  const chatSettings = new ChatSettingsService(new PgChatSettingsRepository(dataSource), settingsCache);
  const teamQueue = new TeamQueue({
    waitMs: config.teams.waitMs,
    maxWaiting: config.teams.maxWaiting,
    retryAfterMs: TEAM_RETRY_AFTER_MS,
  });
  metrics.watchTeamQueue(() => teamQueue.waiting);
  const services: Services = {
    teams: new TeamService(),
    chatSettings,
    ringPlans,
    automation: new AutomationService(
      new PgAutomationRepository(activityPool, recipientKey),
      ringPlans,
      feed,
      automationObserver(logger, metrics),
      teamQueue,
    ),
    automationQueries: new AutomationQueryService(dispatchLog),
    feed: new MessageFeedService(feed),
    erasure: new ErasureService(new PgErasureRepository(dataSource)),
    delivery: new DeliveryService(
      new PgDeliveryRepository(dataSource),
      chatSettings,
      { deliveryCommitted: (teamId, position) => deliveryFeed.committed(teamId, position) },
      deliveryObserver(metrics),
    ),
    deliveryFeed: new MessageFeedService(deliveryFeed),
  };
  const retention = startRetentionJob(
    new RetentionService(new PgRetentionRepository(dataSource), config.retention, retentionObserver(logger, metrics)),
    config.retention,
    logger,
    metrics,
  );

  const app = express();
  app.disable('x-powered-by');
  // GraphQL answers POSTs: an ETag (a hash of every response body) serves no cache here
  app.set('etag', false);
  // POST /graphql with a plain JSON body skips Express (graphql-post.ts); everything else is Express's
  const route: { fastPost?: GraphQLPost } = {}; // set once Apollo has started
  const httpServer = http.createServer((req, res) => {
    if (route.fastPost?.handles(req)) route.fastPost.handle(req, res);
    else app(req, res);
  });
  let shuttingDown = false;

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    if (shuttingDown) {
      res.status(503).json({ status: 'shutting down' });
      return;
    }
    const readiness = await checkReadiness(db.url, READINESS_TIMEOUT_MS);
    if (readiness.ready) {
      res.json({ status: 'ready' });
      return;
    }
    if (readiness.status === 'database unreachable') logger.warn({ cause: readiness.cause }, 'readiness check failed');
    res
      .status(503)
      .json(
        readiness.status === 'migrations pending'
          ? { status: readiness.status, pending: readiness.pending }
          : { status: readiness.status },
      );
  });
  app.get('/metrics', async (_req, res) => {
    res.set('Content-Type', metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  });

  const contextFor = (viewer: Viewer | null): GraphQLContext => ({
    viewer,
    services,
    loaders: createLoaders(services),
    logger,
  });
  const graphqlContext = async (req: http.IncomingMessage): Promise<GraphQLContext> => {
    try {
      return contextFor(await auth.verifier.viewerFromHeader(req.headers.authorization));
    } catch (err) {
      if (err instanceof DomainError) {
        // a context error never reaches formatError's unwrapping: map it here, with its HTTP status
        const mapped = domainErrorToGraphQL(err);
        throw new GraphQLError(mapped.message, { extensions: { ...mapped.extensions, http: { status: 401 } } });
      }
      throw err;
    }
  };

  const formatError = createFormatError(
    (err) => logger.error({ err }, 'unexpected error in GraphQL operation'),
    (err) => {
      const mapped = databaseUnavailable(err);
      if (mapped) logger.warn({ err, reason: mapped.code }, 'database unavailable: answered as retryable');
      return mapped;
    },
  );
  const boundary = createBoundary(schema, config.limits);
  const wsCleanup = startSubscriptionServer({
    httpServer,
    schema,
    auth,
    contextFor,
    formatError,
    metrics,
    boundary,
    limits: config.limits,
  });
  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    formatError,
    logger,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    parseOptions: boundary.parseOptions,
    validationRules: [...boundary.validationRules],
    // shutdown is ours (server/shutdown.ts): Apollo's own signal handler would race it
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.shutdownTimeoutMs }),
      { serverWillStart: async () => ({ drainServer: async () => wsCleanup.dispose() }) },
      // Apollo's landing page (Sandbox) loads from a CDN; where our own IDE is served it must not answer
      ...(config.env === 'production' || config.graphqlIde ? [ApolloServerPluginLandingPageDisabled()] : []),
      // the schema declares no @cacheControl hints, yet the default plugin wraps every field resolver
      // to collect them (a profiled ~5 % of a settings read); requestLogPlugin sends the header it set
      ApolloServerPluginCacheControlDisabled(),
      requestLogPlugin(logger, metrics),
      boundaryPlugin<GraphQLContext>(boundary),
    ],
  });
  await apollo.start();
  await feed.start();
  await deliveryFeed.start();

  if (config.graphqlIde) {
    app.get('/', (_req, res) => res.redirect(302, '/graphql'));
    app.get('/graphql', graphqlIdeHandler(devTokens));
  }
  app.use(
    '/graphql',
    ...graphqlBody(config.limits.maxBodyBytes, boundary.checkSource, logger),
    expressMiddleware(apollo, { context: ({ req }) => graphqlContext(req) }),
  );
  route.fastPost = graphqlPost({
    apollo,
    maxBytes: config.limits.maxBodyBytes,
    checkSource: boundary.checkSource,
    context: graphqlContext,
    logger,
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  logger.info({ port, ms: Date.now() - started, embeddedDatabase: db.embedded }, 'chat-automation ready');

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      shuttingDown = true;
      const t = Date.now();
      await apollo.stop(); // stops accepting, drains in-flight HTTP requests, closes WebSockets with 1001
      await retention.stop(); // ends a run after its current batch
      await feed.stop(); // announces what is pending and closes its connection, while the pool is still open
      await deliveryFeed.stop();
      await dataSource.destroy();
      await activityPool.end();
      await db.stop();
      logger.info({ ms: Date.now() - t }, 'stopped');
    })();
    return stopping;
  };

  return {
    url: `http://127.0.0.1:${port}/graphql`,
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
    port,
    dataSource,
    auth,
    metrics,
    schema,
    retention,
    devTokens,
    stop,
  };
}

/** One log line and two metrics per operation; no variables (they hold phone numbers and texts). */
function requestLogPlugin(logger: Logger, metrics: Metrics): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart(rc) {
      const start = process.hrtime.bigint();
      return {
        async willSendResponse(ctx) {
          // what the default cache-control plugin answered for a schema without hints
          ctx.response.http.headers.set('cache-control', 'no-store');
          const seconds = Number(process.hrtime.bigint() - start) / 1e9;
          const operation = ctx.operationName ?? ctx.request.operationName ?? 'anonymous';
          const type = ctx.operation?.operation ?? 'unknown';
          const errors =
            ctx.errors ?? (ctx.response.body.kind === 'single' ? ctx.response.body.singleResult.errors : undefined);
          const outcome = errors?.length ? 'error' : 'ok';
          metrics.graphqlRequests.inc({ operation, type, outcome });
          metrics.graphqlDuration.observe({ operation, type }, seconds);
          logger.info(
            {
              operation,
              type,
              ms: Math.round(seconds * 1000),
              sub: rc.contextValue.viewer?.sub,
              errors: errors?.map((e) => e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'),
            },
            'graphql request',
          );
        },
      };
    },
  };
}

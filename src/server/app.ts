import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import type { Viewer } from '../domain/access';
import { AutomationQueryService } from '../domain/automation/automation-query.service';
import { AutomationService } from '../domain/automation/automation.service';
import { MessageFeedService } from '../domain/feed/message-feed.service';
import { PgAutomationReadRepository } from '../persistence/repositories/automation-read.repository';
import { PgAutomationRepository } from '../persistence/repositories/automation.repository';
import { automationObserver } from './automation-observer';
import { ChatSettingsService } from '../domain/chat-settings/chat-settings.service';
import { DomainError } from '../domain/errors';
import { RingPlanService } from '../domain/ring-plans/ring-plan.service';
import type { GraphQLContext } from '../graphql/context';
import { createFormatError, domainErrorToGraphQL } from '../graphql/errors';
import { createLoaders } from '../graphql/loaders';
import { buildSubgraph } from '../graphql/schema';
import type { Services } from '../graphql/services';
import { createDataSource, pendingMigrations } from '../persistence/data-source';
import { PgChatSettingsRepository } from '../persistence/repositories/chat-settings.repository';
import { PgRingPlanRepository } from '../persistence/repositories/ring-plan.repository';
import { createAuth, type AuthSetup } from './auth';
import type { Config } from './config';
import { provideDatabase, type DatabaseHandle } from './database';
import type { Logger } from './logger';
import { createMetrics, type Metrics } from './metrics';
import { createMessageFeed, startSubscriptionServer } from './subscriptions';
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
  /** One token per role for `demo-team`, outside production when this service can sign */
  readonly devTokens?: DevTokens;
  /** Graceful stop: refuse new work, finish in-flight requests, close sockets (1001), pool, database. */
  stop(): Promise<void>;
}

let schemaPromise: Promise<GraphQLSchema> | undefined;
/** type-graphql keeps its metadata globally, so the schema is built once per process. */
export function subgraphSchema(): Promise<GraphQLSchema> {
  schemaPromise ??= buildSubgraph();
  return schemaPromise;
}

/** The composition root: wires configuration, database, domain services and transports. */
export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  const started = Date.now();
  const db: DatabaseHandle = await provideDatabase(config, logger);
  const metrics = createMetrics();
  const dataSource = createDataSource({
    url: db.url,
    poolSize: config.database.poolSize,
    onStatement: () => metrics.dbStatements.inc(),
  });
  try {
    await dataSource.initialize();
    const ran = await dataSource.runMigrations({ transaction: 'all' });
    if (ran.length) logger.info({ migrations: ran.map((m) => m.name) }, 'migrations applied');
  } catch (err) {
    await dataSource.destroy().catch(() => undefined);
    await db.stop().catch(() => undefined);
    throw err;
  }

  const auth = createAuth(config);
  const devTokens = config.env !== 'production' ? await mintDevTokens(auth) : undefined;
  const schema = await subgraphSchema();
  const ringPlans = new RingPlanService(new PgRingPlanRepository(dataSource));
  const dispatchLog = new PgAutomationReadRepository(dataSource);
  // the feed is also the publisher: told after each commit of a DISPATCHED row
  const feed = createMessageFeed(config, db.url, dispatchLog, logger, metrics);
  const services: Services = {
    chatSettings: new ChatSettingsService(new PgChatSettingsRepository(dataSource)),
    ringPlans,
    automation: new AutomationService(
      new PgAutomationRepository(dataSource),
      ringPlans,
      feed,
      automationObserver(logger, metrics),
    ),
    automationQueries: new AutomationQueryService(dispatchLog),
    feed: new MessageFeedService(feed),
  };

  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  let shuttingDown = false;

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    if (shuttingDown) {
      res.status(503).json({ status: 'shutting down' });
      return;
    }
    try {
      await dataSource.query('SELECT 1');
      const pending = await pendingMigrations(dataSource);
      if (pending.length) {
        res.status(503).json({ status: 'migrations pending', pending });
        return;
      }
      res.json({ status: 'ready' });
    } catch (err) {
      logger.warn({ err }, 'readiness check failed');
      res.status(503).json({ status: 'database unreachable' });
    }
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

  const formatError = createFormatError((err) => logger.error({ err }, 'unexpected error in GraphQL operation'));
  const wsCleanup = startSubscriptionServer({ httpServer, schema, auth, contextFor, formatError, metrics });
  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    formatError,
    logger,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    // shutdown is ours (server/shutdown.ts): Apollo's own signal handler would race it
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.shutdownTimeoutMs }),
      { serverWillStart: async () => ({ drainServer: async () => wsCleanup.dispose() }) },
      // Apollo's landing page (Sandbox) loads from a CDN; where our own IDE is served it must not answer
      ...(config.env === 'production' || config.graphqlIde ? [ApolloServerPluginLandingPageDisabled()] : []),
      requestLogPlugin(logger, metrics),
    ],
  });
  await apollo.start();
  await feed.start();

  if (config.graphqlIde) {
    app.get('/', (_req, res) => res.redirect(302, '/graphql'));
    app.get('/graphql', graphqlIdeHandler(devTokens));
  }
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
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
      },
    }),
  );

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
      await feed.stop(); // announces what is pending and closes its connection, while the pool is still open
      await dataSource.destroy();
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
          const seconds = Number(process.hrtime.bigint() - start) / 1e9;
          const operation = ctx.operationName ?? ctx.request.operationName ?? 'anonymous';
          const type = ctx.operation?.operation ?? 'unknown';
          const errors = ctx.errors ?? (ctx.response.body.kind === 'single' ? ctx.response.body.singleResult.errors : undefined);
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

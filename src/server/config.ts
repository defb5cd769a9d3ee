import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const emptyAsUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const schema = z
  .object({
    NODE_ENV: z.preprocess(emptyAsUndefined, z.enum(['development', 'production', 'test']).default('development')),
    PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(65535).default(4001)),
    HOST: z.preprocess(emptyAsUndefined, z.string().default('0.0.0.0')),
    DATABASE_URL: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
        .optional(),
    ),
    DATABASE_POOL_SIZE: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(200).default(10)),
    // the activity path's own connections, where its statements are prepared (persistence/prepared-pool.ts)
    DATABASE_ACTIVITY_POOL_SIZE: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(200).default(10)),
    // start-up and database failures (PRODUCT.md §10): how long to wait for the database, and for each statement
    DATABASE_WAIT_MS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(3600000).default(60000)),
    DATABASE_STATEMENT_TIMEOUT_MS: z.preprocess(
      emptyAsUndefined,
      z.coerce.number().int().min(1).max(3600000).default(10000),
    ),
    DATABASE_POOL_TIMEOUT_MS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(600000).default(5000)),
    EMBEDDED_DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default('./.data')),
    EMBEDDED_PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(65535).default(5433)),
    AUTH_JWT_SECRET: z.preprocess(emptyAsUndefined, z.string().min(32, 'must be at least 32 characters').optional()),
    AUTH_JWKS_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/ }).optional()),
    AUTH_ISSUER: z.preprocess(emptyAsUndefined, z.string().optional()),
    AUTH_AUDIENCE: z.preprocess(emptyAsUndefined, z.string().optional()),
    LOG_LEVEL: z.preprocess(emptyAsUndefined, z.enum(LOG_LEVELS).default('info')),
    SHUTDOWN_TIMEOUT_MS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(100).max(120000).default(10000)),
    // the subscription feed (src/feed): how commits are announced to the other instances, and its limits
    FEED_NOTIFY: z.preprocess(emptyAsUndefined, z.enum(['batched', 'per-commit', 'off']).default('batched')),
    FEED_NOTIFY_INTERVAL_MS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(1000).default(10)),
    FEED_POLL_INTERVAL_MS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(50).max(60000).default(2000)),
    FEED_SUBSCRIBER_BUFFER: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(100000).default(1000)),
    // a team's activities run one at a time: how long one waits for its team (queue and row lock), how many may wait
    TEAM_WAIT_MS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(10).max(120000).default(5000)),
    TEAM_QUEUE_MAX: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(100000).default(1000)),
    FEED_MAX_LAG: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(10000000).default(10000)),
    // retention of personal data and idempotency records (PRODUCT.md §14)
    RETENTION_DAYS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(36500).default(400)),
    IDEMPOTENCY_DAYS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(36500).default(30)),
    RETENTION_INTERVAL_MS: z.preprocess(
      emptyAsUndefined,
      z.coerce.number().int().min(0).max(604800000).default(3600000),
    ),
    RETENTION_BATCH_SIZE: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(100000).default(500)),
    // teams whose settings (and, separately, ring plans) one instance keeps in memory
    SETTINGS_CACHE_SIZE: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(10000000).default(10000)),
    // the GraphQL boundary (src/graphql/limits, PRODUCT.md §10): checked before anything executes
    QUERY_MAX_DEPTH: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(100).default(15)),
    QUERY_MAX_ALIASES: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(10000).default(30)),
    QUERY_MAX_TOKENS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(100).max(1000000).default(5000)),
    QUERY_MAX_COST: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).default(150000)),
    INPUT_MAX_JSON_DEPTH: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(1000).default(32)),
    MAX_BODY_BYTES: z.preprocess(
      emptyAsUndefined,
      z.coerce
        .number()
        .int()
        .min(1024)
        .default(1024 * 1024),
    ),
    WS_KEEPALIVE_MS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(100).max(3600000).default(30000)),
    WS_MAX_PAYLOAD_BYTES: z.preprocess(
      emptyAsUndefined,
      z.coerce
        .number()
        .int()
        .min(1024)
        .default(64 * 1024),
    ),
    WS_MAX_SUBSCRIPTIONS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(100000).default(100)),
    // OpenTelemetry traces over OTLP/HTTP (off when unset); the standard OTEL_* names
    OTEL_EXPORTER_OTLP_ENDPOINT: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/ }).optional()),
    OTEL_SERVICE_NAME: z.preprocess(emptyAsUndefined, z.string().default('chat-automation')),
    // the browser IDE at GET /graphql; default: on, except in production
    GRAPHQL_IDE: z.preprocess(emptyAsUndefined, z.enum(['on', 'off']).optional()),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.AUTH_JWT_SECRET && !env.AUTH_JWKS_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['AUTH_JWT_SECRET'],
        message: 'production needs AUTH_JWT_SECRET (HS256) or AUTH_JWKS_URL to verify tokens',
      });
    }
    if (env.NODE_ENV === 'production' && !env.DATABASE_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['DATABASE_URL'],
        message: 'production needs DATABASE_URL (the embedded database is for development only)',
      });
    }
    if (env.AUTH_JWT_SECRET && env.AUTH_JWKS_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['AUTH_JWKS_URL'],
        message: 'set AUTH_JWT_SECRET or AUTH_JWKS_URL, not both',
      });
    }
  });

export interface Config {
  readonly env: 'development' | 'production' | 'test';
  readonly port: number;
  readonly host: string;
  readonly database: {
    readonly url?: string;
    readonly poolSize: number;
    /** connections of the activity path (prepared statements, generic plans), beside poolSize */
    readonly activityPoolSize: number;
    readonly embeddedDir: string;
    readonly embeddedPort: number;
    /** how long start-up waits for an unreachable database, retrying with backoff */
    readonly waitMs: number;
    /** every statement of the service's pool runs under this statement_timeout */
    readonly statementTimeoutMs: number;
    /** how long a request waits for a pooled connection before it is answered DATABASE_BUSY */
    readonly poolTimeoutMs: number;
  };
  readonly auth: {
    readonly jwtSecret?: string;
    readonly jwksUrl?: string;
    readonly issuer?: string;
    readonly audience?: string;
  };
  readonly logLevel: (typeof LOG_LEVELS)[number];
  readonly shutdownTimeoutMs: number;
  /** A team's activities are serialized: the bounded wait for one's own team (PRODUCT.md §10). */
  readonly teams: { readonly waitMs: number; readonly maxWaiting: number };
  readonly feed: {
    /** batched: one NOTIFY per team per interval after commit; per-commit; off: other instances rely on the poll */
    readonly notify: 'batched' | 'per-commit' | 'off';
    readonly notifyIntervalMs: number;
    /** safety poll of the subscribed teams' log heads (covers a crash between commit and NOTIFY) */
    readonly pollIntervalMs: number;
    /** undelivered messages a subscription may hold before it pages from the log instead */
    readonly subscriberBuffer: number;
    /** positions a subscription that fell behind may lag before it is ended (SUBSCRIBER_TOO_SLOW) */
    readonly maxLag: number;
  };
  readonly retention: {
    /** personal data in the log, missed calls, tickets and conversations is erased after this many days */
    readonly retentionDays: number;
    /** idempotency records are deleted after this many days */
    readonly idempotencyDays: number;
    /** between runs of the retention job; 0: the job does not run */
    readonly intervalMs: number;
    /** rows per statement (each its own short transaction) */
    readonly batchSize: number;
  };
  /** teams whose settings, and teams whose ring plans, one instance keeps in memory (LRU) */
  readonly settingsCacheSize: number;
  /** PRODUCT.md §10: what one request or connection may ask of the service */
  readonly limits: {
    readonly queryMaxDepth: number;
    readonly queryMaxAliases: number;
    readonly queryMaxTokens: number;
    /** list sizes multiplied out (`first`, `_entities` representations, @listSize) */
    readonly queryMaxCost: number;
    /** nesting of objects and lists in variables, JSON arguments and `_Any` representations */
    readonly inputMaxJsonDepth: number;
    readonly maxBodyBytes: number;
    readonly wsKeepAliveMs: number;
    readonly wsMaxPayloadBytes: number;
    readonly wsMaxSubscriptions: number;
  };
  readonly tracing: { readonly otlpEndpoint?: string; readonly serviceName: string };
  /** GraphiQL served at GET /graphql (browsers) and / redirecting there */
  readonly graphqlIde: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once; every problem is reported together. The only reader of process.env. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
  }
  const e = parsed.data;
  return Object.freeze({
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    database: Object.freeze({
      url: e.DATABASE_URL,
      poolSize: e.DATABASE_POOL_SIZE,
      activityPoolSize: e.DATABASE_ACTIVITY_POOL_SIZE,
      embeddedDir: e.EMBEDDED_DATA_DIR,
      embeddedPort: e.EMBEDDED_PORT,
      waitMs: e.DATABASE_WAIT_MS,
      statementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
      poolTimeoutMs: e.DATABASE_POOL_TIMEOUT_MS,
    }),
    auth: Object.freeze({
      jwtSecret: e.AUTH_JWT_SECRET,
      jwksUrl: e.AUTH_JWKS_URL,
      issuer: e.AUTH_ISSUER,
      audience: e.AUTH_AUDIENCE,
    }),
    logLevel: e.LOG_LEVEL,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    teams: Object.freeze({ waitMs: e.TEAM_WAIT_MS, maxWaiting: e.TEAM_QUEUE_MAX }),
    feed: Object.freeze({
      notify: e.FEED_NOTIFY,
      notifyIntervalMs: e.FEED_NOTIFY_INTERVAL_MS,
      pollIntervalMs: e.FEED_POLL_INTERVAL_MS,
      subscriberBuffer: e.FEED_SUBSCRIBER_BUFFER,
      maxLag: e.FEED_MAX_LAG,
    }),
    retention: Object.freeze({
      retentionDays: e.RETENTION_DAYS,
      idempotencyDays: e.IDEMPOTENCY_DAYS,
      intervalMs: e.RETENTION_INTERVAL_MS,
      batchSize: e.RETENTION_BATCH_SIZE,
    }),
    settingsCacheSize: e.SETTINGS_CACHE_SIZE,
    limits: Object.freeze({
      queryMaxDepth: e.QUERY_MAX_DEPTH,
      queryMaxAliases: e.QUERY_MAX_ALIASES,
      queryMaxTokens: e.QUERY_MAX_TOKENS,
      queryMaxCost: e.QUERY_MAX_COST,
      inputMaxJsonDepth: e.INPUT_MAX_JSON_DEPTH,
      maxBodyBytes: e.MAX_BODY_BYTES,
      wsKeepAliveMs: e.WS_KEEPALIVE_MS,
      wsMaxPayloadBytes: e.WS_MAX_PAYLOAD_BYTES,
      wsMaxSubscriptions: e.WS_MAX_SUBSCRIPTIONS,
    }),
    tracing: Object.freeze({ otlpEndpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: e.OTEL_SERVICE_NAME }),
    graphqlIde: (e.GRAPHQL_IDE ?? (e.NODE_ENV === 'production' ? 'off' : 'on')) === 'on',
  });
}

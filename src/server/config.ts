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
    FEED_MAX_LAG: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(10000000).default(10000)),
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
      ctx.addIssue({ code: 'custom', path: ['AUTH_JWKS_URL'], message: 'set AUTH_JWT_SECRET or AUTH_JWKS_URL, not both' });
    }
  });

export interface Config {
  readonly env: 'development' | 'production' | 'test';
  readonly port: number;
  readonly host: string;
  readonly database: { readonly url?: string; readonly poolSize: number; readonly embeddedDir: string; readonly embeddedPort: number };
  readonly auth: {
    readonly jwtSecret?: string;
    readonly jwksUrl?: string;
    readonly issuer?: string;
    readonly audience?: string;
  };
  readonly logLevel: (typeof LOG_LEVELS)[number];
  readonly shutdownTimeoutMs: number;
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
      embeddedDir: e.EMBEDDED_DATA_DIR,
      embeddedPort: e.EMBEDDED_PORT,
    }),
    auth: Object.freeze({
      jwtSecret: e.AUTH_JWT_SECRET,
      jwksUrl: e.AUTH_JWKS_URL,
      issuer: e.AUTH_ISSUER,
      audience: e.AUTH_AUDIENCE,
    }),
    logLevel: e.LOG_LEVEL,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    feed: Object.freeze({
      notify: e.FEED_NOTIFY,
      notifyIntervalMs: e.FEED_NOTIFY_INTERVAL_MS,
      pollIntervalMs: e.FEED_POLL_INTERVAL_MS,
      subscriberBuffer: e.FEED_SUBSCRIBER_BUFFER,
      maxLag: e.FEED_MAX_LAG,
    }),
    tracing: Object.freeze({ otlpEndpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: e.OTEL_SERVICE_NAME }),
    graphqlIde: (e.GRAPHQL_IDE ?? (e.NODE_ENV === 'production' ? 'off' : 'on')) === 'on',
  });
}

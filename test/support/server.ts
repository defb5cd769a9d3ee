import { startServer, type RunningServer } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import { createLogger } from '../../src/server/logger';
import type { Role } from '../../src/domain/access';
import { createTestDatabase, type TestDatabase } from './postgres';

export const TEST_JWT_SECRET = 'test-secret-test-secret-test-secret-0123456789';

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

export interface TestServer {
  server: RunningServer;
  db: TestDatabase;
  token(claims: { sub?: string; role: Role; teams: string[] }, expiresIn?: string): Promise<string>;
  /** POSTs a GraphQL operation over real HTTP. */
  gql<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string | null,
  ): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

/** Starts the real service on a fresh database (or the given one) on a free port. */
export async function startTestServer(
  options: { db?: TestDatabase; env?: Record<string, string> } = {},
): Promise<TestServer> {
  const db = options.db ?? (await createTestDatabase());
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: db.url,
    DATABASE_POOL_SIZE: '10',
    AUTH_JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    // the retention job runs only where a test asks for it (runNow or its own interval)
    RETENTION_INTERVAL_MS: '0',
    ...options.env,
  });
  const server = await startServer(config, createLogger(config));
  const ownsDb = !options.db;
  return {
    server,
    db,
    token: (claims, expiresIn) =>
      server.auth.sign!(
        { sub: claims.sub ?? `user-${claims.role.toLowerCase()}`, role: claims.role, teams: claims.teams },
        expiresIn,
      ),
    gql: async (query, variables, token) => {
      const res = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as GraphQLResponse<any>;
      return { ...body, status: res.status };
    },
    close: async () => {
      await server.stop();
      if (ownsDb) await db.drop();
    },
  };
}

let counter = 0;
/** A team id no other test uses, so files and tests never see each other's data. */
export function uniqueTeamId(prefix = 'team'): string {
  counter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}

/** Reads one unlabelled counter from the service's /metrics endpoint. */
export async function readCounter(t: TestServer, name: string): Promise<number> {
  const text = await (await fetch(t.server.url.replace(/\/graphql$/, '/metrics'))).text();
  const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  if (!m) throw new Error(`metric ${name} not found`);
  return Number(m[1]);
}

import crypto from 'node:crypto';
import { Client } from 'pg';

/** Where the test run's PostgreSQL lives; set by global-setup for every worker. */
export function testAdminUrl(): string {
  const url = process.env.CHAT_AUTOMATION_TEST_ADMIN_URL;
  if (!url) throw new Error('global-setup did not run: CHAT_AUTOMATION_TEST_ADMIN_URL is missing');
  return url;
}

export function testTemplateName(): string {
  const name = process.env.CHAT_AUTOMATION_TEST_TEMPLATE;
  if (!name) throw new Error('global-setup did not run: CHAT_AUTOMATION_TEST_TEMPLATE is missing');
  return name;
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Tests must never touch a database whose name does not say it is one of theirs. */
export function assertTestDatabase(name: string): void {
  if (!/^chat_automation_test_[a-z0-9_]+$/.test(name)) {
    throw new Error(`refusing to use "${name}": test databases are named chat_automation_test_*`);
  }
}

export async function adminQuery<T = unknown>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: testAdminUrl() });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

/** A fresh database for one test file, cloned from the migrated template (fast, isolated, parallel-safe). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = testTemplateName();
  const name = `${template.replace(/_tpl$/, '')}_${crypto.randomBytes(4).toString('hex')}`;
  assertTestDatabase(name);
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  return {
    name,
    url: withDatabase(testAdminUrl(), name),
    drop: async () => {
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

import { Client } from 'pg';
import { MIGRATIONS } from './data-source';

export type Readiness =
  | { ready: true }
  | { ready: false; status: 'database unreachable'; cause: string }
  | { ready: false; status: 'migrations pending'; pending: string[] };

/**
 * One bounded check on its own connection (not the pool: a busy pool is not an outage, and a
 * probe must never queue behind requests): the database answers within `timeoutMs` and every
 * migration is applied.
 */
export async function checkReadiness(url: string, timeoutMs: number): Promise<Readiness> {
  const client = new Client({
    connectionString: url,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
    application_name: 'chat-automation readyz',
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const { rows } = await client.query<{ name: string }>('SELECT name FROM migrations');
    const applied = new Set(rows.map((r) => r.name));
    const pending = MIGRATIONS.map((m) => new m().name ?? m.name).filter((n) => !applied.has(n));
    return pending.length ? { ready: false, status: 'migrations pending', pending } : { ready: true };
  } catch (err) {
    if (isUndefinedTable(err))
      return { ready: false, status: 'migrations pending', pending: MIGRATIONS.map((m) => new m().name ?? m.name) };
    return { ready: false, status: 'database unreachable', cause: err instanceof Error ? err.message : String(err) };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** pg's undefined_table (42P01): `migrations` does not exist yet, so no migration has run. */
function isUndefinedTable(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && err.code === '42P01';
}

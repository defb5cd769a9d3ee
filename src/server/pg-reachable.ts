import { Client } from 'pg';

/** Whether a PostgreSQL at `url` accepts a session and answers, within about `timeoutMs`. */
export async function isReachable(url: string, timeoutMs = 1500): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  // a server going away mid-probe emits on the client; the probe only answers false
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

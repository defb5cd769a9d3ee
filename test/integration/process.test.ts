import { createClient } from 'graphql-ws';
import { Client } from 'pg';
import { SignJWT } from 'jose';
import WebSocket from 'ws';
import { callEnded } from '../factories/activities';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { buildOnce, killServices, productionEnv, READY, runService } from '../support/process';
import { TEST_JWT_SECRET } from '../support/server';

let db: TestDatabase;
beforeAll(async () => {
  buildOnce();
  db = await createTestDatabase();
});
afterAll(async () => {
  killServices();
  await db?.drop();
});

describe('start-up configuration', () => {
  it('refuses to start in production without a token secret, naming every problem', async () => {
    const p = runService({ NODE_ENV: 'production', PORT: '0' });
    const { code } = await p.exited;
    expect(code).toBe(1);
    expect(p.stderr()).toContain('AUTH_JWT_SECRET: production needs AUTH_JWT_SECRET (HS256) or AUTH_JWKS_URL');
    expect(p.stderr()).toContain('DATABASE_URL: production needs DATABASE_URL');
  });

  it('reports invalid values together', async () => {
    const p = runService({ PORT: 'abc', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x' });
    const { code } = await p.exited;
    expect(code).toBe(1);
    expect(p.stderr()).toMatch(/PORT:/);
    expect(p.stderr()).toMatch(/LOG_LEVEL:/);
    expect(p.stderr()).toMatch(/DATABASE_URL: must be a postgres/);
  });
});

describe('logs', () => {
  it('writes one JSON line per request and per activity decision, without the phone number or the message text', async () => {
    const { p, port } = await startProduction();
    const token = await serviceToken();
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: `mutation Missed($i: CallEndedInput!) { recordCallEnded(input: $i) { decision message { body } } }`,
        variables: { i: callEnded('log-team', { phone: '+4930987654321', customerName: 'Zacharias' }) },
      }),
    });
    const body = (await res.json()) as any;
    expect(body.data.recordCallEnded.message.body).toContain('Zacharias');
    await p.waitFor(/"msg":"graphql request"/);
    p.child.kill('SIGTERM');
    await p.exited;
    const lines = p
      .stdout()
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l));
    const decision = lines.find((l) => l.msg === 'activity decision');
    expect(decision).toMatchObject({
      kind: 'CALL_ENDED',
      teamId: 'log-team',
      trigger: 'CUSTOMER_HUNG_UP',
      decision: 'DISPATCHED',
      recipient: '+49••••••••321',
    });
    expect(lines.find((l) => l.msg === 'graphql request')).toMatchObject({
      operation: 'Missed',
      type: 'mutation',
      sub: 'telephony',
    });
    expect(p.stdout()).not.toContain('4930987654321');
    expect(p.stdout()).not.toContain('Zacharias');
  });
});

describe('graceful shutdown', () => {
  it('drains on SIGTERM: an activity waiting in its transaction completes, subscribers get 1001, exit 0 with no error logged', async () => {
    // the held activity must outlive the test's own steps on a loaded machine, not give up as TEAM_BUSY
    const { p, port } = await startProduction({ TEAM_WAIT_MS: '60000' });
    const url = `http://127.0.0.1:${port}/graphql`;
    const token = await serviceToken();
    const record = (input: Record<string, unknown>) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          query: `mutation($i: CallEndedInput!) { recordCallEnded(input: $i) { decision } }`,
          variables: { i: input },
        }),
      });
    const team = 'drain-team';
    expect((await record(callEnded(team))).status).toBe(200); // the team row exists now

    // a live subscriber, which shutdown must close with 1001 ("going away")
    const client = createClient({
      url: url.replace('http', 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
    });
    const subscriberClosed = new Promise<number>((resolve) =>
      client.on('closed', (e) => resolve((e as { code: number }).code)),
    );
    client.subscribe(
      { query: `subscription { automatedMessageDispatched(teamId: "${team}") { id } }` },
      { next: () => undefined, error: () => undefined, complete: () => undefined },
    );
    await new Promise<void>((resolve) => client.on('connected', () => resolve()));

    // hold the team's row lock, so the next activity is provably inside its transaction at SIGTERM
    const locker = new Client({ connectionString: db.url });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('SELECT 1 FROM team WHERE id = $1 FOR UPDATE', [team]);
    const inFlight = record(callEnded(team, { phone: '+4930555666' }));
    await waitUntil(
      async () =>
        (
          await locker.query(
            `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
          )
        ).rowCount! >= 1,
    );

    const t0 = Date.now();
    p.child.kill('SIGTERM');
    expect(await subscriberClosed).toBe(1001);
    await new Promise((r) => setTimeout(r, 200));
    expect(p.child.exitCode).toBeNull(); // still draining the activity
    await locker.query('ROLLBACK');
    await locker.end();

    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).data.recordCallEnded.decision).toBe('DISPATCHED');
    const { code } = await p.exited;
    expect(code).toBe(0);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(p.stdout()).toContain('"msg":"stopped"');
    expect(p.stdout()).not.toMatch(/"level":(50|60)/);
    expect(p.stderr()).toBe('');
    await client.dispose();
  }, 30000);
});

/** The built service as production runs it, on this file's database; resolves once it is ready. */
async function startProduction(extra: Record<string, string> = {}) {
  const p = runService(productionEnv(db.url, extra));
  const [, port] = await p.waitFor(READY);
  return { p, port };
}

function serviceToken(): Promise<string> {
  return new SignJWT({ role: 'SERVICE', teams: ['*'] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('telephony')
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(TEST_JWT_SECRET));
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 10000): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

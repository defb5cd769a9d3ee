import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { callEnded } from '../factories/activities';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { buildOnce, killServices, ROOT, runService } from '../support/process';
import { startTestServer, TEST_JWT_SECRET, uniqueTeamId } from '../support/server';

const TOKEN_JS = path.join(ROOT, 'dist/src/server/token.js');
let db: TestDatabase;
let callers = 0;
let dataDir: string;
beforeAll(async () => {
  buildOnce();
  db = await createTestDatabase();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chat-automation-dev-'));
});
afterAll(async () => {
  killServices();
  await db?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** `npm run token -- …` without the build step (the build ran once above). */
function mintToken(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, [TOKEN_JS, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    encoding: 'utf8',
  });
  return { code: r.status, token: r.stdout.trim(), stderr: r.stderr };
}

async function recordMissedCall(port: number, team: string, token: string) {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      query: `mutation($i: CallEndedInput!) { recordCallEnded(input: $i) { decision } }`,
      // a new caller each time, so no cooldown suppresses the message
      variables: { i: callEnded(team, { phone: `+49301${String((callers += 1)).padStart(6, '0')}` }) },
    }),
  });
  return (await res.json()) as {
    data?: { recordCallEnded: { decision: string } };
    errors?: { message: string; extensions: { code: string } }[];
  };
}

function startDevelopment() {
  const p = runService({
    NODE_ENV: 'development',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: db.url,
    EMBEDDED_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
  });
  return p;
}

describe('development tokens', () => {
  it('prints ADMIN, ADVISOR and SERVICE tokens for demo-team, and they and `npm run token` ones survive a restart', async () => {
    // minted before the service ever ran: the command creates the development secret the service then uses
    const cli = mintToken(['--role', 'SERVICE', '--team', 'demo-team', '--ttl', '1h'], {
      NODE_ENV: 'development',
      EMBEDDED_DATA_DIR: dataDir,
    });
    expect(cli).toMatchObject({ code: 0, stderr: '' });
    expect(cli.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

    const first = startDevelopment();
    const port = Number((await first.waitFor(/listening on http:\/\/localhost:(\d+)\/graphql/))[1]);
    const printed = Object.fromEntries(
      ['ADMIN', 'ADVISOR', 'SERVICE'].map((role) => [
        role,
        new RegExp(`${role} .*Bearer (\\S+)`).exec(first.stdout())?.[1],
      ]),
    );
    expect(printed).toEqual({ ADMIN: expect.any(String), ADVISOR: expect.any(String), SERVICE: expect.any(String) });
    expect((await recordMissedCall(port, 'demo-team', printed.SERVICE!)).data?.recordCallEnded.decision).toBe(
      'DISPATCHED',
    );
    expect((await recordMissedCall(port, 'demo-team', cli.token)).data?.recordCallEnded.decision).toBe('DISPATCHED');
    const refused = await recordMissedCall(port, 'demo-team', printed.ADMIN!);
    expect(refused.errors?.[0].message).toContain('this needs a SERVICE token');
    first.child.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);

    const second = startDevelopment();
    const port2 = Number((await second.waitFor(/listening on http:\/\/localhost:(\d+)\/graphql/))[1]);
    expect((await recordMissedCall(port2, 'demo-team', printed.SERVICE!)).data?.recordCallEnded.decision).toBe(
      'DISPATCHED',
    );
    expect((await recordMissedCall(port2, 'demo-team', cli.token)).data?.recordCallEnded.decision).toBe('DISPATCHED');
    second.child.kill('SIGTERM');
    await second.exited;
  });

  it('`npm run token` signs with AUTH_JWT_SECRET, scoped to the given team', async () => {
    const team = uniqueTeamId();
    const cli = mintToken(['--role', 'SERVICE', '--team', team], {
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      NODE_ENV: 'production',
      DATABASE_URL: db.url,
    });
    expect(cli.code).toBe(0);
    const t = await startTestServer({ db });
    try {
      expect((await recordMissedCall(t.server.port, team, cli.token)).data?.recordCallEnded.decision).toBe(
        'DISPATCHED',
      );
      expect((await recordMissedCall(t.server.port, uniqueTeamId(), cli.token)).errors?.[0].extensions.code).toBe(
        'FORBIDDEN',
      );
    } finally {
      await t.close();
    }
  });

  it('`npm run token` refuses an unknown role, a missing team and a bad ttl, printing usage', () => {
    const env = { AUTH_JWT_SECRET: TEST_JWT_SECRET };
    for (const args of [
      ['--role', 'ROOT', '--team', 't'],
      ['--role', 'ADMIN'],
      ['--role', 'ADMIN', '--team', 't', '--ttl', 'forever'],
    ]) {
      const r = mintToken(args, env);
      expect(r.code).toBe(1);
      expect(r.token).toBe('');
      expect(r.stderr).toContain('usage: npm run token');
    }
  });
});

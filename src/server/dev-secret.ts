import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './config';

/** Where development keeps its token secret: under the data directory, so tokens survive restarts. */
export function devSecretFile(config: Config): string {
  return path.resolve(config.database.embeddedDir, 'dev-jwt-secret');
}

/**
 * Reads the development secret, creating it (0600) on first use. Two processes starting at once
 * agree: the file is created exclusively and the loser reads the winner's.
 */
export function loadOrCreateDevSecret(file: string): string {
  const existing = readSecret(file);
  if (existing) return existing;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    fs.writeFileSync(file, `${crypto.randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const created = readSecret(file);
  if (!created) throw new Error(`${file} holds no usable secret (at least 32 characters); delete it to get a new one`);
  return created;
}

function readSecret(file: string): string | undefined {
  try {
    const s = fs.readFileSync(file, 'utf8').trim();
    return s.length >= 32 ? s : undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

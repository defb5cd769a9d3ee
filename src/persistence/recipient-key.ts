import crypto from 'node:crypto';
import { z } from 'zod';
import { queryOne, type SqlExecutor } from './sql';

/**
 * What opt-outs are stored under instead of the number: HMAC-SHA256 of the normalised recipient
 * (E.164 phone or conversationId) with a per-installation secret. An erased number can then no
 * longer be read back from the database, while the same number asking again is still recognised.
 */
export type RecipientKey = (recipient: string) => string;

/** The secret's name in `installation_secret`. */
export const RECIPIENT_KEY_SECRET = 'recipient-key';

export function createRecipientKey(secret: Buffer): RecipientKey {
  if (secret.length < 32) throw new Error('the recipient-key secret must be at least 32 bytes');
  // a KeyObject made once: createHmac with a raw Buffer imports the key again on every call
  const key = crypto.createSecretKey(secret);
  return (recipient) => crypto.createHmac('sha256', key).update(recipient, 'utf8').digest('hex');
}

/** `installation_secret.value` is bytea, which pg returns as a Buffer. */
const secretRow = z.object({ value: z.instanceof(Buffer) });

/** Reads the installation's secret (created by the privacy migration); once, at start-up. */
export async function loadRecipientKey(em: SqlExecutor): Promise<RecipientKey> {
  const row = await queryOne(
    em,
    `/* loadRecipientKey */ SELECT value FROM installation_secret WHERE name = $1`,
    [RECIPIENT_KEY_SECRET],
    secretRow,
  );
  if (!row) throw new Error('installation_secret has no recipient-key: run the migrations');
  return createRecipientKey(row.value);
}

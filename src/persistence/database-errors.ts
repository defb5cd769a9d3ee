import { unavailable, type DomainError } from '../domain/errors';

/** How long a client should wait before retrying, by reason. */
const RETRY_AFTER_MS = { TEAM_BUSY: 1000, DATABASE_BUSY: 1000, DATABASE_UNAVAILABLE: 3000 } as const;

const MESSAGES = {
  // lock_timeout (TEAM_WAIT_MS) ran out on a team's row: another instance or session holds it
  TEAM_BUSY: 'The team is locked by another writer; retry the same request (same eventId) shortly',
  DATABASE_BUSY: 'The database is busy; retry the same request shortly',
  DATABASE_UNAVAILABLE: 'The database is unreachable; retry the same request shortly',
} as const;

/** Connection-level failures of the database link (errno of the socket, or pg's own messages). */
export const LOST_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/**
 * The one place where pg/TypeORM failures that a retry can cure become UNAVAILABLE (PRODUCT.md
 * §10): the pool had no connection in time or a statement ran out its statement_timeout
 * (DATABASE_BUSY), or the database cannot be reached or went away (DATABASE_UNAVAILABLE). Each
 * happens before or inside a transaction, which then rolls back: nothing is half-written.
 * Anything else is not ours to judge and returns undefined. A lock_timeout (55P03) is a team's row
 * held elsewhere longer than TEAM_WAIT_MS (the only rows this service waits for): TEAM_BUSY.
 */
export function databaseUnavailable(err: unknown): DomainError | undefined {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; e = inner(e), depth += 1) {
    const reason = classify(e);
    if (reason) return unavailable(reason, MESSAGES[reason], RETRY_AFTER_MS[reason]);
  }
  return undefined;
}

/** What an error wraps: its cause, or the value graphql-js wrapped when something not an Error was thrown. */
function inner(e: object): unknown {
  const cause = 'cause' in e ? e.cause : undefined;
  return cause ?? ('thrownValue' in e ? e.thrownValue : undefined);
}

function classify(e: object): keyof typeof MESSAGES | undefined {
  // duck-typed, not instanceof: errors from net/pg may come from another realm (graphql-js then wraps them)
  const code = 'code' in e ? e.code : undefined;
  const message = 'message' in e && typeof e.message === 'string' ? e.message : '';
  if (code === '55P03') return 'TEAM_BUSY'; // lock_not_available: lock_timeout
  if (code === '57014') return 'DATABASE_BUSY'; // query_canceled: statement_timeout
  if (code === '53300') return 'DATABASE_BUSY'; // too_many_connections
  // pg-pool's wait for a free connection ran out (connectionTimeoutMillis)
  if (message === 'timeout exceeded when trying to connect') return 'DATABASE_BUSY';
  if (typeof code === 'string' && (/^08/.test(code) || /^57P0[1-3]$/.test(code) || LOST_ERRNO.has(code))) {
    return 'DATABASE_UNAVAILABLE'; // connection exception, admin/crash shutdown, cannot connect now
  }
  if (
    /^Connection terminated|^Client has encountered a connection error|^Client was closed|^Cannot use a pool after calling end/.test(
      message,
    )
  ) {
    return 'DATABASE_UNAVAILABLE';
  }
  return undefined;
}

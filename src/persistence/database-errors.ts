import { unavailable, type DomainError } from '../domain/errors';

/** How long a client should wait before retrying, by reason. */
const RETRY_AFTER_MS = { DATABASE_BUSY: 1000, DATABASE_UNAVAILABLE: 3000 } as const;

/** Connection-level failures of the database link (errno of the socket, or pg's own messages). */
const LOST_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);

/**
 * The one place where pg/TypeORM failures that a retry can cure become UNAVAILABLE (PRODUCT.md
 * §10): the pool had no connection in time or a statement ran out its statement_timeout
 * (DATABASE_BUSY), or the database cannot be reached or went away (DATABASE_UNAVAILABLE). Each
 * happens before or inside a transaction, which then rolls back: nothing is half-written.
 * Anything else is not ours to judge and returns undefined. lock_timeout (55P03) is left to the
 * activity path, which answers it as TEAM_BUSY.
 */
export function databaseUnavailable(err: unknown): DomainError | undefined {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; e = inner(e), depth += 1) {
    const reason = classify(e);
    if (reason === 'DATABASE_BUSY') {
      return unavailable(reason, 'The database is busy; retry the same request shortly', RETRY_AFTER_MS[reason]);
    }
    if (reason === 'DATABASE_UNAVAILABLE') {
      return unavailable(reason, 'The database is unreachable; retry the same request shortly', RETRY_AFTER_MS[reason]);
    }
  }
  return undefined;
}

/** What an error wraps: its cause, or the value graphql-js wrapped when something not an Error was thrown. */
function inner(e: object): unknown {
  return (e as { cause?: unknown }).cause ?? (e as { thrownValue?: unknown }).thrownValue;
}

function classify(e: object): 'DATABASE_BUSY' | 'DATABASE_UNAVAILABLE' | undefined {
  // duck-typed, not instanceof: errors from net/pg may come from another realm (graphql-js then wraps them)
  const code = (e as { code?: unknown }).code;
  const message = typeof (e as { message?: unknown }).message === 'string' ? (e as { message: string }).message : '';
  if (code === '57014') return 'DATABASE_BUSY'; // query_canceled: statement_timeout
  if (code === '53300') return 'DATABASE_BUSY'; // too_many_connections
  // pg-pool's wait for a free connection ran out (connectionTimeoutMillis)
  if (message === 'timeout exceeded when trying to connect') return 'DATABASE_BUSY';
  if (typeof code === 'string' && (/^08/.test(code) || /^57P0[1-3]$/.test(code) || LOST_ERRNO.has(code))) {
    return 'DATABASE_UNAVAILABLE'; // connection exception, admin/crash shutdown, cannot connect now
  }
  if (/^Connection terminated|^Client has encountered a connection error|^Client was closed|^Cannot use a pool after calling end/.test(message)) {
    return 'DATABASE_UNAVAILABLE';
  }
  return undefined;
}

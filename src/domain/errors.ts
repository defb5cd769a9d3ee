import type { ReasonCode } from './reasons';

/** What kind of failure a DomainError is; the GraphQL layer maps each to `extensions.code`. */
export type ErrorCategory =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'CONFLICT'
  | 'UNAUTHENTICATED'
  /** a subscription fell too far behind the live feed and was ended; it resumes with its cursor */
  | 'SUBSCRIBER_TOO_SLOW'
  /** the team or the database could not be had in time; retry the same request (same eventId) later */
  | 'UNAVAILABLE';

export const ERROR_CATEGORIES: readonly ErrorCategory[] = [
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'FORBIDDEN',
  'CONFLICT',
  'UNAUTHENTICATED',
  'SUBSCRIBER_TOO_SLOW',
  'UNAVAILABLE',
];

/**
 * An expected failure the client can act on. `code` is a stable machine-readable reason
 * (e.g. TEMPLATE_UNKNOWN_PLACEHOLDER), `field` names the input field at fault when there is one,
 * `details` carries extra structured data (e.g. the allowed placeholders).
 */
export class DomainError extends Error {
  constructor(
    readonly code: ReasonCode,
    readonly category: ErrorCategory,
    message: string,
    readonly field?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const badInput = (code: ReasonCode, message: string, field?: string, details?: Record<string, unknown>) =>
  new DomainError(code, 'BAD_USER_INPUT', message, field, details);

export const notFound = (code: ReasonCode, message: string) => new DomainError(code, 'NOT_FOUND', message);

export const forbidden = (message = 'You do not have access to this team', details?: Record<string, unknown>) =>
  new DomainError('FORBIDDEN', 'FORBIDDEN', message, undefined, details);

export const unauthenticated = (message = 'Authentication required: send a bearer token') =>
  new DomainError('UNAUTHENTICATED', 'UNAUTHENTICATED', message);

export const conflict = (code: ReasonCode, message: string) => new DomainError(code, 'CONFLICT', message);

/** Why a request was answered UNAVAILABLE (PRODUCT.md §10); every one of them is safe to retry. */
export type UnavailableReason = Extract<ReasonCode, 'TEAM_BUSY' | 'DATABASE_BUSY' | 'DATABASE_UNAVAILABLE'>;

/** A transient failure: nothing was written; retry the same request after `retryAfterMs`. */
export const unavailable = (reason: UnavailableReason, message: string, retryAfterMs: number) =>
  new DomainError(reason, 'UNAVAILABLE', message, undefined, { retryable: true, retryAfterMs });

/** The team stayed busy past its bound (its queue here, or its row locked elsewhere). */
export const isTeamBusy = (err: unknown): boolean => err instanceof DomainError && err.code === 'TEAM_BUSY';

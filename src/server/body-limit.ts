import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import type { GraphQLError } from 'graphql';
import type { Logger } from './logger';

/**
 * The JSON body parser for /graphql with the configured size limit, and its refusals as GraphQL
 * error bodies: a body over the limit is HTTP 413, an unreadable one 400 (Express answers HTML).
 * Then the operation text is checked before Apollo parses it (`checkSource`: tokens, nesting):
 * Apollo's pipeline has no hook that may refuse a request before parsing.
 */
export function graphqlBody(
  maxBytes: number,
  checkSource: (source: string) => GraphQLError | undefined,
  logger: Logger,
): [RequestHandler, ErrorRequestHandler, RequestHandler] {
  const refuse: ErrorRequestHandler = (err: BodyError, _req, res, next) => {
    const refusal = bodyRefusal(err, maxBytes);
    if (!refusal) return next(err);
    logRefusal(logger, refusal);
    res.status(refusal.status).json(refusal.body);
  };
  const guard: RequestHandler = (req, res, next) => {
    const fromBody: unknown = (req.body as { query?: unknown } | undefined)?.query;
    const refusal = sourceRefusal(typeof fromBody === 'string' ? fromBody : req.query?.query, checkSource);
    if (!refusal) return next();
    logRefusal(logger, refusal);
    res.status(refusal.status).json(refusal.body);
  };
  return [express.json({ limit: maxBytes }), refuse, guard];
}

/** What body-parser / raw-body report when a body cannot be read. */
export interface BodyError {
  type?: string;
  status?: number;
}

/** An answer given before Apollo: its HTTP status, the reason logged, the GraphQL error body. */
export interface Refusal {
  status: number;
  reason: unknown;
  body: { errors: object[] };
}

/** Refusals never reach Apollo, so they get their own line of the request log (on either route). */
export function logRefusal(logger: Logger, refusal: Refusal): void {
  logger.info({ status: refusal.status, reason: refusal.reason }, 'graphql request refused');
}

/** The answer to an operation text checkSource refuses (tokens, nesting): 400; else undefined. */
export function sourceRefusal(
  source: unknown,
  checkSource: (source: string) => GraphQLError | undefined,
): Refusal | undefined {
  const refused = typeof source === 'string' ? checkSource(source) : undefined;
  return refused && { status: 400, reason: refused.extensions.reason, body: { errors: [refused.toJSON()] } };
}

/** The answer to a body that cannot be read: too large (413) or not readable JSON (400); else undefined. */
export function bodyRefusal(err: BodyError | undefined, maxBytes: number): Refusal | undefined {
  if (err?.type === 'entity.too.large') {
    return {
      status: 413,
      reason: 'BODY_TOO_LARGE',
      body: {
        errors: [
          {
            message: `Request body is larger than the limit of ${maxBytes} bytes`,
            extensions: { code: 'BAD_REQUEST', reason: 'BODY_TOO_LARGE', maxBytes },
          },
        ],
      },
    };
  }
  if (
    err?.type === 'entity.parse.failed' ||
    err?.type === 'encoding.unsupported' ||
    err?.type === 'charset.unsupported'
  ) {
    return {
      status: err.status ?? 400,
      reason: 'INVALID_BODY',
      body: {
        errors: [
          { message: 'Request body is not readable JSON', extensions: { code: 'BAD_REQUEST', reason: 'INVALID_BODY' } },
        ],
      },
    };
  }
  return undefined;
}

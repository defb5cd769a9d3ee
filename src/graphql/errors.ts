import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { DomainError, type ErrorCategory } from '../domain/errors';
import type { ReasonCode } from '../domain/reasons';

/** The one table from a domain error category to the GraphQL `extensions.code` clients see. */
const CODE_BY_CATEGORY = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  FORBIDDEN: 'FORBIDDEN',
  CONFLICT: 'CONFLICT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  SUBSCRIBER_TOO_SLOW: 'SUBSCRIBER_TOO_SLOW',
  UNAVAILABLE: 'UNAVAILABLE',
} as const satisfies Record<ErrorCategory, string>;

export function domainErrorToGraphQL(err: DomainError): GraphQLError {
  const reason: ReasonCode = err.code;
  return new GraphQLError(err.message, {
    extensions: {
      code: CODE_BY_CATEGORY[err.category],
      reason,
      ...(err.field ? { field: err.field } : {}),
      ...(err.details ?? {}),
    },
  });
}

/**
 * Shapes every error leaving the server: domain errors by the table above, GraphQL's own
 * request errors as they are, anything else hidden as INTERNAL_SERVER_ERROR and reported.
 * `translate` turns infrastructure failures into domain errors first (the composition root passes
 * the persistence layer's database mapping: a lost database becomes UNAVAILABLE, not a bug).
 */
export function createFormatError(
  report: (err: unknown) => void,
  translate: (err: unknown) => DomainError | undefined = () => undefined,
) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const unwrapped = unwrapResolverError(error);
    const original = unwrapped instanceof DomainError ? unwrapped : (translate(unwrapped) ?? unwrapped);
    if (original instanceof DomainError) {
      const mapped = domainErrorToGraphQL(original);
      return { ...formatted, message: mapped.message, extensions: mapped.extensions };
    }
    // GraphQL's and Apollo's own request errors (parse, validation, variable coercion) keep their code.
    // A variable a scalar refuses (Int, DateTime, Date) arrives wrapping the scalar's own GraphQLError.
    if (
      original instanceof GraphQLError &&
      (!original.originalError || original.originalError instanceof GraphQLError)
    ) {
      const code = formatted.extensions?.code;
      if (code === 'BAD_USER_INPUT') return withField(formatted);
      if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') return formatted;
    }
    report(original);
    return {
      message: 'Internal server error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}

/**
 * Variable coercion names the culprit only in its message; clients get it as `extensions.field`,
 * like every other BAD_USER_INPUT:
 *   '… got invalid value "X" at "i.endedDuring"; …'            → endedDuring
 *   '… got invalid value {…}; Field "phone" of required type …'  → phone
 *   'Variable "$first" got invalid value "x"; Int cannot …'      → first
 */
function withField(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (formatted.extensions?.field) return formatted;
  const variable = /^Variable "\$([^"]+)"/.exec(formatted.message)?.[1];
  if (!variable) return formatted;
  const at = / at "[^".[]+\.?([^"]*)"/.exec(formatted.message)?.[1];
  const missing = /Field "([^"]+)" of required type/.exec(formatted.message)?.[1];
  const field = [at, missing].filter(Boolean).join('.') || variable;
  return { ...formatted, extensions: { ...formatted.extensions, field } };
}

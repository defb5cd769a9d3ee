import { GraphQLError } from 'graphql';

/** The public `extensions.reason` codes of the GraphQL boundary (PRODUCT.md §10); listed in the README. */
export const LIMIT_REASONS = {
  QUERY_TOO_DEEP: 'QUERY_TOO_DEEP',
  TOO_MANY_ALIASES: 'TOO_MANY_ALIASES',
  TOO_MANY_TOKENS: 'TOO_MANY_TOKENS',
  QUERY_TOO_COSTLY: 'QUERY_TOO_COSTLY',
  /** a string with a NUL character or an unpaired UTF-16 surrogate */
  INVALID_STRING: 'INVALID_STRING',
  /** objects and lists nested deeper than the JSON depth limit */
  INPUT_TOO_DEEP: 'INPUT_TOO_DEEP',
} as const;
export type LimitReason = keyof typeof LIMIT_REASONS;

/** What one request may ask of the service; the server fills it from its configuration. */
export interface QueryLimits {
  readonly queryMaxDepth: number;
  readonly queryMaxAliases: number;
  readonly queryMaxTokens: number;
  readonly queryMaxCost: number;
  readonly inputMaxJsonDepth: number;
}

export const parseFailed = (reason: LimitReason, message: string) =>
  new GraphQLError(message, { extensions: { code: 'GRAPHQL_PARSE_FAILED', reason } });

export const validationFailed = (reason: LimitReason, message: string, extra: Record<string, unknown> = {}) =>
  new GraphQLError(message, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', reason, ...extra } });

export const badUserInput = (reason: LimitReason, message: string, field: string) =>
  new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', reason, field } });

import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import type { GraphQLError, ValidationContext, ValidationRule } from 'graphql';
import { validationFailed, type LimitReason, type QueryLimits } from './limit-errors';

/** graphql-armor words its refusals as syntax errors; clients get a validation error with a reason. */
const reportAs =
  (reason: LimitReason) =>
  (context: ValidationContext | null, error: GraphQLError): void => {
    context?.reportError(validationFailed(reason, error.message.replace(/^Syntax Error: /, '')));
  };

/**
 * Depth and alias limits as validation rules (graphql-armor), so an operation over them is refused
 * before anything executes. Fragments do not count as a level of depth (`_entities { ... on Team }`
 * is as deep as `team(id:)`).
 */
export function queryLimitRules(limits: QueryLimits): ValidationRule[] {
  return [
    maxDepthRule({
      n: limits.queryMaxDepth,
      // introspection too: the standard introspection query is well inside the limit
      ignoreIntrospection: false,
      flattenFragments: true,
      exposeLimits: true,
      propagateOnRejection: false,
      onReject: [reportAs('QUERY_TOO_DEEP')],
    }),
    maxAliasesRule({
      n: limits.queryMaxAliases,
      exposeLimits: true,
      propagateOnRejection: false,
      onReject: [reportAs('TOO_MANY_ALIASES')],
    }),
  ] as ValidationRule[];
}

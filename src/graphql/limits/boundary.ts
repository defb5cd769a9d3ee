import type { ApolloServerPlugin } from '@apollo/server';
import { LRUCache } from 'lru-cache';
import { GraphQLError, type DocumentNode, type GraphQLSchema, type ParseOptions, type ValidationRule } from 'graphql';
import { createCostCache, createCostEstimator, tooCostly } from './cost';
import { checkInput } from './input-guard';
import type { QueryLimits } from './limit-errors';
import { queryLimitRules } from './query-rules';
import { checkSource } from './source-guard';

/** Every check of the GraphQL boundary (PRODUCT.md §10), for HTTP (Apollo) and WebSocket alike. */
export interface Boundary {
  /** Before parsing (an HTTP middleware, the WebSocket document cache): token count and bracket nesting. */
  checkSource(source: string): GraphQLError | undefined;
  /** The parser's own token limit, in case a document reaches it without checkSource. */
  readonly parseOptions: ParseOptions;
  /** Depth and aliases, beside graphql's specified rules. */
  readonly validationRules: readonly ValidationRule[];
  /** After validation, before execution: hostile strings, JSON depth, then cost. */
  checkOperation(
    document: DocumentNode,
    variables: Record<string, unknown> | null | undefined,
    operationName: string | null | undefined,
  ): GraphQLError | undefined;
}

/** Characters of admitted operation texts remembered in all (bounded memory whatever clients send), and per text. */
const ADMITTED_CHARACTERS = 2_000_000;
const MAX_REMEMBERED_SOURCE = 20_000;

export function createBoundary(schema: GraphQLSchema, limits: QueryLimits): Boundary {
  const costOf = createCostCache(schema, createCostEstimator(schema));
  const admitted = new LRUCache<string, true>({
    maxSize: ADMITTED_CHARACTERS,
    sizeCalculation: (_admitted, source) => source.length,
  });
  return {
    // a text admitted once is admitted again: the lexer runs once per distinct operation text
    checkSource(source) {
      if (admitted.has(source)) return undefined;
      const refused = checkSource(source, limits.queryMaxTokens);
      if (!refused && source.length <= MAX_REMEMBERED_SOURCE) admitted.set(source, true);
      return refused;
    },
    parseOptions: { maxTokens: limits.queryMaxTokens },
    validationRules: queryLimitRules(limits),
    checkOperation(document, variables, operationName) {
      const invalid = checkInput(document, variables, limits.inputMaxJsonDepth);
      if (invalid) return invalid;
      const cost = costOf(document, variables ?? undefined, operationName);
      return cost !== undefined && cost > limits.queryMaxCost ? tooCostly(cost, limits.queryMaxCost) : undefined;
    },
  };
}

/** Refusals are client errors: HTTP 400, like Apollo's own parse and validation failures. */
const asClientError = (e: GraphQLError) =>
  new GraphQLError(e.message, { extensions: { ...e.extensions, http: { status: 400 } } });

/**
 * Runs the operation checks inside Apollo Server's request pipeline; the validation rules and parse
 * options go in its config, and checkSource runs before Apollo (a throw before parsing is a 500 there).
 */
export function boundaryPlugin<TContext extends object>(boundary: Boundary): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request, operationName }) {
          const refused = boundary.checkOperation(document, request.variables, operationName);
          if (refused) throw asClientError(refused);
        },
      };
    },
  };
}

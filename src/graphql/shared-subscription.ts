import {
  createSourceEventStream,
  execute,
  parse,
  print,
  specifiedRules,
  validate,
  type ParseOptions,
  type ValidationRule,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLError,
  type GraphQLSchema,
} from 'graphql';
import type { GraphQLContext } from './context';
import { createLoaders } from './loaders';

export interface SharedSubscribeOptions {
  /** Called once per actual execution (metrics: executions against deliveries). */
  readonly executed?: () => void;
}

/**
 * A graphql-ws `subscribe` that executes the selection once per event and distinct operation, and
 * hands the same result to every subscriber with that operation: 100 dashboards with the same
 * query cost one execution per message, not 100.
 *
 * Events are shared by identity: the feed fans the same message object out to all subscribers of a
 * team on this instance, so results hang off that object in a WeakMap and go when the message does.
 * The operation key is the printed document, operation name, variables and the viewer's role: the
 * subscription has already checked the team, and every field reachable from a message belongs to
 * that team, so what a field shows can differ by role only. Each execution gets fresh loaders: a
 * subscription lives for hours and must not cache every ticket it ever saw.
 */
export function createSharedSubscribe(options: SharedSubscribeOptions = {}) {
  const results = new WeakMap<object, Map<string, Promise<ExecutionResult>>>();

  return async function subscribe(
    args: ExecutionArgs,
  ): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
    const stream = await createSourceEventStream(args);
    if (!isAsyncIterable(stream)) return stream; // the subscribe function refused: errors, nothing delivered
    const context = args.contextValue as GraphQLContext;
    const key = JSON.stringify([
      printed(args.document),
      args.operationName ?? null,
      args.variableValues ?? {},
      context.viewer?.role ?? null,
    ]);

    const run = (payload: unknown): Promise<ExecutionResult> => {
      options.executed?.();
      return Promise.resolve(
        execute({
          ...args,
          rootValue: payload,
          contextValue: { ...context, loaders: createLoaders(context.services) } satisfies GraphQLContext,
        }),
      );
    };
    const resultFor = (payload: unknown): Promise<ExecutionResult> => {
      if (typeof payload !== 'object' || payload === null) return run(payload);
      let byOperation = results.get(payload);
      if (!byOperation) results.set(payload, (byOperation = new Map()));
      let result = byOperation.get(key);
      if (!result) byOperation.set(key, (result = run(payload)));
      return result;
    };

    const source = stream[Symbol.asyncIterator]();
    // Not an async generator: its return() would wait for a pending next(), which on a quiet
    // team never comes; graphql-ws must be able to end the source at once.
    const iterator: AsyncIterableIterator<ExecutionResult> = {
      next: async () => {
        const step = await source.next();
        return step.done ? step : { done: false, value: await resultFor(step.value) };
      },
      return: async () => {
        await source.return?.();
        return { done: true, value: undefined };
      },
      throw: async (err?: unknown) => {
        await source.throw?.(err);
        return { done: true, value: undefined };
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
    return iterator;
  };
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

const printedDocuments = new WeakMap<DocumentNode, string>();
function printed(document: DocumentNode): string {
  let text = printedDocuments.get(document);
  if (text === undefined) printedDocuments.set(document, (text = print(document)));
  return text;
}

/** The limits a document must pass before it is parsed and when it is validated (graphql/limits). */
export interface DocumentBoundary {
  checkSource(source: string): GraphQLError | undefined;
  readonly parseOptions: ParseOptions;
  readonly validationRules: readonly ValidationRule[];
}

/**
 * Parses and validates each distinct operation text once (a bounded LRU): a thousand dashboards
 * with the same subscription share one document instead of holding a parsed copy each.
 */
export function createDocumentCache(schema: GraphQLSchema, boundary?: DocumentBoundary, max = 500) {
  const documents = new Map<string, DocumentNode>();
  const errors = new WeakMap<DocumentNode, readonly GraphQLError[]>();
  return {
    /** The document, or the syntax or validation errors to answer with. */
    documentFor(source: string): DocumentNode | readonly GraphQLError[] {
      let document = documents.get(source);
      if (document) {
        documents.delete(source); // most recently used last
      } else {
        const refused = boundary?.checkSource(source);
        if (refused) return [refused];
        try {
          document = parse(source, boundary?.parseOptions);
        } catch (err) {
          return [err as GraphQLError];
        }
        errors.set(document, validate(schema, document, [...specifiedRules, ...(boundary?.validationRules ?? [])]));
        if (documents.size >= max) documents.delete(documents.keys().next().value!);
      }
      documents.set(source, document);
      const invalid = errors.get(document)!;
      return invalid.length ? invalid : document;
    },
  };
}

import { getDirective } from '@graphql-tools/utils';
import {
  BREAK,
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  type DocumentNode,
  type GraphQLError,
  type GraphQLField,
  type GraphQLSchema,
  Kind,
  visit,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { validationFailed } from './limit-errors';

/** Size of a list field that declares no `@listSize` (introspection's; every list of ours declares one). */
export const DEFAULT_LIST_SIZE = 10;

interface ListSize {
  readonly assumedSize?: number;
  readonly slicingArguments?: readonly string[];
  readonly sizedFields?: readonly string[];
}

/**
 * The cost of an operation, counted like a router's demand control counts it from the same
 * Federation directives: every object is 1 and every leaf 0 unless `@cost(weight:)` says otherwise,
 * and a list multiplies its items by its size: the value of its slicing argument (`first`), else its
 * `@listSize(assumedSize:)`. A connection sized by `first` multiplies its whole selection (the
 * `sizedFields` `nodes` and `edges`, and `pageInfo` with them, a slight overestimate). `_entities`
 * multiplies by the number of representations. Introspection lists count DEFAULT_LIST_SIZE each (the
 * standard introspection query costs about 16,000; graphql's MaxIntrospectionDepthRule stops its cycles).
 */
export function createCostEstimator(schema: GraphQLSchema): ComplexityEstimator {
  const listSizes = fieldListSizes(schema);
  const weights = new Map<GraphQLField<unknown, unknown>, number | undefined>();
  // list fields a parent's @listSize(sizedFields:) already multiplied: `AutomatedMessageConnection.nodes`
  const sizedByParent = new Set<GraphQLField<unknown, unknown>>();
  for (const [field, listSize] of listSizes) {
    weights.set(field, (getDirective(schema, field, 'cost')?.[0] as { weight?: number } | undefined)?.weight);
    const returned = getNamedType(field.type);
    if (listSize?.sizedFields && 'getFields' in returned) {
      for (const name of listSize.sizedFields) {
        const sized = returned.getFields()[name] as GraphQLField<unknown, unknown> | undefined;
        if (sized) sizedByParent.add(sized);
      }
    }
  }
  const queryType = schema.getQueryType();

  return ({ type, field, args, childComplexity }) => {
    const weight = weights.get(field) ?? (isCompositeType(getNamedType(field.type)) ? 1 : 0);
    if (type === queryType && field.name === '_entities') {
      const representations = Array.isArray(args.representations) ? args.representations.length : 1;
      return representations * (weight + childComplexity);
    }
    const listSize = listSizes.get(field);
    const isList = isListType(getNullableType(field.type));
    if (sizedByParent.has(field) || (!isList && !listSize)) return weight + childComplexity;
    const slicing = (listSize?.slicingArguments ?? [])
      .map((name) => args[name])
      .filter((v): v is number => typeof v === 'number');
    const size = slicing.length ? Math.max(...slicing) : (listSize?.assumedSize ?? DEFAULT_LIST_SIZE);
    // a connection (one object) multiplies its selection; a list multiplies its items
    return isList ? size * (weight + childComplexity) : weight + size * childComplexity;
  };
}

/** The cost of the operation, or undefined when its variables do not coerce (execution answers that). */
export function costOf(
  schema: GraphQLSchema,
  estimator: ComplexityEstimator,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | null | undefined,
): number | undefined {
  try {
    return getComplexity({
      schema,
      estimators: [estimator],
      query: document,
      variables,
      operationName: operationName ?? undefined,
    });
  } catch (err) {
    // graphql-query-complexity stops counting after 10,000 field visits (fragments spread into fragments)
    if (err instanceof Error && /maximum allowed number of nodes/.test(err.message)) return Number.POSITIVE_INFINITY;
    return undefined;
  }
}

export function tooCostly(cost: number, maxCost: number): GraphQLError {
  return validationFailed(
    'QUERY_TOO_COSTLY',
    `Query cost ${Number.isFinite(cost) ? cost : 'beyond count'} exceeds the limit of ${maxCost} (lists count by their \`first\` or assumed size, _entities by its representations)`,
    { cost: Number.isFinite(cost) ? cost : null, maxCost },
  );
}

/** How a variable weighs in a cost: by its value, or (a representation list) by its length only. */
export type CostVariables = ReadonlyMap<string, 'value' | 'length'>;

/**
 * The variables an operation's cost can depend on: those used in a slicing argument (`first`), in
 * `representations` (by their length), or in a directive (`@include(if:)`, `@skip(if:)`). Every
 * other variable leaves the cost alone, so an operation using none of these costs the same whatever
 * its variables.
 */
export function costVariables(document: DocumentNode, sizingArguments: ReadonlySet<string>): CostVariables {
  const found = new Map<string, 'value' | 'length'>();
  const inside: string[] = []; // the sizing arguments and directives around the current node
  visit(document, {
    Argument: {
      enter: (node) => {
        if (sizingArguments.has(node.name.value)) inside.push(node.name.value);
      },
      leave: (node) => {
        if (sizingArguments.has(node.name.value)) inside.pop();
      },
    },
    Directive: {
      enter: () => {
        inside.push('@');
      },
      leave: () => {
        inside.pop();
      },
    },
    Variable: (node, _key, parent) => {
      // a variable's definition is not a use
      if ((parent as { kind?: string } | undefined)?.kind === Kind.VARIABLE_DEFINITION || inside.length === 0) {
        return undefined;
      }
      const how = inside.at(-1) === 'representations' ? 'length' : 'value';
      if (found.get(node.name.value) !== 'value') found.set(node.name.value, how);
      return found.size > 100 ? BREAK : undefined;
    },
  });
  return found;
}

/** The arguments that size a list in `schema`: every `@listSize(slicingArguments:)`, and `representations`. */
export function sizingArguments(schema: GraphQLSchema): Set<string> {
  const names = new Set<string>(['representations']);
  for (const listSize of fieldListSizes(schema).values()) {
    for (const name of listSize?.slicingArguments ?? []) names.add(name);
  }
  return names;
}

const listSizesBySchema = new WeakMap<GraphQLSchema, Map<GraphQLField<unknown, unknown>, ListSize | undefined>>();

/** Every output field of the schema's own types with its `@listSize`, read once per schema. */
function fieldListSizes(schema: GraphQLSchema): Map<GraphQLField<unknown, unknown>, ListSize | undefined> {
  let listSizes = listSizesBySchema.get(schema);
  if (!listSizes) {
    listSizes = new Map();
    for (const type of Object.values(schema.getTypeMap())) {
      if (!('getFields' in type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
        if ('args' in field) listSizes.set(field, getDirective(schema, field, 'listSize')?.[0] as ListSize | undefined);
      }
    }
    listSizesBySchema.set(schema, listSizes);
  }
  return listSizes;
}

/**
 * costOf, remembered per parsed document (Apollo hands the same DocumentNode for the same text),
 * operation and values of its cost variables (a representation list by its length only).
 */
export function createCostCache(schema: GraphQLSchema, estimator: ComplexityEstimator) {
  const sizing = sizingArguments(schema);
  const byDocument = new WeakMap<DocumentNode, { variables: CostVariables; costs: Map<string, number> }>();
  return (
    document: DocumentNode,
    variables: Record<string, unknown> | undefined,
    operationName: string | null | undefined,
  ): number | undefined => {
    let entry = byDocument.get(document);
    if (!entry) {
      entry = { variables: costVariables(document, sizing), costs: new Map() };
      byDocument.set(document, entry);
    }
    const key = JSON.stringify([
      operationName ?? null,
      ...[...entry.variables].map(([name, how]) => {
        const value = variables?.[name];
        return how === 'length' && Array.isArray(value) ? value.length : (value ?? null);
      }),
    ]);
    const known = entry.costs.get(key);
    if (known !== undefined) return known;
    const cost = costOf(schema, estimator, document, variables, operationName);
    // undefined (variables that do not coerce) is not remembered: execution answers it
    if (cost !== undefined) {
      if (entry.costs.size >= 64) entry.costs.clear();
      entry.costs.set(key, cost);
    }
    return cost;
  };
}

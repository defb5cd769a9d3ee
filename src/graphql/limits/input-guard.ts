import { BREAK, Kind, visit, type ASTNode, type DocumentNode, type GraphQLError } from 'graphql';
import { badUserInput } from './limit-errors';

/** NUL, or a UTF-16 surrogate without its partner: PostgreSQL stores neither, no client means them. */
// eslint-disable-next-line no-control-regex -- NUL is exactly what this refuses
const INVALID_STRING = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const invalidString = (field: string) =>
  badUserInput('INVALID_STRING', `${field} contains a NUL character or an unpaired UTF-16 surrogate`, field);
const tooDeep = (field: string, maxDepth: number) =>
  badUserInput(
    'INPUT_TOO_DEEP',
    `${field} nests objects or lists more than ${maxDepth} levels deep (the limit is ${maxDepth})`,
    field,
  );

/**
 * The one input-sanitising rule at the GraphQL boundary, run before execution on every operation:
 * every string anywhere in the variables (object keys included) or in the operation's own argument
 * values must be free of NUL characters and unpaired surrogates, and no value may nest objects
 * and lists deeper than `maxDepth` (JSON arguments and `_Any` representations included). The
 * offender is named as `extensions.field`, the way variable coercion errors name theirs: the path
 * inside the variable (`automatedResponses[0].template`), or the variable or argument itself.
 */
export function checkInput(
  document: DocumentNode,
  variables: Record<string, unknown> | null | undefined,
  maxDepth: number,
): GraphQLError | undefined {
  return checkVariables(variables ?? {}, maxDepth) ?? literalsOf(document, maxDepth);
}

/** checkLiterals depends on the document alone: once per parsed document (Apollo reuses it per text). */
const literalChecks = new WeakMap<DocumentNode, { maxDepth: number; refused: GraphQLError | undefined }>();

function literalsOf(document: DocumentNode, maxDepth: number): GraphQLError | undefined {
  const known = literalChecks.get(document);
  if (known?.maxDepth === maxDepth) return known.refused;
  const refused = checkLiterals(document, maxDepth);
  literalChecks.set(document, { maxDepth, refused });
  return refused;
}

/** Iterative (a stack, not recursion): a variable nested 5,000 deep is answered, not a stack overflow. */
function checkVariables(variables: Record<string, unknown>, maxDepth: number): GraphQLError | undefined {
  const stack: { value: unknown; path: string; variable: string; depth: number }[] = Object.entries(variables).map(
    ([name, value]) => ({
      value,
      path: '',
      variable: name,
      depth: 0,
    }),
  );
  for (let item = stack.pop(); item; item = stack.pop()) {
    const { value, path, variable, depth } = item;
    const field = path || variable;
    if (typeof value === 'string') {
      if (INVALID_STRING.test(value)) return invalidString(field);
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    // only JSON and _Any values nest this deep: name the variable that carries them
    if (depth + 1 > maxDepth) return tooDeep(variable, maxDepth);
    if (Array.isArray(value)) {
      value.forEach((v, i) => stack.push({ value: v, path: `${path}[${i}]`, variable, depth: depth + 1 }));
    } else {
      for (const [key, v] of Object.entries(value)) {
        if (INVALID_STRING.test(key)) return invalidString(field);
        stack.push({ value: v, path: path ? `${path}.${key}` : key, variable, depth: depth + 1 });
      }
    }
  }
  return undefined;
}

/** Inline argument values and variable defaults, through graphql-js's (iterative) visitor. */
function checkLiterals(document: DocumentNode, maxDepth: number): GraphQLError | undefined {
  let found: GraphQLError | undefined;
  let depth = 0;
  // graphql's visitor hands `ancestors` without the direct parent
  const path = (parent: unknown, ancestors: readonly (ASTNode | readonly ASTNode[])[]) => [
    ...ancestors,
    parent as ASTNode,
  ];
  const argumentOf = (nodes: readonly (ASTNode | readonly ASTNode[])[]): string => {
    for (const a of nodes) {
      if (Array.isArray(a)) continue;
      const node = a as ASTNode;
      if (node.kind === Kind.ARGUMENT) return node.name.value;
      if (node.kind === Kind.VARIABLE_DEFINITION) return node.variable.name.value;
    }
    return 'input';
  };
  // the input field path inside the argument (`companyName`), else the argument itself
  const fieldOf = (nodes: readonly (ASTNode | readonly ASTNode[])[]): string =>
    nodes
      .filter((a): a is ASTNode => !Array.isArray(a) && (a as ASTNode).kind === Kind.OBJECT_FIELD)
      .map((a) => (a as { name: { value: string } }).name.value)
      .join('.') || argumentOf(nodes);
  const container = {
    enter: (
      _node: ASTNode,
      _key: unknown,
      parent: unknown,
      _path: unknown,
      ancestors: readonly (ASTNode | readonly ASTNode[])[],
    ) => {
      depth += 1;
      if (depth > maxDepth) {
        found = tooDeep(argumentOf(path(parent, ancestors)), maxDepth);
        return BREAK;
      }
      return undefined;
    },
    leave: () => {
      depth -= 1;
    },
  };
  visit(document, {
    ListValue: container,
    ObjectValue: container,
    StringValue: {
      enter: (node, _k, parent, _path, ancestors) => {
        if (!INVALID_STRING.test(node.value)) return undefined;
        found = invalidString(fieldOf(path(parent, ancestors)));
        return BREAK;
      },
    },
  });
  return found;
}

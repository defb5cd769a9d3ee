import { getDirective } from '@graphql-tools/utils';
import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  isObjectType,
  parse,
  type GraphQLSchema,
} from 'graphql';
import { buildSubgraph } from '../schema';
import { costOf, costVariables, createCostCache, createCostEstimator, sizingArguments } from './cost';

// The cost model the README quotes, and the rule that keeps a router's demand control in step.
let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildSubgraph();
});

const cost = (query: string, variables?: Record<string, unknown>) =>
  costOf(schema, createCostEstimator(schema), parse(query), variables, undefined);
const teams = (n: number) => ({ reps: Array.from({ length: n }, (_, i) => ({ __typename: 'Team', id: `t${i}` })) });

const WHOLE_CHAT_SETTINGS = `chatSettings { senderName version
  automatedResponses { trigger template placeholders { name } optionalElements { key } preview { text segments } }
  automatedResponse(trigger: MISSED_CALL) { template placeholders { name } optionalElements { key } preview { text } } }`;

describe('cost', () => {
  it.each([
    ['an object and its leaves', '{ team(id: "t") { id chatSettings { senderName } } }', undefined, 2],
    [
      'a page: `first` times its nodes, plus the connection',
      '{ team(id: "t") { automatedMessages(first: 7) { nodes { id } } } }',
      undefined,
      1 + 1 + 7,
    ],
    ['a list by its @listSize (ringPlans: 25)', '{ team(id: "t") { ringPlans { id } } }', undefined, 1 + 25],
    [
      '_entities by its representations',
      'query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Team { id } } }',
      teams(42),
      42,
    ],
    ['@cost on a leaf (ringPlansICalendar: 25)', '{ team(id: "t") { ringPlansICalendar } }', undefined, 1 + 25],
  ])('counts %s', (_what, query, variables, expected) => {
    expect(cost(query, variables)).toBe(expected);
  });

  it('puts a 500-Team gateway batch of the whole chatSettings well under the default limit, 20⁴ nodes over it', () => {
    const batch = cost(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Team { id ${WHOLE_CHAT_SETTINGS} } } }`,
      teams(500),
    )!;
    let inner = 'automatedMessages(first: 20) { nodes { id } }';
    for (let i = 0; i < 3; i += 1) inner = `automatedMessages(first: 20) { nodes { id team { ${inner} } } }`;
    const nested = cost(`{ team(id: "t") { ${inner} } }`)!;
    expect(batch).toBeLessThan(150_000 * 0.7);
    expect(nested).toBeGreaterThan(150_000 * 1.2);
  });
});

describe('the cost remembered per document', () => {
  const PAGE = 'query($n: Int, $t: ID!) { team(id: $t) { automatedMessages(first: $n) { nodes { id } } } }';
  const ENTITIES = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Team { id } } }';

  it('depends on the variables that size lists or steer directives, and on no other', () => {
    const sizing = sizingArguments(schema);
    expect([...costVariables(parse(PAGE), sizing)]).toEqual([['n', 'value']]);
    expect([...costVariables(parse(ENTITIES), sizing)]).toEqual([['r', 'length']]);
    const skipped = 'query($s: Boolean!, $t: ID!) { team(id: $t) @skip(if: $s) { id } }';
    expect([...costVariables(parse(skipped), sizing)]).toEqual([['s', 'value']]);
  });

  it('answers what costOf answers for the same document with other sizes, other teams and other representations', () => {
    const cached = createCostCache(schema, createCostEstimator(schema));
    const page = parse(PAGE);
    const entities = parse(ENTITIES);
    const skipped = parse('query($s: Boolean!) { team(id: "t") @skip(if: $s) { ringPlans { id } } }');
    const cases: [ReturnType<typeof parse>, Record<string, unknown>][] = [
      [page, { n: 5, t: 'a' }],
      [page, { n: 5, t: 'b' }],
      [page, { n: 50, t: 'a' }],
      [entities, teams(3)],
      [entities, { r: teams(3).reps.map((r) => ({ ...r, id: `${r.id}x` })) }],
      [entities, { r: teams(300).reps }],
      [skipped, { s: false }],
      [skipped, { s: true }],
    ];
    for (const [document, variables] of cases) {
      const vars = 'reps' in variables ? { r: variables.reps } : variables;
      expect(cached(document, vars, undefined)).toBe(
        costOf(schema, createCostEstimator(schema), document, vars, undefined),
      );
    }
    expect(cached(page, { n: 50, t: 'c' }, undefined)).toBe(1 + 1 + 50);
    expect(cached(entities, { r: teams(300).reps }, undefined)).toBe(300);
    expect(cached(skipped, { s: true }, undefined)).toBe(0);
  });
});

describe('the schema declares the weights a router uses', () => {
  it('gives every list of objects a @listSize, or has it sized by its connection', () => {
    const sizedByParent = new Set<string>();
    const lists: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('_')) continue;
      for (const field of Object.values(type.getFields())) {
        const listSize = getDirective(schema, field, 'listSize')?.[0] as { sizedFields?: string[] } | undefined;
        for (const sized of listSize?.sizedFields ?? []) sizedByParent.add(`${getNamedType(field.type).name}.${sized}`);
        if (type.name === 'Query' && field.name === '_entities') continue; // Federation's own, sized by its representations
        if (isListType(getNullableType(field.type)) && isCompositeType(getNamedType(field.type)) && !listSize)
          lists.push(`${type.name}.${field.name}`);
      }
    }
    expect(lists.filter((f) => !sizedByParent.has(f))).toEqual([]);
  });
});

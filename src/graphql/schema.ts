import 'reflect-metadata';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import {
  isUnionType,
  Kind,
  parse,
  visit,
  type ConstDirectiveNode,
  type DocumentNode,
  type GraphQLFieldResolver,
  type GraphQLSchema,
} from 'graphql';
import { badInput } from '../domain/errors';
import { buildSchema, createResolversMap } from 'type-graphql';
import {
  ActivityResolver,
  AutomatedMessageResolver,
  automationReferenceResolvers,
  MissedCallResolver,
  TeamAutomationResolver,
  TicketResolver,
} from './automation/automation.resolver';
import { AutomatedResponseResolver, ChatSettingsResolver } from './chat-settings/chat-settings.resolver';
import type { GraphQLContext } from './context';
import { RingPlanResolver } from './ring-plans/ring-plan.resolver';
import { TeamRingPlansResolver } from './ring-plans/team-ring-plans.resolver';
import { DateTimeScalar } from './scalars';
import { AutomatedMessage, Ticket } from './automation/automation.types';
import { AutomatedMessageFeedResolver } from './automation/automated-message-feed.resolver';
import { SimulationResolver } from './automation/simulation.resolver';
import { AutomatedMessageDeliveryResolver, DeliveryResolver, TeamStatsResolver } from './delivery/delivery.resolver';
import { resolveTeamReference, TeamResolver } from './team/team.resolver';
import { Team } from './team/team.type';
import { ErasureResolver, TeamErasuresResolver } from './privacy/erasure.resolver';

export const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@shareable", "@cost", "@listSize", "@tag"])';

/** The contract tag of everything this subgraph offers clients (Apollo contracts: include "public"). */
export const PUBLIC_TAG = 'public';

const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

/**
 * Tags the public surface with @tag(name: "public"): every type this service defines, and each
 * root field (a contract with an include filter keeps only tagged root fields). Done on the SDL,
 * in one place, so a new type or operation cannot be forgotten.
 */
function tagPublicSurface(doc: DocumentNode): DocumentNode {
  const tag: ConstDirectiveNode = {
    kind: Kind.DIRECTIVE,
    name: { kind: Kind.NAME, value: 'tag' },
    arguments: [
      {
        kind: Kind.ARGUMENT,
        name: { kind: Kind.NAME, value: 'name' },
        value: { kind: Kind.STRING, value: PUBLIC_TAG },
      },
    ],
  };
  const withTag = <T extends { directives?: readonly ConstDirectiveNode[] }>(node: T): T => ({
    ...node,
    directives: [...(node.directives ?? []), tag],
  });
  const tagType = <T extends { name: { value: string }; directives?: readonly ConstDirectiveNode[] }>(node: T) =>
    ROOT_TYPES.has(node.name.value) ? undefined : withTag(node);
  return visit(doc, {
    ObjectTypeDefinition: {
      enter: (node) =>
        ROOT_TYPES.has(node.name.value) ? { ...node, fields: node.fields?.map((f) => withTag(f)) } : withTag(node),
    },
    InputObjectTypeDefinition: tagType,
    EnumTypeDefinition: tagType,
    ScalarTypeDefinition: tagType,
    InterfaceTypeDefinition: tagType,
    UnionTypeDefinition: tagType,
  });
}

const RESOLVERS = [
  TeamResolver,
  ChatSettingsResolver,
  AutomatedResponseResolver,
  TeamRingPlansResolver,
  RingPlanResolver,
  ActivityResolver,
  TeamAutomationResolver,
  AutomatedMessageResolver,
  MissedCallResolver,
  TicketResolver,
  AutomatedMessageFeedResolver,
  SimulationResolver,
  ErasureResolver,
  TeamErasuresResolver,
  DeliveryResolver,
  AutomatedMessageDeliveryResolver,
  TeamStatsResolver,
] as const;

/** Entities resolved by reference: `_entities` checks the team like every other entry point. */
const REFERENCE_RESOLVERS = {
  Team: {
    // async, so one refused representation becomes one null entry instead of failing the batch
    __resolveReference: async (ref: { id: string }, ctx: GraphQLContext) => resolveTeamReference(ref, ctx),
  },
  ...automationReferenceResolvers,
};

/** type-graphql insists on a PubSub; the one subscription brings its own `subscribe` (the feed). */
const NO_PUBSUB = {
  publish: () => {
    throw new Error('publish through the feed, not a PubSub');
  },
  subscribe: () => {
    throw new Error('subscribe through the feed, not a PubSub');
  },
};

/** The type-graphql schema turned into a Federation 2 subgraph schema. */
export async function buildSubgraph(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: [...RESOLVERS],
    // entity types no query returns would otherwise vanish from the schema
    orphanedTypes: [Team, AutomatedMessage, Ticket],
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validate: false,
    skipCheck: true,
    pubSub: NO_PUBSUB,
  });
  const typeDefs = tagPublicSurface(parse(`${FEDERATION_LINK}\n\n${printSchemaWithDirectives(schema)}`));
  const resolvers = createResolversMap(schema) as GraphQLResolverMap<GraphQLContext>;
  for (const [typeName, extra] of Object.entries(REFERENCE_RESOLVERS)) {
    resolvers[typeName] = {
      ...(resolvers[typeName] as object),
      ...extra,
    } as GraphQLResolverMap<GraphQLContext>[string];
  }
  return withCheckedRepresentations(buildSubgraphSchema([{ typeDefs, resolvers }]));
}

/**
 * `_entities` refuses a representation that names no entity of this subgraph or lacks its key
 * fields as BAD_USER_INPUT (PRODUCT.md §10), before anything is read; federation's own resolver
 * would throw an internal error or hand the reference resolvers an undefined id.
 */
function withCheckedRepresentations(schema: GraphQLSchema): GraphQLSchema {
  const entities = schema.getQueryType()?.getFields()._entities;
  const union = schema.getType('_Entity');
  if (!entities?.resolve || !isUnionType(union)) return schema;
  const keys = new Map(union.getTypes().map((type) => [type.name, keyFieldsOf(type.astNode?.directives ?? [])]));
  const resolve: GraphQLFieldResolver<unknown, unknown> = entities.resolve;
  entities.resolve = (source, args: { representations?: unknown }, context, info) => {
    (Array.isArray(args.representations) ? args.representations : []).forEach((rep, i) =>
      checkRepresentation(rep, i, keys),
    );
    return resolve(source, args, context, info);
  };
  return schema;
}

function checkRepresentation(rep: unknown, i: number, keys: ReadonlyMap<string, readonly string[]>): void {
  const field = `representations[${i}]`;
  const refuse = (message: string) =>
    badInput('INVALID_REPRESENTATION', message, field, { entityTypes: [...keys.keys()] });
  if (typeof rep !== 'object' || rep === null || Array.isArray(rep))
    throw refuse(`${field} must be an object with __typename and its key fields`);
  const { __typename: typename } = rep as { __typename?: unknown };
  const keyFields = typeof typename === 'string' ? keys.get(typename) : undefined;
  if (!keyFields) throw refuse(`${field}: __typename must be one of ${[...keys.keys()].join(', ')}`);
  for (const key of keyFields) {
    const value = (rep as Record<string, unknown>)[key];
    if (!(typeof value === 'string' && value !== '') && !(typeof value === 'number' && Number.isFinite(value))) {
      throw refuse(`${field}: a ${typename} representation needs its key field "${key}" (a non-empty ID)`);
    }
  }
}

/** The fields of `@key(fields: "…")` (flat keys: this subgraph has no nested or compound ones). */
function keyFieldsOf(directives: readonly ConstDirectiveNode[]): string[] {
  const fields = new Set<string>();
  for (const d of directives) {
    if (d.name.value !== 'key') continue;
    const arg = d.arguments?.find((a) => a.name.value === 'fields')?.value;
    if (arg?.kind === Kind.STRING) for (const f of arg.value.split(/\s+/).filter(Boolean)) fields.add(f);
  }
  return fields.size ? [...fields] : ['id'];
}

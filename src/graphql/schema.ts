import 'reflect-metadata';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { Kind, parse, visit, type ConstDirectiveNode, type DocumentNode, type GraphQLSchema } from 'graphql';
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
import { resolveTeamReference, TeamResolver } from './team/team.resolver';
import { Team } from './team/team.type';

export const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable", "@tag"])';

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
    arguments: [{ kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'name' }, value: { kind: Kind.STRING, value: PUBLIC_TAG } }],
  };
  const withTag = <T extends { directives?: readonly ConstDirectiveNode[] }>(node: T): T => ({ ...node, directives: [...(node.directives ?? []), tag] });
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
    resolvers[typeName] = { ...(resolvers[typeName] as object), ...extra } as GraphQLResolverMap<GraphQLContext>[string];
  }
  return buildSubgraphSchema([{ typeDefs, resolvers }]);
}

import 'reflect-metadata';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { parse, type GraphQLSchema } from 'graphql';
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
import { AutomatedMessageDeliveryResolver, DeliveryResolver, TeamStatsResolver } from './delivery/delivery.resolver';
import { resolveTeamReference, TeamResolver } from './team/team.resolver';
import { Team } from './team/team.type';

export const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable"])';

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
  const typeDefs = parse(`${FEDERATION_LINK}\n\n${printSchemaWithDirectives(schema)}`);
  const resolvers = createResolversMap(schema) as GraphQLResolverMap<GraphQLContext>;
  for (const [typeName, extra] of Object.entries(REFERENCE_RESOLVERS)) {
    resolvers[typeName] = { ...(resolvers[typeName] as object), ...extra } as GraphQLResolverMap<GraphQLContext>[string];
  }
  return buildSubgraphSchema([{ typeDefs, resolvers }]);
}

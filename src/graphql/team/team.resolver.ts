import { Arg, Ctx, Directive, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { ChatSettings, toChatSettings } from '../chat-settings/chat-settings.type';
import type { GraphQLContext } from '../context';
import { Team } from './team.type';

@Resolver(() => Team)
export class TeamResolver {
  @Directive('@shareable')
  @Query(() => Team, { description: 'A team by id (any subgraph that knows teams may answer this)' })
  team(
    @Arg('id', () => ID, { description: 'The team id (1–64 letters, digits or "_.:-")' }) id: string,
    @Ctx() ctx: GraphQLContext,
  ): Team {
    return resolveTeamReference({ id }, ctx);
  }

  @FieldResolver(() => ChatSettings, {
    description: "The team's automated-message settings (defaults until the first save)",
  })
  async chatSettings(@Root() team: Team, @Ctx() ctx: GraphQLContext): Promise<ChatSettings> {
    return toChatSettings(await ctx.services.chatSettings.ofTeam(ctx.viewer, ctx.loaders.chatSettings, team.id));
  }
}

/** `_entities` and `team(id)` both come here: the team check happens before anything is read. */
export function resolveTeamReference(ref: { id: string }, ctx: GraphQLContext): Team {
  return Object.assign(new Team(), ctx.services.teams.find(ctx.viewer, ref.id));
}

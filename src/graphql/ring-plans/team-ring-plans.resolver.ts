import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { authorizeTeam } from '../../domain/access';
import type { GraphQLContext } from '../context';
import { DateTimeScalar } from '../scalars';
import { Team } from '../team/team.type';
import { BusinessHoursStatus, RingPlan, toBusinessHoursStatus, toRingPlan } from './ring-plan.type';

/** The ring-plan fields of Team; type-graphql merges them with the other Team resolvers. */
@Resolver(() => Team)
export class TeamRingPlansResolver {
  @FieldResolver(() => [RingPlan], { description: 'In creation order (the last one wins where plans overlap)' })
  async ringPlans(@Root() team: Team, @Ctx() ctx: GraphQLContext): Promise<RingPlan[]> {
    authorizeTeam(ctx.viewer, team.id, 'READ');
    return (await ctx.loaders.ringPlans.load(team.id)).plans.map(toRingPlan);
  }

  @FieldResolver(() => BusinessHoursStatus, { description: 'Whether a ring plan is active at `at` (default: now)' })
  async businessHours(
    @Root() team: Team,
    @Ctx() ctx: GraphQLContext,
    @Arg('at', () => DateTimeScalar, { description: 'The instant to evaluate (default: now)', nullable: true }) at?: Date | null,
  ): Promise<BusinessHoursStatus> {
    authorizeTeam(ctx.viewer, team.id, 'READ');
    const plans = await ctx.loaders.ringPlans.load(team.id);
    return toBusinessHoursStatus(ctx.services.ringPlans.businessHoursOf(plans, at ?? new Date()));
  }

  @FieldResolver(() => String, { description: 'The enabled ring plans as an iCalendar (.ics) document' })
  async ringPlansICalendar(@Root() team: Team, @Ctx() ctx: GraphQLContext): Promise<string> {
    authorizeTeam(ctx.viewer, team.id, 'READ');
    return ctx.services.ringPlans.iCalendarOf(await ctx.loaders.ringPlans.load(team.id));
  }
}

import { Arg, Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import { MAX_RING_PLANS_PER_TEAM } from '../../domain/ring-plans/validate-ring-plan';
import { assumedSize, costWeight } from '../limits/list-size';
import type { GraphQLContext } from '../context';
import { DateTimeScalar } from '../scalars';
import { Team } from '../team/team.type';
import { BusinessHoursStatus, RingPlan, toBusinessHoursStatus, toRingPlan } from './ring-plan.type';

/** The ring-plan fields of Team; type-graphql merges them with the other Team resolvers. */
@Resolver(() => Team)
export class TeamRingPlansResolver {
  @Directive(assumedSize(MAX_RING_PLANS_PER_TEAM))
  @FieldResolver(() => [RingPlan], { description: 'In creation order (the last one wins where plans overlap)' })
  async ringPlans(@Root() team: Team, @Ctx() ctx: GraphQLContext): Promise<RingPlan[]> {
    return (await ctx.services.ringPlans.ofTeam(ctx.viewer, ctx.loaders.ringPlans, team.id)).plans.map(toRingPlan);
  }

  @FieldResolver(() => BusinessHoursStatus, { description: 'Whether a ring plan is active at `at` (default: now)' })
  async businessHours(
    @Root() team: Team,
    @Ctx() ctx: GraphQLContext,
    @Arg('at', () => DateTimeScalar, { description: 'The instant to evaluate (default: now)', nullable: true })
    at?: Date | null,
  ): Promise<BusinessHoursStatus> {
    return toBusinessHoursStatus(
      await ctx.services.ringPlans.businessHours(ctx.viewer, ctx.loaders.ringPlans, team.id, at ?? new Date()),
    );
  }

  // renders every plan with its time zones' transitions: weighed like a page of objects, not a string
  @Directive(costWeight(25))
  @FieldResolver(() => String, { description: 'The enabled ring plans as an iCalendar (.ics) document' })
  async ringPlansICalendar(@Root() team: Team, @Ctx() ctx: GraphQLContext): Promise<string> {
    return ctx.services.ringPlans.iCalendar(ctx.viewer, ctx.loaders.ringPlans, team.id);
  }
}

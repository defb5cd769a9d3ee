import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context';
import { CreateRingPlanInput, UpdateRingPlanInput } from './ring-plan.input';
import { RingPlan, toRingPlan } from './ring-plan.type';

@Resolver(() => RingPlan)
export class RingPlanResolver {
  @Mutation(() => RingPlan, { description: 'Admins of the team; the newest plan wins where plans overlap' })
  async createRingPlan(
    @Arg('input', () => CreateRingPlanInput, { description: 'The new plan' }) input: CreateRingPlanInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<RingPlan> {
    return toRingPlan(await ctx.services.ringPlans.create(ctx.viewer, input));
  }

  @Mutation(() => RingPlan, { description: 'Validated as merged with the stored plan' })
  async updateRingPlan(
    @Arg('input', () => UpdateRingPlanInput, { description: 'The plan and the fields to change' })
    input: UpdateRingPlanInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<RingPlan> {
    return toRingPlan(await ctx.services.ringPlans.update(ctx.viewer, input));
  }

  @Mutation(() => ID, { description: 'Returns the id of the deleted plan' })
  deleteRingPlan(
    @Arg('id', () => ID, { description: 'The id of the plan to delete' }) id: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<string> {
    return ctx.services.ringPlans.delete(ctx.viewer, id);
  }
}

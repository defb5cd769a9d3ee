import DataLoader from 'dataloader';
import { Arg, Ctx, Directive, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { SLICED_BY_FIRST } from '../limits/list-size';
import type { StoredErasure } from '../../domain/privacy/privacy-ports';
import { pageSize } from '../connection';
import type { GraphQLContext } from '../context';
import { Team } from '../team/team.type';
import { Erasure, ErasureResult, toErasure } from './erasure.types';

/** Per request and page size: `erasures` of many teams (`_entities`) is one query. */
const loaders = new WeakMap<GraphQLContext, Map<number, DataLoader<string, StoredErasure[]>>>();

function erasuresLoader(ctx: GraphQLContext, first: number): DataLoader<string, StoredErasure[]> {
  const byFirst = loaders.get(ctx) ?? new Map<number, DataLoader<string, StoredErasure[]>>();
  loaders.set(ctx, byFirst);
  const existing = byFirst.get(first);
  if (existing) return existing;
  // DataLoader rejects just the keys whose entry is an Error: a refused team fails only its own field
  const loader = new DataLoader<string, StoredErasure[]>((teamIds) =>
    ctx.services.erasure.erasures(ctx.viewer, teamIds, first),
  );
  byFirst.set(first, loader);
  return loader;
}

@Resolver()
export class ErasureResolver {
  @Mutation(() => ErasureResult, {
    description:
      "Erases a customer's data in the team (ADMIN): exactly one of phone (E.164) or conversationId. Their recipient, message " +
      'bodies and names are removed from the dispatch log, missed calls and tickets; rows and counts stay; an opt-out stays honoured. ' +
      'Idempotent: a second call erases 0.',
  })
  // declared in reverse: type-graphql prints arguments last to first, and the SDL reads as PRODUCT.md §14
  async eraseCustomerData(
    @Arg('conversationId', () => ID, { nullable: true, description: "The customer's conversation (instead of phone)" })
    conversationId: string | null | undefined,
    @Arg('phone', () => String, {
      nullable: true,
      description: "The customer's phone number, E.164 (instead of conversationId)",
    })
    phone: string | null | undefined,
    @Arg('teamId', () => ID, { description: 'The team whose data to erase' }) teamId: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ErasureResult> {
    const e = await ctx.services.erasure.erase(ctx.viewer, { teamId, phone, conversationId });
    return { messages: e.messages, missedCalls: e.missedCalls };
  }
}

@Resolver(() => Team)
export class TeamErasuresResolver {
  @Directive(SLICED_BY_FIRST)
  @FieldResolver(() => [Erasure], { description: 'Audit of customer-data erasures in this team, newest first (ADMIN)' })
  async erasures(
    @Root() team: Team,
    @Ctx() ctx: GraphQLContext,
    @Arg('first', () => Int, { defaultValue: 20, description: 'How many of the newest entries, 1–100' }) first: number,
  ): Promise<Erasure[]> {
    return (await erasuresLoader(ctx, pageSize(first)).load(team.id)).map(toErasure);
  }
}

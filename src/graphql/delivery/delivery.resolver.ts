import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root, Subscription } from 'type-graphql';
import type { DeliveryChange } from '../../domain/delivery/delivery-ports';
import type { StatsInterval } from '../../domain/stats/stats-buckets';
import { withResumeCursor } from '../automation/automated-message-feed.resolver';
import { AutomatedMessage, toAutomatedMessage } from '../automation/automation.types';
import { decodeCursor, encodeCursor } from '../connection';
import type { GraphQLContext } from '../context';
import { DateTimeScalar } from '../scalars';
import { Team } from '../team/team.type';
import {
  AutomationStats,
  Delivery,
  DELIVERY_UPDATE_CURSOR,
  DeliveryStatusInput,
  DeliveryUpdate,
  StatsIntervalEnum,
  toAutomationStats,
} from './delivery.types';

@Resolver()
export class DeliveryResolver {
  @Mutation(() => AutomatedMessage, {
    description:
      'The sender reports what became of a dispatched message (SERVICE). Idempotent by (teamId, eventId); reports may ' +
      'arrive in any order: the highest-ranked status wins (ties: the later occurredAt).',
  })
  async recordDeliveryStatus(
    @Arg('input', () => DeliveryStatusInput, { description: 'The report of the sender' }) input: DeliveryStatusInput,
    @Ctx() ctx: GraphQLContext,
  ) {
    return toAutomatedMessage(await ctx.services.delivery.recordDeliveryStatus(ctx.viewer, input));
  }

  @Subscription(() => DeliveryUpdate, {
    description:
      "Every change of a team's messages' current delivery status as it commits, in commit order, from every instance. " +
      'With `after` (a DeliveryUpdate cursor) it first replays the changes after it, then goes live, with no gap and no duplicate.',
    subscribe: (async ({
      args,
      context,
    }: {
      args: { teamId: string; after?: string | null };
      context: GraphQLContext;
    }) => {
      const after = decodeCursor(DELIVERY_UPDATE_CURSOR, args.after);
      const feed = await context.services.deliveryFeed.subscribe(context.viewer, args.teamId, {
        after: after === null ? null : Number(after),
      });
      return withResumeCursor(feed, DELIVERY_UPDATE_CURSOR);
    }) as never,
  })
  deliveryStatusChanged(
    @Root() change: DeliveryChange,
    @Arg('teamId', () => ID, { description: 'The team whose delivery changes to stream' }) _teamId: string,
    @Arg('after', () => String, { nullable: true, description: 'Replay from after this cursor, then go live' })
    _after?: string | null,
  ): DeliveryUpdate {
    return {
      cursor: encodeCursor(DELIVERY_UPDATE_CURSOR, change.position),
      status: change.status,
      occurredAt: change.occurredAt,
      message: toAutomatedMessage(change.message),
    };
  }
}

@Resolver(() => AutomatedMessage)
export class AutomatedMessageDeliveryResolver {
  @FieldResolver(() => Delivery, {
    nullable: true,
    description: 'null when not DISPATCHED; PENDING until the first report',
  })
  async delivery(@Root() message: AutomatedMessage, @Ctx() ctx: GraphQLContext): Promise<Delivery | null> {
    if (message.decision !== 'DISPATCHED') return null;
    const d = await ctx.loaders.deliveryByMessage.load(message.id);
    if (!d)
      return {
        status: 'PENDING',
        updatedAt: null,
        providerMessageId: null,
        errorCode: null,
        errorMessage: null,
        history: [],
      };
    return { ...d, history: d.history.map((h) => ({ ...h })) };
  }
}

@Resolver(() => Team)
export class TeamStatsResolver {
  @FieldResolver(() => AutomationStats, {
    description:
      "Dashboard figures in local hours or days of the team's time zone, by activity time: `since` is floored to its " +
      'bucket, `until` is exclusive, every bucket is listed. At most 2,000 buckets.',
  })
  async automationStats(
    @Root() team: Team,
    @Ctx() ctx: GraphQLContext,
    @Arg('since', () => DateTimeScalar, {
      description: 'Start of the range, floored to the start of its local hour or day',
    })
    since: Date,
    @Arg('until', () => DateTimeScalar, { description: 'End of the range (exclusive)' }) until: Date,
    @Arg('interval', () => StatsIntervalEnum, {
      nullable: true,
      defaultValue: 'DAY',
      description: 'Bucket size: local hours or days',
    })
    interval?: StatsInterval | null,
  ): Promise<AutomationStats> {
    const range = { since, until, interval: interval ?? 'DAY' };
    return toAutomationStats(await ctx.services.delivery.automationStats(ctx.viewer, team.id, range));
  }
}

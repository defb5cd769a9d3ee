import { Directive, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { SUPPRESSION_REASONS, type SuppressionReason } from '../../domain/automation/decide';
import { TRIGGERS, type Trigger } from '../../domain/chat-settings/triggers';
import { DELIVERY_STATUSES, type DeliveryStatus } from '../../domain/delivery/delivery-status';
import type { AutomationStats as DomainStats } from '../../domain/stats/automation-stats';
import { BUCKET_LIMIT, STATS_INTERVALS, type StatsInterval } from '../../domain/stats/stats-buckets';
import { assumedSize } from '../limits/list-size';
import { AutomatedMessage } from '../automation/automation.types';
import { AutomatedMessageTriggerEnum, SuppressionReasonEnum } from '../enums';
import { DateTimeScalar } from '../scalars';

export const DeliveryStatusEnum = Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, s])) as { [K in DeliveryStatus]: K };
registerEnumType(DeliveryStatusEnum, {
  name: 'DeliveryStatus',
  description: 'What became of a dispatched message, as the sender reports it; ranked PENDING < QUEUED < SENT < UNDELIVERED = FAILED < DELIVERED < READ',
});

export const StatsIntervalEnum = Object.fromEntries(STATS_INTERVALS.map((s) => [s, s])) as { [K in StatsInterval]: K };
registerEnumType(StatsIntervalEnum, { name: 'StatsInterval', description: "Local hours or local days of the team's time zone" });

export const DELIVERY_UPDATE_CURSOR = 'DeliveryUpdate';

@InputType({ description: 'What the sender reports for a dispatched message; idempotent by (teamId, eventId)' })
export class DeliveryStatusInput {
  @Field(() => ID, { description: 'Idempotency key from the sender' }) eventId: string;
  @Field(() => ID) teamId: string;
  @Field(() => ID, { description: 'AutomatedMessage.id' }) messageId: string;
  @Field(() => DeliveryStatusEnum) status: DeliveryStatus;
  @Field(() => DateTimeScalar, { description: 'When the status happened at the provider' }) occurredAt: Date;
  @Field(() => String, { nullable: true }) providerMessageId?: string | null;
  @Field(() => String, { nullable: true }) errorCode?: string | null;
  @Field(() => String, { nullable: true }) errorMessage?: string | null;
}

@ObjectType({ description: 'One report of the sender' })
export class DeliveryEvent {
  @Field(() => DeliveryStatusEnum) status: DeliveryStatus;
  @Field(() => DateTimeScalar) occurredAt: Date;
  @Field(() => String, { nullable: true }) errorCode: string | null;
}

@ObjectType({ description: 'The delivery of a dispatched message: the highest-ranked status reported, and every report' })
export class Delivery {
  @Field(() => DeliveryStatusEnum) status: DeliveryStatus;
  @Field(() => DateTimeScalar, { nullable: true, description: 'occurredAt of the report that set the status; null while PENDING' })
  updatedAt: Date | null;
  @Field(() => String, { nullable: true }) providerMessageId: string | null;
  @Field(() => String, { nullable: true }) errorCode: string | null;
  @Field(() => String, { nullable: true }) errorMessage: string | null;
  @Directive(assumedSize(10))
  @Field(() => [DeliveryEvent], { description: 'Every report, in occurredAt order' }) history: DeliveryEvent[];
}

@ObjectType({ description: "A change of a message's current delivery status" })
export class DeliveryUpdate {
  @Field({ description: 'Pass as `after` to resume deliveryStatusChanged' }) cursor: string;
  @Field(() => DeliveryStatusEnum) status: DeliveryStatus;
  @Field(() => DateTimeScalar) occurredAt: Date;
  @Field(() => AutomatedMessage) message: AutomatedMessage;
}

@ObjectType()
export class TriggerStats {
  @Field(() => AutomatedMessageTriggerEnum) trigger: Trigger;
  @Field(() => Int) dispatched: number;
  @Field(() => Int) suppressed: number;
  @Field(() => Int) segments: number;
  @Field(() => Int) delivered: number;
  @Field(() => Int) failed: number;
}

@ObjectType()
export class ReasonCount {
  @Field(() => SuppressionReasonEnum) reason: SuppressionReason;
  @Field(() => Int) count: number;
}

@ObjectType({ description: 'Figures of one local hour or day, by the activity time' })
export class StatsBucket {
  @Field(() => DateTimeScalar) start: Date;
  @Field(() => Int) dispatched: number;
  @Field(() => Int) suppressed: number;
  @Field(() => Int, { description: 'SMS segments of dispatched SMS messages (what the team pays for)' }) segments: number;
  @Field(() => Int, { description: 'Messages whose current delivery status is DELIVERED or READ' }) delivered: number;
  @Field(() => Int, { description: 'Messages whose current delivery status is UNDELIVERED or FAILED' }) failed: number;
  @Directive(assumedSize(TRIGGERS.length))
  @Field(() => [TriggerStats], { description: 'Non-zero rows only' }) byTrigger: TriggerStats[];
  @Directive(assumedSize(SUPPRESSION_REASONS.length))
  @Field(() => [ReasonCount], { description: 'Non-zero rows only' }) bySuppressionReason: ReasonCount[];
}

@ObjectType()
export class AutomationStats {
  @Field(() => StatsBucket) totals: StatsBucket;
  @Directive(assumedSize(BUCKET_LIMIT))
  @Field(() => [StatsBucket]) buckets: StatsBucket[];
}

export function toAutomationStats(s: DomainStats): AutomationStats {
  const bucket = (b: DomainStats['totals']): StatsBucket => ({
    ...b,
    byTrigger: b.byTrigger.map((t) => ({ ...t })),
    bySuppressionReason: b.bySuppressionReason.map((r) => ({ ...r })),
  });
  return { totals: bucket(s.totals), buckets: s.buckets.map(bucket) };
}

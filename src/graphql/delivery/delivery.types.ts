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

export const DeliveryStatusEnum = Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, s])) as {
  [K in DeliveryStatus]: K;
};
registerEnumType(DeliveryStatusEnum, {
  name: 'DeliveryStatus',
  description:
    'What became of a dispatched message, as the sender reports it; ranked PENDING < QUEUED < SENT < UNDELIVERED = FAILED < DELIVERED < READ',
  valuesConfig: {
    PENDING: { description: 'Dispatched; the sender has reported nothing yet' },
    QUEUED: { description: 'Queued for sending at the sender or the provider' },
    SENT: { description: 'Handed to the provider, not yet confirmed delivered' },
    DELIVERED: { description: 'Delivered to the customer' },
    READ: { description: 'Read by the customer' },
    UNDELIVERED: { description: 'Sent, but the provider could not deliver it' },
    FAILED: { description: 'Sending failed' },
  },
});

export const StatsIntervalEnum = Object.fromEntries(STATS_INTERVALS.map((s) => [s, s])) as { [K in StatsInterval]: K };
registerEnumType(StatsIntervalEnum, {
  name: 'StatsInterval',
  description: "Local hours or local days of the team's time zone",
  valuesConfig: {
    HOUR: { description: "One bucket per local hour of the team's time zone" },
    DAY: { description: "One bucket per local day of the team's time zone (23 or 25 hours across a DST change)" },
  },
});

export const DELIVERY_UPDATE_CURSOR = 'DeliveryUpdate';

@InputType({ description: 'What the sender reports for a dispatched message; idempotent by (teamId, eventId)' })
export class DeliveryStatusInput {
  @Field(() => ID, { description: 'Idempotency key from the sender' }) eventId: string;
  @Field(() => ID, { description: "The message's team" }) teamId: string;
  @Field(() => ID, { description: 'AutomatedMessage.id' }) messageId: string;
  @Field(() => DeliveryStatusEnum, { description: 'The status the message reached' }) status: DeliveryStatus;
  @Field(() => DateTimeScalar, { description: 'When the status happened at the provider' }) occurredAt: Date;
  @Field(() => String, { nullable: true, description: "The provider's id of the message" }) providerMessageId?:
    string | null;
  @Field(() => String, { nullable: true, description: "The provider's error code, when sending or delivery failed" })
  errorCode?: string | null;
  @Field(() => String, { nullable: true, description: "The provider's error text, when sending or delivery failed" })
  errorMessage?: string | null;
}

@ObjectType({ description: 'One report of the sender' })
export class DeliveryEvent {
  @Field(() => DeliveryStatusEnum, { description: 'The status reported' }) status: DeliveryStatus;
  @Field(() => DateTimeScalar, { description: 'When the status happened at the provider' }) occurredAt: Date;
  @Field(() => String, { nullable: true, description: "The provider's error code, if it reported one" }) errorCode:
    string | null;
}

@ObjectType({
  description: 'The delivery of a dispatched message: the highest-ranked status reported, and every report',
})
export class Delivery {
  @Field(() => DeliveryStatusEnum, {
    description: 'The current status: the highest-ranked one reported (ties: the later occurredAt)',
  })
  status: DeliveryStatus;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'occurredAt of the report that set the status; null while PENDING',
  })
  updatedAt: Date | null;
  @Field(() => String, {
    nullable: true,
    description: "The provider's id of the message, from the report that set the status",
  })
  providerMessageId: string | null;
  @Field(() => String, {
    nullable: true,
    description: "The provider's error code, from the report that set the status",
  })
  errorCode: string | null;
  @Field(() => String, {
    nullable: true,
    description: "The provider's error text, from the report that set the status",
  })
  errorMessage: string | null;
  @Directive(assumedSize(10))
  @Field(() => [DeliveryEvent], { description: 'Every report, in occurredAt order' })
  history: DeliveryEvent[];
}

@ObjectType({ description: "A change of a message's current delivery status" })
export class DeliveryUpdate {
  @Field({ description: 'Pass as `after` to resume deliveryStatusChanged' }) cursor: string;
  @Field(() => DeliveryStatusEnum, { description: "The message's new current status" }) status: DeliveryStatus;
  @Field(() => DateTimeScalar, { description: 'occurredAt of the report that set it' }) occurredAt: Date;
  @Field(() => AutomatedMessage, { description: 'The message whose status changed' }) message: AutomatedMessage;
}

@ObjectType({ description: "One trigger's figures in a bucket" })
export class TriggerStats {
  @Field(() => AutomatedMessageTriggerEnum, { description: 'The trigger' }) trigger: Trigger;
  @Field(() => Int, { description: 'Messages of this trigger that were dispatched' }) dispatched: number;
  @Field(() => Int, { description: 'Messages of this trigger that were suppressed' }) suppressed: number;
  @Field(() => Int, { description: 'SMS segments of its dispatched SMS messages' }) segments: number;
  @Field(() => Int, { description: 'Its messages whose current delivery status is DELIVERED or READ' })
  delivered: number;
  @Field(() => Int, { description: 'Its messages whose current delivery status is UNDELIVERED or FAILED' })
  failed: number;
}

@ObjectType({ description: 'How many messages in a bucket were suppressed for one reason' })
export class ReasonCount {
  @Field(() => SuppressionReasonEnum, { description: 'The suppression reason' }) reason: SuppressionReason;
  @Field(() => Int, { description: 'Messages suppressed for it' }) count: number;
}

@ObjectType({ description: 'Figures of one local hour or day, by the activity time' })
export class StatsBucket {
  @Field(() => DateTimeScalar, { description: 'Start of the local hour or day (of the totals: of the first bucket)' })
  start: Date;
  @Field(() => Int, { description: 'Messages dispatched' }) dispatched: number;
  @Field(() => Int, { description: 'Messages suppressed' }) suppressed: number;
  @Field(() => Int, { description: 'SMS segments of dispatched SMS messages (what the team pays for)' })
  segments: number;
  @Field(() => Int, { description: 'Messages whose current delivery status is DELIVERED or READ' }) delivered: number;
  @Field(() => Int, { description: 'Messages whose current delivery status is UNDELIVERED or FAILED' }) failed: number;
  @Directive(assumedSize(TRIGGERS.length))
  @Field(() => [TriggerStats], { description: 'Non-zero rows only' })
  byTrigger: TriggerStats[];
  @Directive(assumedSize(SUPPRESSION_REASONS.length))
  @Field(() => [ReasonCount], { description: 'Non-zero rows only' })
  bySuppressionReason: ReasonCount[];
}

@ObjectType({ description: 'Dashboard figures of a time range: its totals and each of its local hours or days' })
export class AutomationStats {
  @Field(() => StatsBucket, { description: 'Figures of the whole range' }) totals: StatsBucket;
  @Directive(assumedSize(BUCKET_LIMIT))
  @Field(() => [StatsBucket], { description: 'Every bucket of the range, oldest first, empty ones too' })
  buckets: StatsBucket[];
}

export function toAutomationStats(s: DomainStats): AutomationStats {
  const bucket = (b: DomainStats['totals']): StatsBucket => ({
    ...b,
    byTrigger: b.byTrigger.map((t) => ({ ...t })),
    bySuppressionReason: b.bySuppressionReason.map((r) => ({ ...r })),
  });
  return { totals: bucket(s.totals), buckets: s.buckets.map(bucket) };
}

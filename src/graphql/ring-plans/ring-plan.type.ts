import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { MAX_WINDOWS_PER_RING_PLAN } from '../../domain/ring-plans/validate-ring-plan';
import { assumedSize } from '../limits/list-size';
import type { BusinessHoursStatus as BusinessHoursResult } from '../../domain/ring-plans/ring-plan.service';
import type { DayOfWeek, RingPlanKind } from '../../domain/ring-plans/ring-plan';
import type { StoredRingPlan } from '../../domain/ports';
import { DayOfWeekEnum, RingPlanKindEnum } from '../enums';
import { DateScalar, DateTimeScalar } from '../scalars';

@ObjectType({ description: 'A weekly window; closes ≤ opens runs past midnight into the next day' })
export class OpeningWindow {
  @Field(() => DayOfWeekEnum, { description: 'The day the window opens' })
  day: DayOfWeek;

  @Field({ description: 'Local wall time "HH:MM" in the plan\'s zone' })
  opens: string;

  @Field({ description: '"HH:MM"; "24:00" is the end of the day' })
  closes: string;
}

@ObjectType({ description: "When the team's phone rings for its advisors (business hours), or a closure overlay" })
export class RingPlan {
  @Field(() => ID, { description: 'Globally unique id of the plan' })
  id: string;

  @Field({ description: 'The name on the admin page' })
  name: string;

  @Field({ description: 'A disabled plan never covers an instant' })
  enabled: boolean;

  @Field({ description: 'IANA time zone the windows and validity dates are read in' })
  timeZone: string;

  @Field(() => RingPlanKindEnum, { description: 'OPEN (business hours) or CLOSED (holiday or closure overlay)' })
  kind: RingPlanKind;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'First local date the plan applies (inclusive); null = open-ended',
  })
  validFrom: string | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Last local date the plan applies (inclusive); null = open-ended',
  })
  validUntil: string | null;

  @Directive(assumedSize(MAX_WINDOWS_PER_RING_PLAN))
  @Field(() => [OpeningWindow], { description: 'Empty: the plan covers whole days' })
  windows: OpeningWindow[];

  @Field(() => DateTimeScalar, { description: 'Among plans covering an instant the most recently created wins' })
  createdAt: Date;

  @Field(() => DateTimeScalar, { description: 'When the plan was last changed' })
  updatedAt: Date;
}

@ObjectType({ description: 'Whether the team is inside business hours at an instant, and when that changes' })
export class BusinessHoursStatus {
  @Field(() => DateTimeScalar, { description: 'The instant evaluated' })
  at: Date;

  @Field({ description: 'The winning ring plan is OPEN; a team without any ring plan is always open' })
  open: boolean;

  @Field(() => RingPlan, {
    nullable: true,
    description: 'The winning (most recently created covering) plan; null when none covers `at`',
  })
  ringPlan: RingPlan | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When `open` flips next (within 366 days)' })
  nextChangeAt: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'The next closed → open change (within 366 days)' })
  nextOpeningAt: Date | null;
}

export function toRingPlan(plan: StoredRingPlan): RingPlan {
  return Object.assign(new RingPlan(), {
    id: plan.id,
    name: plan.name,
    enabled: plan.enabled,
    timeZone: plan.timeZone,
    kind: plan.kind,
    validFrom: plan.validFrom,
    validUntil: plan.validUntil,
    windows: plan.windows.map((w) =>
      Object.assign(new OpeningWindow(), { day: w.day, opens: w.opens, closes: w.closes }),
    ),
    createdAt: plan.createdAt,
    updatedAt: plan.updatedAt,
  });
}

export function toBusinessHoursStatus(status: BusinessHoursResult): BusinessHoursStatus {
  return Object.assign(new BusinessHoursStatus(), {
    at: status.at,
    open: status.open,
    ringPlan: status.plan ? toRingPlan(status.plan) : null,
    nextChangeAt: status.nextChangeAt,
    nextOpeningAt: status.nextOpeningAt,
  });
}

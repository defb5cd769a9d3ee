import { Field, ID, InputType } from 'type-graphql';
import type { DayOfWeek, RingPlanKind } from '../../domain/ring-plans/ring-plan';
import { DayOfWeekEnum, RingPlanKindEnum } from '../enums';
import { DateScalar } from '../scalars';

@InputType({ description: 'A weekly opening window: on `day`, from `opens` to `closes`' })
export class OpeningWindowInput {
  @Field(() => DayOfWeekEnum, { description: 'The weekday the window opens on' })
  day: DayOfWeek;

  @Field({ description: '"HH:MM", 00:00–23:59' })
  opens: string;

  @Field({ description: '"HH:MM", 00:00–24:00; at or before `opens` runs past midnight' })
  closes: string;
}

@InputType({ description: 'A new ring plan; at most 25 per team' })
export class CreateRingPlanInput {
  @Field(() => ID, { description: 'The team the plan belongs to' })
  teamId: string;

  @Field({ description: 'A name for the admin page, e.g. "Office hours" or "Christmas"' })
  name: string;

  @Field({ description: 'IANA time zone, e.g. Europe/Berlin' })
  timeZone: string;

  @Field(() => Boolean, { description: 'A disabled plan never covers an instant', nullable: true, defaultValue: true })
  enabled?: boolean | null;

  @Field(() => RingPlanKindEnum, {
    description: 'OPEN for business hours, CLOSED for a holiday or closure overlay',
    nullable: true,
    defaultValue: 'OPEN',
  })
  kind?: RingPlanKind | null;

  @Field(() => DateScalar, { nullable: true, description: 'Local date, inclusive' })
  validFrom?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Local date, inclusive' })
  validUntil?: string | null;

  @Field(() => [OpeningWindowInput], { description: '[] = whole days' })
  windows: OpeningWindowInput[];
}

@InputType({ description: 'Changes the given fields only' })
export class UpdateRingPlanInput {
  @Field(() => ID, { description: 'The plan to change' })
  id: string;

  @Field(() => String, { description: 'A new name', nullable: true })
  name?: string | null;

  @Field(() => String, { description: 'A new IANA time zone', nullable: true })
  timeZone?: string | null;

  @Field(() => Boolean, { description: 'Switch the plan on or off', nullable: true })
  enabled?: boolean | null;

  @Field(() => RingPlanKindEnum, { description: 'OPEN or CLOSED', nullable: true })
  kind?: RingPlanKind | null;

  @Field(() => DateScalar, { nullable: true, description: 'null clears it (open-ended); absent leaves it' })
  validFrom?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'null clears it (open-ended); absent leaves it' })
  validUntil?: string | null;

  @Field(() => [OpeningWindowInput], { nullable: true, description: 'Replaces all windows; [] = whole days' })
  windows?: OpeningWindowInput[] | null;
}

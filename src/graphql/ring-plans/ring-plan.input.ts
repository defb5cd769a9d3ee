import { Field, ID, InputType } from 'type-graphql';
import type { DayOfWeek, RingPlanKind } from '../../domain/ring-plans/ring-plan';
import { DayOfWeekEnum, RingPlanKindEnum } from '../enums';
import { DateScalar } from '../scalars';

@InputType()
export class OpeningWindowInput {
  @Field(() => DayOfWeekEnum)
  day: DayOfWeek;

  @Field({ description: '"HH:MM", 00:00–23:59' })
  opens: string;

  @Field({ description: '"HH:MM", 00:00–24:00; at or before `opens` runs past midnight' })
  closes: string;
}

@InputType({ description: 'A new ring plan; at most 25 per team' })
export class CreateRingPlanInput {
  @Field(() => ID)
  teamId: string;

  @Field()
  name: string;

  @Field({ description: 'IANA time zone, e.g. Europe/Berlin' })
  timeZone: string;

  @Field(() => Boolean, { nullable: true, defaultValue: true })
  enabled?: boolean | null;

  @Field(() => RingPlanKindEnum, { nullable: true, defaultValue: 'OPEN' })
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
  @Field(() => ID)
  id: string;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  timeZone?: string | null;

  @Field(() => Boolean, { nullable: true })
  enabled?: boolean | null;

  @Field(() => RingPlanKindEnum, { nullable: true })
  kind?: RingPlanKind | null;

  @Field(() => DateScalar, { nullable: true, description: 'null clears it (open-ended); absent leaves it' })
  validFrom?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'null clears it (open-ended); absent leaves it' })
  validUntil?: string | null;

  @Field(() => [OpeningWindowInput], { nullable: true, description: 'Replaces all windows; [] = whole days' })
  windows?: OpeningWindowInput[] | null;
}

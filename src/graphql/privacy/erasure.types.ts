import { Field, Int, ObjectType } from 'type-graphql';
import type { StoredErasure } from '../../domain/privacy/privacy-ports';
import { DateTimeScalar } from '../scalars';

@ObjectType({
  description: "What an erasure removed: rows stay (counts and statistics stay right), the person's data is gone",
})
export class ErasureResult {
  @Field(() => Int, {
    description: 'Dispatch-log rows (dispatched and suppressed) whose recipient and body were erased',
  })
  messages: number;

  @Field(() => Int, { description: 'Missed calls whose phone number was erased' })
  missedCalls: number;
}

@ObjectType({ description: 'The audit entry of one erasure: who asked, when, how much. Never whose data it was.' })
export class Erasure {
  @Field(() => DateTimeScalar, { description: 'When the data was erased' })
  at: Date;

  @Field({ description: 'The `sub` of the admin who erased' })
  actor: string;

  @Field(() => Int, { description: 'Dispatch-log rows (dispatched and suppressed) erased' })
  messages: number;

  @Field(() => Int, { description: 'Missed calls erased' })
  missedCalls: number;
}

export function toErasure(e: StoredErasure): Erasure {
  return { at: e.at, actor: e.actor, messages: e.messages, missedCalls: e.missedCalls };
}

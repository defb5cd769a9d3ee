import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { assumedSize } from '../limits/list-size';
import { PageInfo } from '../connection';
import { DateTimeScalar, JSONScalar } from '../scalars';

@ObjectType({ description: 'One changed value' })
export class FieldChange {
  @Field({
    description: 'e.g. timeZone, automatedResponses.MISSED_CALL.enabled, automatedResponses.MISSED_CALL.template.de',
  })
  field: string;

  @Field(() => JSONScalar, { description: 'The value before (any JSON value); null when unset', nullable: true })
  from: unknown;

  @Field(() => JSONScalar, { description: 'The value after (any JSON value); null when cleared', nullable: true })
  to: unknown;
}

@ObjectType({ description: 'One save of the settings: who, when, what changed from what to what' })
export class ChatSettingsChange {
  @Field(() => ID, { description: 'Id of this history entry' })
  id: string;

  @Field(() => Int, { description: 'The settings version this save produced' })
  version: number;

  @Field({ description: 'The token subject (`sub`) of who saved' })
  actor: string;

  @Field(() => DateTimeScalar, { description: 'When it was saved' })
  changedAt: Date;

  // a save changes a few fields (a whole form at most a few dozen)
  @Directive(assumedSize(20))
  @Field(() => [FieldChange], { description: 'Every field that changed, from what to what' })
  changes: FieldChange[];
}

@ObjectType({ description: 'A save with its cursor' })
export class ChatSettingsChangeEdge {
  @Field({ description: 'Opaque position of this item in the list; pass as `after`' })
  cursor: string;

  @Field(() => ChatSettingsChange, { description: 'The save' })
  node: ChatSettingsChange;
}

@ObjectType({ description: 'Settings history, newest first' })
export class ChatSettingsChangeConnection {
  @Field(() => [ChatSettingsChangeEdge], { description: 'The saves with their cursors' })
  edges: ChatSettingsChangeEdge[];

  @Field(() => [ChatSettingsChange], { description: 'The saves, without cursors' })
  nodes: ChatSettingsChange[];

  @Field(() => PageInfo, { description: 'Cursors and whether more pages exist' })
  pageInfo: PageInfo;
}

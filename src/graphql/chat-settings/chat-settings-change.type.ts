import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { assumedSize } from '../limits/list-size';
import { PageInfo } from '../connection';
import { DateTimeScalar, JSONScalar } from '../scalars';

@ObjectType({ description: 'One changed value' })
export class FieldChange {
  @Field({ description: 'e.g. timeZone, automatedResponses.MISSED_CALL.enabled, automatedResponses.MISSED_CALL.template.de' })
  field: string;

  @Field(() => JSONScalar, { nullable: true })
  from: unknown;

  @Field(() => JSONScalar, { nullable: true })
  to: unknown;
}

@ObjectType({ description: 'One save of the settings: who, when, what changed from what to what' })
export class ChatSettingsChange {
  @Field(() => ID)
  id: string;

  @Field(() => Int, { description: 'The settings version this save produced' })
  version: number;

  @Field({ description: "The token subject (`sub`) of who saved" })
  actor: string;

  @Field(() => DateTimeScalar)
  changedAt: Date;

  // a save changes a few fields (a whole form at most a few dozen)
  @Directive(assumedSize(20))
  @Field(() => [FieldChange])
  changes: FieldChange[];
}

@ObjectType()
export class ChatSettingsChangeEdge {
  @Field()
  cursor: string;

  @Field(() => ChatSettingsChange)
  node: ChatSettingsChange;
}

@ObjectType({ description: 'Settings history, newest first' })
export class ChatSettingsChangeConnection {
  @Field(() => [ChatSettingsChangeEdge])
  edges: ChatSettingsChangeEdge[];

  @Field(() => [ChatSettingsChange])
  nodes: ChatSettingsChange[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;
}

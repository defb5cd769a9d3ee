import { Directive, Field, ID, ObjectType } from 'type-graphql';

@Directive('@key(fields: "id")')
@ObjectType({
  description: 'A contact-centre team. Other subgraphs own its other fields; this one adds chat automation.',
})
export class Team {
  @Field(() => ID, { description: "The team's id, as the teams service assigns it" })
  id: string;
}

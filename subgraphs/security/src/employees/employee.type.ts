import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * Entity stub: the people subgraph owns Employee. Security only knows its key and adds `user`.
 * The description repeats people's so composition has one text to pick.
 */
@Directive('@key(fields: "id")')
@ObjectType('Employee', { description: 'A person employed by the tenant.' })
export class Employee {
  @Field(() => ID)
  id!: string;
}

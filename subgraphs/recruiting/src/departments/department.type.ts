import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * Entity stub: the people subgraph owns Department. Recruiting only knows its key and adds
 * `openings`. The description repeats people's so composition has one text to pick.
 */
@Directive('@key(fields: "id")')
@ObjectType('Department', {
  description: 'A unit of the organisation. Departments form a tree via `parent`.',
})
export class Department {
  @Field(() => ID)
  id!: string;
}

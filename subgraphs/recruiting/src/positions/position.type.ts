import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * Entity stub: the people subgraph owns Position; recruiting only points at it (a posting's
 * `position`), so the stub is not resolvable here. The description repeats people's.
 */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('Position', {
  description: 'A role in a department (title, level, job family) with a number of approved seats.',
})
export class Position {
  @Field(() => ID)
  id!: string;
}

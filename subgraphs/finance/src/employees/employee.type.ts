import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * Entity stub: people owns Employee; finance only adds `compensation` and `roi`. The description
 * matches people's so composition has nothing to reconcile.
 */
@Directive('@key(fields: "id")')
@ObjectType('Employee', { description: 'A person employed by the tenant.' })
export class Employee {
  @Field(() => ID)
  id!: string;

  static ref(id: string): Employee {
    return Object.assign(new Employee(), { id });
  }
}

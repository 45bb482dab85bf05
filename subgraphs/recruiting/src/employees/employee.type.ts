import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * Entity stub: people owns Employee. Recruiting adds `applications` (internal mobility),
 * `referrals` and, with interviews, `interviews`. The description matches people's.
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

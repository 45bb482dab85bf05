import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * Entity stub: people owns Employee; work only knows its key and adds time-tracking fields.
 * The gateway fetches every other Employee field from people.
 */
@Directive('@key(fields: "id")')
// Same description as people's, so composition has nothing to reconcile.
@ObjectType('Employee', { description: 'A person employed by the tenant.' })
export class Employee {
  @Field(() => ID, { description: 'Stable identifier (UUIDv7).' })
  id!: string;
}

export const employeeStub = (id: string): Employee => Object.assign(new Employee(), { id });

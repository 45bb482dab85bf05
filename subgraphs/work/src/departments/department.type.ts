import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * Entity stub: people owns Department; work only knows its key and adds `projects`.
 * The gateway fetches every other Department field from people.
 */
@Directive('@key(fields: "id")')
// Same description as people's, so composition has nothing to reconcile.
@ObjectType('Department', {
  description: 'A unit of the organisation. Departments form a tree via `parent`.',
})
export class Department {
  @Field(() => ID, { description: 'Stable identifier (UUIDv7).' })
  id!: string;
}

export const departmentStub = (id: string): Department => Object.assign(new Department(), { id });

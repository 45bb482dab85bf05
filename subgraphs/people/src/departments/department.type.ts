import { DateTimeScalar } from '@wg/runtime';
import { Directive, Field, ID, ObjectType } from 'type-graphql';

@Directive('@key(fields: "id")')
@ObjectType('Department', {
  description: 'A unit of the organisation. Departments form a tree via `parent`.',
})
export class Department {
  @Field(() => ID, { description: 'Stable identifier (UUIDv7).' })
  id!: string;

  @Field(() => String, { description: 'Display name, unique within the tenant (case-insensitive).' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Cost centre code the department books to.' })
  costCentre!: string | null;

  /** Not exposed: resolved to `parent` through the loader. */
  parentId!: string | null;

  /** Not exposed: resolved to `head` through the loader. */
  headEmployeeId!: string | null;

  tenantId!: string;

  @Field(() => DateTimeScalar, { description: 'When the record was created.' })
  createdAt!: Date;

  @Field(() => DateTimeScalar, { description: 'Last change to the department itself.' })
  updatedAt!: Date;
}

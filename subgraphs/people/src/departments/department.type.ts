import { DateTimeScalar } from '@wg/runtime';
import { Directive, Field, ID, ObjectType } from 'type-graphql';

@Directive('@key(fields: "id")')
@ObjectType('Department', {
  description: 'A unit of the organisation. Departments form a tree via `parent`.',
})
export class Department {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'Display name, unique within the tenant (case-insensitive).' })
  name!: string;

  /** Not exposed: resolved to `parent` through the loader. */
  parentId!: string | null;

  tenantId!: string;

  @Field(() => DateTimeScalar)
  createdAt!: Date;
}

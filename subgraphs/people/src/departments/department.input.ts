import { Field, ID, InputType } from 'type-graphql';

@InputType('CreateDepartmentInput', { description: 'A new department.' })
export class CreateDepartmentInput {
  @Field(() => String, { description: 'Unique within the tenant.' })
  name!: string;

  @Field(() => ID, { nullable: true, description: 'Parent department, for a sub-department.' })
  parentId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Employee heading the department (same tenant, not terminated).',
  })
  headEmployeeId?: string | null;

  @Field(() => String, { nullable: true, description: 'Cost centre code, e.g. `CC-4100`.' })
  costCentre?: string | null;
}

@InputType('UpdateDepartmentInput', {
  description: 'Changes to a department. Omitted fields stay as they are; an explicit null clears a field.',
})
export class UpdateDepartmentInput {
  @Field(() => String, { nullable: true, description: 'New name, unique within the tenant.' })
  name?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'New parent department; null makes it top-level. A move under its own subtree is rejected.',
  })
  parentId?: string | null;

  @Field(() => ID, { nullable: true, description: 'New head; null removes the head.' })
  headEmployeeId?: string | null;

  @Field(() => String, { nullable: true, description: 'New cost centre; null clears it.' })
  costCentre?: string | null;
}

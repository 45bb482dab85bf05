import { Field, ID, InputType } from 'type-graphql';

@InputType('CreateDepartmentInput', { description: 'A new department.' })
export class CreateDepartmentInput {
  @Field(() => String, { description: 'Unique within the tenant.' })
  name!: string;

  @Field(() => ID, { nullable: true, description: 'Parent department, for a sub-department.' })
  parentId?: string | null;
}

import { DateScalar } from '@wg/runtime';
import { Field, ID, InputType } from 'type-graphql';
import { EmploymentStatus } from './employee.type';

@InputType('CreateEmployeeInput', { description: 'Hire a new employee.' })
export class CreateEmployeeInput {
  @Field(() => String)
  firstName!: string;

  @Field(() => String)
  lastName!: string;

  @Field(() => String, { description: 'Must be unique within the tenant.' })
  workEmail!: string;

  @Field(() => String, { nullable: true })
  jobTitle?: string | null;

  /** Declared as String so a malformed date reaches validation and is reported as `input.hireDate`. */
  @Field(() => String, { description: 'First day of employment, YYYY-MM-DD.' })
  hireDate!: string;

  @Field(() => ID)
  departmentId!: string;

  @Field(() => ID, { nullable: true, description: 'An active employee of the same tenant.' })
  managerId?: string | null;
}

@InputType('EmployeeFilter', { description: 'Narrow an employee listing. All given conditions must hold.' })
export class EmployeeFilter {
  @Field(() => ID, { nullable: true })
  departmentId?: string | null;

  @Field(() => ID, { nullable: true })
  managerId?: string | null;

  @Field(() => EmploymentStatus, { nullable: true })
  status?: EmploymentStatus | null;

  @Field(() => String, { nullable: true, description: 'Case-insensitive match on name or work email.' })
  search?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Hired on or after this date.' })
  hiredFrom?: string | null;
}

import { connectionType, DateScalar, DateTimeScalar } from '@wg/runtime';
import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export const EmploymentStatus = { ACTIVE: 'ACTIVE', ON_LEAVE: 'ON_LEAVE', TERMINATED: 'TERMINATED' } as const;
export type EmploymentStatus = (typeof EmploymentStatus)[keyof typeof EmploymentStatus];
registerEnumType(EmploymentStatus, {
  name: 'EmploymentStatus',
  description: 'Where an employee is in their lifecycle.',
});

@Directive('@key(fields: "id")')
@ObjectType('Employee', { description: 'A person employed by the tenant.' })
export class Employee {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  firstName!: string;

  @Field(() => String)
  lastName!: string;

  @Field(() => String, { description: 'Work email, unique within the tenant (stored lower-case).' })
  workEmail!: string;

  @Field(() => String, { nullable: true })
  jobTitle!: string | null;

  @Field(() => DateScalar, { description: 'First day of employment.' })
  hireDate!: string;

  @Field(() => EmploymentStatus)
  status!: EmploymentStatus;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  tenantId!: string;
  departmentId!: string;
  managerId!: string | null;
}

export const EmployeeConnection = connectionType(Employee, 'Employee');

import { DateScalar, DecimalScalar } from '@wg/runtime';
import { Field, ID, InputType } from 'type-graphql';
import { EmploymentType } from '../employees/employee.type';
import { BenefitType, DependantRelationship } from './benefit.type';

@InputType('CreateBenefitPlanInput', { description: 'A new benefit plan. Costs are per month.' })
export class CreateBenefitPlanInput {
  @Field(() => String)
  name!: string;

  @Field(() => BenefitType)
  type!: BenefitType;

  @Field(() => String)
  provider!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => String, { description: 'ISO-4217 currency of both costs, e.g. "EUR".' })
  currency!: string;

  @Field(() => DecimalScalar, { description: 'Employee contribution per month, e.g. "45.00".' })
  employeeCost!: string;

  @Field(() => DecimalScalar, { description: 'Employer contribution per month.' })
  employerCost!: string;

  @Field(() => [EmploymentType], { description: 'Employment types that may enrol (at least one).' })
  eligibleEmploymentTypes!: EmploymentType[];
}

@InputType('UpdateBenefitPlanInput', {
  description: 'Changes to a plan; omitted fields stay. Type and currency are fixed once created.',
})
export class UpdateBenefitPlanInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  provider?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => DecimalScalar, { nullable: true })
  employeeCost?: string | null;

  @Field(() => DecimalScalar, { nullable: true })
  employerCost?: string | null;

  @Field(() => [EmploymentType], {
    nullable: true,
    description: 'New eligibility; existing enrollments are kept.',
  })
  eligibleEmploymentTypes?: EmploymentType[] | null;
}

@InputType('BenefitDependantInput', { description: 'A dependant to cover.' })
export class BenefitDependantInput {
  @Field(() => String)
  name!: string;

  @Field(() => DependantRelationship)
  relationship!: DependantRelationship;

  @Field(() => DateScalar, { nullable: true })
  dateOfBirth?: string | null;
}

@InputType('EnrollInBenefitInput', { description: 'Enrol an employee in a plan.' })
export class EnrollInBenefitInput {
  @Field(() => ID)
  employeeId!: string;

  @Field(() => ID)
  planId!: string;

  @Field(() => DateScalar, { description: 'First day of coverage; not before the hire date.' })
  coverageStart!: string;

  @Field(() => DateScalar, { nullable: true, description: 'Last day (inclusive); null = open-ended.' })
  coverageEnd?: string | null;

  @Field(() => [BenefitDependantInput], { nullable: true, description: 'Up to 20 dependants.' })
  dependants?: BenefitDependantInput[] | null;
}

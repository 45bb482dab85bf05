import { DateScalar, DecimalScalar } from '@wg/runtime';
import { Field, ID, InputType } from 'type-graphql';
import { EmploymentType } from '../employees/employee.type';
import { BenefitType, DependantRelationship } from './benefit.type';

@InputType('CreateBenefitPlanInput', { description: 'A new benefit plan. Costs are per month.' })
export class CreateBenefitPlanInput {
  @Field(() => String, { description: 'Plan name, unique within the tenant.' })
  name!: string;

  @Field(() => BenefitType, { description: 'What the plan covers.' })
  type!: BenefitType;

  @Field(() => String, { description: 'Insurer or provider.' })
  provider!: string;

  @Field(() => String, { nullable: true, description: 'What the plan offers; null clears it.' })
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
  @Field(() => String, { nullable: true, description: 'New plan name, unique within the tenant.' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'Insurer or provider.' })
  provider?: string | null;

  @Field(() => String, { nullable: true, description: 'What the plan offers; null clears it.' })
  description?: string | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'Employee contribution per month, in the plan currency.',
  })
  employeeCost?: string | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'Employer contribution per month, in the plan currency.',
  })
  employerCost?: string | null;

  @Field(() => [EmploymentType], {
    nullable: true,
    description: 'New eligibility; existing enrollments are kept.',
  })
  eligibleEmploymentTypes?: EmploymentType[] | null;
}

@InputType('BenefitDependantInput', { description: 'A dependant to cover.' })
export class BenefitDependantInput {
  @Field(() => String, { description: 'Full name of the dependant.' })
  name!: string;

  @Field(() => DependantRelationship, { description: 'How the dependant relates to the employee.' })
  relationship!: DependantRelationship;

  @Field(() => DateScalar, { nullable: true, description: 'Date of birth, if known; not in the future.' })
  dateOfBirth?: string | null;
}

@InputType('EnrollInBenefitInput', { description: 'Enrol an employee in a plan.' })
export class EnrollInBenefitInput {
  @Field(() => ID, { description: 'The employee.' })
  employeeId!: string;

  @Field(() => ID, { description: 'The benefit plan.' })
  planId!: string;

  @Field(() => DateScalar, { description: 'First day of coverage; not before the hire date.' })
  coverageStart!: string;

  @Field(() => DateScalar, { nullable: true, description: 'Last day (inclusive); null = open-ended.' })
  coverageEnd?: string | null;

  @Field(() => [BenefitDependantInput], { nullable: true, description: 'Up to 20 dependants.' })
  dependants?: BenefitDependantInput[] | null;
}

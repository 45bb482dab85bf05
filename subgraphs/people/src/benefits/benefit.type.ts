import { benefitTypes } from '@wg/db/people';
import { connectionType, DateScalar, DateTimeScalar, Money } from '@wg/runtime';
import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { EmploymentType } from '../employees/employee.type';

export const BenefitType = Object.fromEntries(benefitTypes.map((t) => [t, t])) as {
  [K in (typeof benefitTypes)[number]]: K;
};
export type BenefitType = (typeof benefitTypes)[number];
registerEnumType(BenefitType, {
  name: 'BenefitType',
  description: 'What a benefit plan covers.',
  valuesConfig: {
    HEALTH: { description: 'Medical insurance.' },
    DENTAL: { description: 'Dental insurance.' },
    VISION: { description: 'Eye care and glasses.' },
    RETIREMENT: { description: 'Pension or retirement savings.' },
    LIFE: { description: 'Life insurance.' },
    DISABILITY: { description: 'Disability income insurance.' },
    WELLNESS: { description: 'Fitness, mental health and other wellbeing programmes.' },
    OTHER: { description: 'Anything else the tenant offers.' },
  },
});

export const DependantRelationship = {
  SPOUSE: 'SPOUSE',
  PARTNER: 'PARTNER',
  CHILD: 'CHILD',
  OTHER: 'OTHER',
} as const;
export type DependantRelationship = (typeof DependantRelationship)[keyof typeof DependantRelationship];
registerEnumType(DependantRelationship, {
  name: 'DependantRelationship',
  description: 'How a covered dependant relates to the employee.',
  valuesConfig: {
    SPOUSE: { description: 'Husband or wife.' },
    PARTNER: { description: 'Domestic or civil partner.' },
    CHILD: { description: 'Child or stepchild.' },
    OTHER: { description: 'Any other dependant the plan allows.' },
  },
});

export const EnrollmentStatus = { UPCOMING: 'UPCOMING', ACTIVE: 'ACTIVE', ENDED: 'ENDED' } as const;
export type EnrollmentStatus = (typeof EnrollmentStatus)[keyof typeof EnrollmentStatus];
registerEnumType(EnrollmentStatus, {
  name: 'BenefitEnrollmentStatus',
  description: 'Where today falls relative to the coverage dates.',
  valuesConfig: {
    UPCOMING: { description: 'Coverage starts after today.' },
    ACTIVE: { description: 'Today is within the coverage dates.' },
    ENDED: { description: 'Coverage ended before today.' },
  },
});

/** A plan row as stored (costs are numeric strings, never floats). */
export interface BenefitPlanRow {
  id: string;
  tenantId: string;
  name: string;
  type: BenefitType;
  provider: string;
  description: string | null;
  currency: string;
  employeeCost: string;
  employerCost: string;
  eligibleEmploymentTypes: string[];
  archivedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

@Directive('@key(fields: "id")')
@ObjectType('BenefitPlan', { description: 'A benefit the tenant offers (health, dental, retirement, …).' })
export class BenefitPlan {
  @Field(() => ID, { description: 'Stable identifier (UUIDv7).' })
  id!: string;

  @Field(() => String, { description: 'Unique within the tenant (case-insensitive).' })
  name!: string;

  @Field(() => BenefitType, { description: 'What the plan covers.' })
  type!: BenefitType;

  @Field(() => String, { description: 'Insurer or provider.' })
  provider!: string;

  @Field(() => String, { nullable: true, description: 'What the plan offers.' })
  description!: string | null;

  @Field(() => Money, { description: 'What the employee pays per month.' })
  employeeCost!: Money;

  @Field(() => Money, { description: 'What the employer pays per month.' })
  employerCost!: Money;

  @Field(() => [EmploymentType], { description: 'Employment types that may enrol.' })
  eligibleEmploymentTypes!: EmploymentType[];

  @Field(() => DateTimeScalar, { nullable: true, description: 'Set once archived: no new enrollments.' })
  archivedAt!: Date | null;

  @Field(() => DateTimeScalar, { description: 'When the record was created.' })
  createdAt!: Date;

  tenantId!: string;
}

export const toBenefitPlan = (r: BenefitPlanRow): BenefitPlan =>
  Object.assign(new BenefitPlan(), {
    id: r.id,
    tenantId: r.tenantId,
    name: r.name,
    type: r.type,
    provider: r.provider,
    description: r.description,
    employeeCost: Money.of(r.employeeCost, r.currency),
    employerCost: Money.of(r.employerCost, r.currency),
    eligibleEmploymentTypes: r.eligibleEmploymentTypes as EmploymentType[],
    archivedAt: r.archivedAt,
    createdAt: r.createdAt,
  });

@ObjectType('BenefitDependant', { description: 'A person covered through an employee’s enrollment.' })
export class BenefitDependant {
  @Field(() => String, { description: 'Dependant name.' })
  name!: string;

  @Field(() => DependantRelationship, { description: 'How the dependant relates to the employee.' })
  relationship!: DependantRelationship;

  @Field(() => DateScalar, { nullable: true, description: 'Date of birth, if known; not in the future.' })
  dateOfBirth!: string | null;
}

@Directive('@key(fields: "id")')
@ObjectType('BenefitEnrollment', {
  description: 'An employee’s coverage under a benefit plan between two dates (end inclusive, null = open).',
})
export class BenefitEnrollment {
  @Field(() => ID, { description: 'Stable identifier (UUIDv7).' })
  id!: string;

  @Field(() => BenefitType, { description: 'The plan’s type (no two enrollments of one type may overlap).' })
  planType!: BenefitType;

  @Field(() => DateScalar, { description: 'First day of coverage.' })
  coverageStart!: string;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Last day of coverage (inclusive); null = open-ended.',
  })
  coverageEnd!: string | null;

  @Field(() => [BenefitDependant], { description: 'Dependants covered as well.' })
  dependants!: BenefitDependant[];

  @Field(() => DateTimeScalar, { description: 'When the record was created.' })
  createdAt!: Date;

  employeeId!: string;
  planId!: string;
  tenantId!: string;
}

export const BenefitPlanConnection = connectionType(BenefitPlan, 'BenefitPlan');

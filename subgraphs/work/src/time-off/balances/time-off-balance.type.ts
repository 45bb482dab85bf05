import { DateScalar, DateTimeScalar, DecimalScalar } from '@wg/runtime';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { LeaveType, LeaveUnit } from '../leave-types/leave-type.type';

@ObjectType('TimeOffBalance', {
  description:
    'One employee’s balance of one leave type in the balance year (calendar year) of `asOf`, computed from the policy for their employment type, their hire date, adjustments and requests — never stored, so the same `asOf` always gives the same figures. All amounts are in `unit`.',
})
export class TimeOffBalance {
  @Field(() => LeaveType, { description: 'The leave type.' })
  leaveType!: LeaveType;

  @Field(() => LeaveUnit, { description: 'What the amounts count: days or hours.' })
  unit!: LeaveUnit;

  @Field(() => DateScalar, { description: 'The day the balance is computed for.' })
  asOf!: string;

  @Field(() => Int, { description: 'The balance year: the calendar year of `asOf`.' })
  year!: number;

  @Field(() => DecimalScalar, {
    description:
      'Carried in from the previous balance year: its closing balance (carriedOver + accrued + adjustments − taken of that year), a positive one capped at the policy’s carryOverCap.',
  })
  carriedOver!: string;

  @Field(() => DecimalScalar, {
    description:
      'Σ accrued by the policy from 1 January of the balance year to `asOf` inclusive (MONTHLY: accrualPerYear ÷ 12 per month ended; pro-rated by days from the hire date when the policy says so); 0 without a policy for the employee’s employment type.',
  })
  accrued!: string;

  @Field(() => DecimalScalar, {
    description:
      'Σ manual adjustments effective from 1 January of the balance year to `asOf` inclusive (signed).',
  })
  adjustments!: string;

  @Field(() => DecimalScalar, {
    description:
      'Σ APPROVED requests’ working time falling in the balance year (all of it, also days after `asOf`: booked leave is spoken for).',
  })
  taken!: string;

  @Field(() => DecimalScalar, {
    description:
      'Σ PENDING requests’ working time falling in the balance year (not yet subtracted from `available`).',
  })
  pending!: string;

  @Field(() => DecimalScalar, {
    nullable: true,
    description:
      'carriedOver + accrued + adjustments − taken, in the balance year of `asOf` as of that day. A new request may use available − pending (plus the policy’s negativeLimit). Null when the leave type has no balance.',
  })
  available!: string | null;
}

@ObjectType('TimeOffAdjustment', {
  description: 'A manual correction of a balance, with its reason (audited).',
})
export class TimeOffAdjustment {
  @Field(() => ID, { description: 'Stable identifier (UUIDv7).' })
  id!: string;

  @Field(() => ID, { description: 'The employee whose balance changed.' })
  employeeId!: string;

  @Field(() => ID, { description: 'The leave type.' })
  leaveTypeId!: string;

  @Field(() => DecimalScalar, {
    description:
      'Signed amount in the leave type’s unit, as entered; added to `adjustments` of the balance year of `effectiveDate` from that day on.',
  })
  amount!: string;

  @Field(() => String, { description: 'Why.' })
  reason!: string;

  @Field(() => DateScalar, {
    description: 'The day it counts from; its year is the balance year it belongs to.',
  })
  effectiveDate!: string;

  @Field(() => ID, { nullable: true, description: 'The user who made it.' })
  createdBy!: string | null;

  @Field(() => DateTimeScalar, { description: 'When it was made.' })
  createdAt!: Date;

  tenantId!: string;
}

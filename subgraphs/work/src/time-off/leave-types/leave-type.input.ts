import { DecimalScalar } from '@wg/runtime';
import { Field, InputType } from 'type-graphql';
import { LeaveUnit } from './leave-type.type';

@InputType('CreateLeaveTypeInput', { description: 'A new kind of leave.' })
export class CreateLeaveTypeInput {
  @Field(() => String, { description: '1–200 characters.' })
  name!: string;

  @Field(() => String, {
    description: '2–32 characters A–Z, 0–9 or _, unique in the tenant (e.g. VACATION).',
  })
  code!: string;

  @Field(() => Boolean, { nullable: true, description: 'Paid leave; default true.' })
  paid?: boolean | null;

  @Field(() => LeaveUnit, { nullable: true, description: 'Default DAYS.' })
  unit?: LeaveUnit | null;

  @Field(() => Boolean, { nullable: true, description: 'Requests draw on a balance; default true.' })
  balanceApplies?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Half days allowed; default true.' })
  halfDaysAllowed?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'A note is required; default false.' })
  noteRequired?: boolean | null;

  @Field(() => String, { nullable: true, description: '`#RRGGBB`; default #4F86F7.' })
  colour?: string | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'Hours per working day for HOURS leave, more than 0 and at most 24; default 8.',
  })
  hoursPerDay?: string | null;
}

@InputType('UpdateLeaveTypeInput', {
  description: 'Changes to a leave type; omitted fields keep their value.',
})
export class UpdateLeaveTypeInput {
  @Field(() => String, { nullable: true, description: '1–200 characters.' })
  name?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Paid leave.' })
  paid?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Requests draw on a balance.' })
  balanceApplies?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Half days allowed (existing requests keep theirs).' })
  halfDaysAllowed?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'A note is required on new requests.' })
  noteRequired?: boolean | null;

  @Field(() => String, { nullable: true, description: '`#RRGGBB`.' })
  colour?: string | null;
}

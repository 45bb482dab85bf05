import type { shiftStatuses, shiftSwapStatuses } from '@wg/db/work';
import { connectionType, DateScalar, DateTimeScalar, DecimalScalar } from '@wg/runtime';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Department } from '../departments/department.type';
import { Employee } from '../employees/employee.type';

export const ShiftStatus = {
  OPEN: 'OPEN',
  ASSIGNED: 'ASSIGNED',
  CANCELLED: 'CANCELLED',
} as const satisfies { [S in (typeof shiftStatuses)[number]]: S };
export type ShiftStatus = (typeof ShiftStatus)[keyof typeof ShiftStatus];
registerEnumType(ShiftStatus, {
  name: 'ShiftStatus',
  description: 'Whether a shift has someone.',
  valuesConfig: {
    OPEN: { description: 'Nobody yet: eligible employees may claim it (`claimOpenShift`).' },
    ASSIGNED: { description: 'Someone works it.' },
    CANCELLED: { description: 'Called off.' },
  },
});

export const ShiftSwapStatus = {
  PENDING: 'PENDING',
  APPROVED: 'APPROVED',
  REJECTED: 'REJECTED',
  CANCELLED: 'CANCELLED',
} as const satisfies { [S in (typeof shiftSwapStatuses)[number]]: S };
export type ShiftSwapStatus = (typeof ShiftSwapStatus)[keyof typeof ShiftSwapStatus];
registerEnumType(ShiftSwapStatus, {
  name: 'ShiftSwapStatus',
  description: 'Where a shift swap request stands.',
  valuesConfig: {
    PENDING: { description: 'Waiting for the requester’s manager.' },
    APPROVED: { description: 'Approved: the shifts changed hands.' },
    REJECTED: { description: 'Refused, with a reason.' },
    CANCELLED: { description: 'Withdrawn by the requester.' },
  },
});

@ObjectType('ShiftTemplate', { description: 'A reusable shift: local start and end time, break, time zone.' })
export class ShiftTemplate {
  @Field(() => ID, { description: 'Stable identifier (UUIDv7).' })
  id!: string;

  @Field(() => String, { description: 'Name, unique in the tenant (e.g. "Early").' })
  name!: string;

  @Field(() => String, { description: 'Local start time, HH:MM.' })
  startTime!: string;

  @Field(() => String, { description: 'Local end time, HH:MM; at or before `startTime` means the next day.' })
  endTime!: string;

  @Field(() => Int, { description: 'Unpaid break minutes.' })
  breakMinutes!: number;

  @Field(() => String, { description: 'IANA time zone the times are in.' })
  timeZone!: string;
}

@ObjectType('Schedule', { description: 'A rota: the shifts of one department or location.' })
export class Schedule {
  @Field(() => ID, { description: 'Stable identifier (UUIDv7).' })
  id!: string;

  @Field(() => String, { description: 'Name, unique in the tenant.' })
  name!: string;

  @Field(() => Department, { nullable: true, description: 'The department it staffs (resolved by people).' })
  department!: Department | null;

  @Field(() => String, { nullable: true, description: 'The work location it staffs.' })
  location!: string | null;

  @Field(() => String, { description: 'IANA time zone of its days.' })
  timeZone!: string;

  departmentId!: string | null;
}

@ObjectType('Shift', { description: 'One shift on one day.' })
export class Shift {
  @Field(() => ID, { description: 'Stable identifier (UUIDv7).' })
  id!: string;

  /** Resolved to `schedule` / `template` by ShiftFieldResolver (batched). */
  scheduleId!: string;
  templateId!: string | null;

  @Field(() => Employee, { nullable: true, description: 'Who works it; null while OPEN.' })
  employee!: Employee | null;

  @Field(() => DateScalar, { description: 'The local day it starts on (schedule’s time zone).' })
  date!: string;

  @Field(() => DateTimeScalar, { description: 'Start instant.' })
  startsAt!: Date;

  @Field(() => DateTimeScalar, { description: 'End instant (after the start, at most 24 h later).' })
  endsAt!: Date;

  @Field(() => Int, { description: 'Unpaid break minutes.' })
  breakMinutes!: number;

  @Field(() => DecimalScalar, {
    description:
      'Paid hours of this one shift, from its start to its end: (endsAt − startsAt) − breakMinutes, in hours with 2 decimals.',
  })
  paidHours!: string;

  @Field(() => ShiftStatus, { description: 'OPEN, ASSIGNED or CANCELLED.' })
  status!: ShiftStatus;

  @Field(() => String, { nullable: true, description: 'Free text.' })
  note!: string | null;
}

@ObjectType('ShiftSwap', {
  description: 'A request to hand a shift to a colleague or exchange it for one of theirs.',
})
export class ShiftSwap {
  @Field(() => ID, { description: 'Stable identifier (UUIDv7).' })
  id!: string;

  @Field(() => Shift, { description: 'The requester’s shift.' })
  shift!: Shift;

  @Field(() => Employee, { description: 'Who asks (the shift’s employee).' })
  requester!: Employee;

  @Field(() => Employee, { description: 'The colleague who takes the shift.' })
  targetEmployee!: Employee;

  @Field(() => Shift, {
    nullable: true,
    description: 'The colleague’s shift taken in exchange; null for a hand-over.',
  })
  targetShift!: Shift | null;

  @Field(() => ShiftSwapStatus, { description: 'Where it stands.' })
  status!: ShiftSwapStatus;

  @Field(() => String, { nullable: true, description: 'The requester’s note.' })
  note!: string | null;

  @Field(() => String, { nullable: true, description: 'Why it was rejected.' })
  reason!: string | null;

  @Field(() => DateTimeScalar, { description: 'When it was asked for.' })
  createdAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was decided.' })
  decidedAt!: Date | null;
}

export const ShiftSwapConnection = connectionType(ShiftSwap, 'ShiftSwap');

@ObjectType('ShiftSettings', { description: 'The tenant’s scheduling rules.' })
export class ShiftSettings {
  @Field(() => DecimalScalar, {
    description:
      'Least rest of one employee between consecutive shifts, from the previous shift’s end to the next one’s start: next start − previous end ≥ this many hours (default 11).',
  })
  minRestHours!: string;

  @Field(() => DecimalScalar, {
    description:
      'Most paid hours per ISO week (Monday–Sunday, by the shifts’ local days): Σ (shift length − break) (default 48).',
  })
  maxWeeklyHours!: string;
}

@ObjectType('RotaRow', { description: 'One employee’s shifts in a rota.' })
export class RotaRow {
  @Field(() => Employee, { description: 'The employee.' })
  employee!: Employee;

  @Field(() => [Shift], { description: 'Their assigned shifts in the period, in order.' })
  shifts!: Shift[];

  @Field(() => DecimalScalar, {
    description: 'Σ paidHours of those shifts over the rota’s period (from `from` to `to`).',
  })
  paidHours!: string;
}

@ObjectType('Rota', {
  description: 'A department’s shifts over a period, by employee, with the open shifts.',
})
export class Rota {
  @Field(() => DateScalar, { description: 'First day.' })
  from!: string;

  @Field(() => DateScalar, { description: 'Last day.' })
  to!: string;

  @Field(() => [RotaRow], { description: 'One row per employee with at least one assigned shift.' })
  rows!: RotaRow[];

  @Field(() => [Shift], { description: 'OPEN shifts of the period, in order.' })
  openShifts!: Shift[];
}

import type { timesheetStatuses } from '@wg/db/work';
import { connectionType, DateScalar, DateTimeScalar, DecimalScalar } from '@wg/runtime';
import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';

/** The database's timesheet statuses as a GraphQL enum; `satisfies` keeps the two lists identical. */
export const TimesheetStatus = {
  SUBMITTED: 'SUBMITTED',
  APPROVED: 'APPROVED',
  REJECTED: 'REJECTED',
} as const satisfies { [S in (typeof timesheetStatuses)[number]]: S };
export type TimesheetStatus = (typeof TimesheetStatus)[keyof typeof TimesheetStatus];
registerEnumType(TimesheetStatus, {
  name: 'TimesheetStatus',
  description: 'Approval state of a timesheet entry.',
  valuesConfig: {
    SUBMITTED: { description: 'Logged (or corrected after a rejection), awaiting approval.' },
    APPROVED: { description: 'Accepted by a manager; locked against edits and deletion.' },
    REJECTED: { description: 'Sent back by a manager with a reason; the owner may correct or delete it.' },
  },
});

@Directive('@key(fields: "id")')
@ObjectType('TimesheetEntry', { description: 'Hours one employee worked on one project on one day.' })
export class TimesheetEntry {
  @Field(() => ID, { description: 'Stable identifier (UUIDv7).' })
  id!: string;

  @Field(() => DateScalar, { description: 'The calendar day worked.' })
  date!: string;

  @Field(() => DecimalScalar, {
    description:
      'Hours worked on the entry’s date, as entered: an exact decimal with two places, e.g. "7.50".',
  })
  hours!: string;

  @Field(() => String, { nullable: true, description: 'What the time was spent on.' })
  note!: string | null;

  @Field(() => TimesheetStatus, { description: 'Approval state.' })
  status!: TimesheetStatus;

  @Field(() => String, {
    nullable: true,
    description: 'Why a manager sent the entry back (set while REJECTED).',
  })
  rejectionReason!: string | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the entry was approved or rejected (null while SUBMITTED).',
  })
  reviewedAt!: Date | null;

  @Field(() => DateTimeScalar, { description: 'When the entry was logged.' })
  createdAt!: Date;

  @Field(() => DateTimeScalar, {
    description: 'When the entry last changed (logged, reviewed or corrected).',
  })
  updatedAt!: Date;

  /** Not exposed: the reviewing user's id is in the audit log and events. */
  reviewedBy!: string | null;

  /** Not exposed: resolved to `employee` / `project` by the resolver. */
  employeeId!: string;
  projectId!: string;
  tenantId!: string;
}

export const TimesheetEntryConnection = connectionType(TimesheetEntry, 'TimesheetEntry');

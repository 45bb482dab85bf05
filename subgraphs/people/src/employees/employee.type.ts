import { connectionType, DateScalar, DateTimeScalar, RequiresPermission } from '@wg/runtime';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { fullRecord } from './employee.access';

export const EmploymentStatus = {
  PENDING_START: 'PENDING_START',
  ACTIVE: 'ACTIVE',
  ON_LEAVE: 'ON_LEAVE',
  TERMINATED: 'TERMINATED',
} as const;
export type EmploymentStatus = (typeof EmploymentStatus)[keyof typeof EmploymentStatus];
registerEnumType(EmploymentStatus, {
  name: 'EmploymentStatus',
  description: 'Where an employee is in their lifecycle.',
  valuesConfig: {
    PENDING_START: {
      description:
        'Hired with a start date still ahead: not on the books yet (not in headcount, cannot log time). Becomes ACTIVE on the start date (a START history entry); can be transferred, promoted or terminated before that.',
    },
    ACTIVE: { description: 'Currently employed and working.' },
    ON_LEAVE: { description: 'Employed, on a leave of absence.' },
    TERMINATED: { description: 'No longer employed.' },
  },
});

export const EmploymentType = {
  FULL_TIME: 'FULL_TIME',
  PART_TIME: 'PART_TIME',
  CONTRACTOR: 'CONTRACTOR',
  INTERN: 'INTERN',
} as const;
export type EmploymentType = (typeof EmploymentType)[keyof typeof EmploymentType];
registerEnumType(EmploymentType, {
  name: 'EmploymentType',
  description: 'The kind of employment contract.',
  valuesConfig: {
    FULL_TIME: { description: 'Full-time employment.' },
    PART_TIME: { description: 'Part-time employment.' },
    CONTRACTOR: { description: 'Independent contractor, not an employee.' },
    INTERN: { description: 'Internship.' },
  },
});

/**
 * Field visibility (enforced per field, see employee.access.ts):
 * - directory fields (id, names, displayName, workEmail, jobTitle, department, position, manager)
 *   need only `employee_directory:read` (or `employee:read`);
 * - every other field needs `employee:read` with a scope covering the row (own / team / all) and is
 *   null otherwise;
 * - national id, bank account and emergency contact need `employee_sensitive:read` and are masked
 *   otherwise; every unmasked read is audited.
 */
@Directive('@key(fields: "id")')
@ObjectType('Employee', { description: 'A person employed by the tenant.' })
export class Employee {
  @Field(() => ID)
  id!: string;

  @RequiresPermission('employee:read', fullRecord)
  @Field(() => String, {
    nullable: true,
    description: 'Per-tenant employee number such as `EMP-000123`; never reused.',
  })
  employeeNumber!: string | null;

  @Field(() => String, { description: 'Legal first name.' })
  firstName!: string;

  @Field(() => String, { description: 'Legal last name.' })
  lastName!: string;

  @Field(() => String, { nullable: true, description: 'The name the person goes by, if different.' })
  preferredName!: string | null;

  @Field(() => String, { description: 'Work email, unique within the tenant (stored lower-case).' })
  workEmail!: string;

  @Field(() => String, { nullable: true, description: 'Job title.' })
  jobTitle!: string | null;

  @RequiresPermission('employee:read', fullRecord)
  @Field(() => String, { nullable: true, description: 'Private email address.' })
  personalEmail!: string | null;

  @RequiresPermission('employee:read', fullRecord)
  @Field(() => String, { nullable: true, description: 'Phone number (E.164 recommended).' })
  phone!: string | null;

  @RequiresPermission('employee:read', fullRecord)
  @Field(() => DateScalar, { nullable: true, description: 'Date of birth.' })
  dateOfBirth!: string | null;

  @RequiresPermission('employee:read', fullRecord)
  @Field(() => DateScalar, { nullable: true, description: 'First day of (the latest) employment.' })
  hireDate!: string;

  @RequiresPermission('employee:read', fullRecord)
  @Field(() => DateScalar, {
    nullable: true,
    description: 'First working day, when it differs from the hire date.',
  })
  startDate!: string | null;

  @RequiresPermission('employee:read', fullRecord)
  @Field(() => DateScalar, { nullable: true, description: 'Last day of employment, once terminated.' })
  terminationDate!: string | null;

  @RequiresPermission('employee:read', fullRecord)
  @Field(() => String, { nullable: true, description: 'Why the employment ended.' })
  terminationReason!: string | null;

  @RequiresPermission('employee:read', fullRecord)
  @Field(() => EmploymentStatus, { nullable: true, description: 'Lifecycle status.' })
  status!: EmploymentStatus;

  @RequiresPermission('employee:read', fullRecord)
  @Field(() => EmploymentType, { nullable: true, description: 'Contract type.' })
  employmentType!: EmploymentType;

  @RequiresPermission('employee:read', fullRecord)
  @Field(() => String, { nullable: true, description: 'Office or remote location.' })
  workLocation!: string | null;

  @RequiresPermission('employee:read', fullRecord)
  @Field(() => String, { nullable: true, description: 'Avatar image URL.' })
  avatarUrl!: string | null;

  @RequiresPermission('employee:read', fullRecord)
  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: 'Tenant-defined fields (see `employeeCustomFields`), validated on write.',
  })
  customFields!: Record<string, unknown>;

  @RequiresPermission('employee:read', fullRecord)
  @Field(() => DateTimeScalar, { nullable: true, description: 'When personal data was pseudonymised.' })
  erasedAt!: Date | null;

  @RequiresPermission('employee:read', fullRecord)
  @Field(() => DateTimeScalar, { nullable: true, description: 'When the record was created.' })
  createdAt!: Date;

  tenantId!: string;
  departmentId!: string;
  managerId!: string | null;
  positionId!: string | null;
  nationalIdEnc!: string | null;
  bankAccountEnc!: string | null;
  emergencyContactEnc!: string | null;
  updatedAt!: Date;
}

export const EmployeeConnection = connectionType(Employee, 'Employee');

@ObjectType('EmergencyContact', { description: 'Who to call in an emergency (stored encrypted).' })
export class EmergencyContact {
  @Field(() => String, { description: 'Full name.' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Relationship to the employee.' })
  relationship!: string | null;

  @Field(() => String, { description: 'Phone number.' })
  phone!: string;
}

export const EmployeeChangeKind = {
  HIRE: 'HIRE',
  TRANSFER: 'TRANSFER',
  PROMOTION: 'PROMOTION',
  LEAVE: 'LEAVE',
  RETURN: 'RETURN',
  TERMINATION: 'TERMINATION',
  REHIRE: 'REHIRE',
  START: 'START',
  UPDATE: 'UPDATE',
  ERASURE: 'ERASURE',
} as const;
export type EmployeeChangeKind = (typeof EmployeeChangeKind)[keyof typeof EmployeeChangeKind];
registerEnumType(EmployeeChangeKind, {
  name: 'EmployeeChangeKind',
  description: 'What kind of employment change.',
  valuesConfig: {
    HIRE: { description: 'Joined the company.' },
    TRANSFER: { description: 'Moved to another department or manager.' },
    PROMOTION: { description: 'Moved to another position or title.' },
    LEAVE: { description: 'Started a leave of absence.' },
    RETURN: { description: 'Came back from leave.' },
    TERMINATION: { description: 'Left the company.' },
    REHIRE: { description: 'Rejoined after a termination.' },
    START: { description: 'A pending hire reached the start date and became ACTIVE.' },
    UPDATE: { description: 'Other recorded change of the employment record.' },
    ERASURE: { description: 'Personal data erased on request; the record remains anonymised.' },
  },
});

@ObjectType('EmployeeHistoryEntry', {
  description: 'One effective-dated employment change (hire, transfer, promotion, leave, …).',
})
export class EmployeeHistoryEntry {
  @Field(() => ID, { description: 'Id of the history entry (time-ordered).' })
  id!: string;

  @Field(() => EmployeeChangeKind, { description: 'What happened.' })
  kind!: EmployeeChangeKind;

  @Field(() => DateScalar, { description: 'The day the change takes effect.' })
  effectiveDate!: string;

  @Field(() => GraphQLJSONObject, { description: 'The changed attributes before the change.' })
  before!: Record<string, unknown>;

  @Field(() => GraphQLJSONObject, { description: 'The changed attributes after the change.' })
  after!: Record<string, unknown>;

  @Field(() => String, { nullable: true, description: 'Reason given for the change.' })
  reason!: string | null;

  @Field(() => ID, { nullable: true, description: 'User who recorded the change.' })
  actorId!: string | null;

  @Field(() => DateTimeScalar, { description: 'When the change was recorded.' })
  recordedAt!: Date;
}

@ObjectType('AuditEntry', { description: 'One append-only audit record: who did what, before and after.' })
export class AuditEntry {
  @Field(() => ID, { description: 'Id of the audit record (time-ordered).' })
  id!: string;

  @Field(() => String, { description: 'Action, e.g. `employee.transfer` or `employee.sensitive_read`.' })
  action!: string;

  @Field(() => ID, { nullable: true, description: 'User who acted.' })
  actorId!: string | null;

  @Field(() => String, { nullable: true, description: 'Request id, to correlate with logs.' })
  requestId!: string | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'State before (personal data redacted).' })
  before!: Record<string, unknown> | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'State after (personal data redacted).' })
  after!: Record<string, unknown> | null;

  @Field(() => DateTimeScalar, { description: 'When it happened.' })
  at!: Date;
}

export const AuditEntryConnection = connectionType(AuditEntry, 'AuditEntry');

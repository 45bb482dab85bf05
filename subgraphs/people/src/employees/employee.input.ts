import { DateScalar } from '@wg/runtime';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { EmploymentStatus, EmploymentType } from './employee.type';

@InputType('EmergencyContactInput', { description: 'Who to call in an emergency.' })
export class EmergencyContactInput {
  @Field(() => String, { description: 'Full name.' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Relationship to the employee.' })
  relationship?: string | null;

  @Field(() => String, { description: 'Phone number.' })
  phone!: string;
}

/*
 * Dates are declared as String in inputs so that a malformed date reaches validation and is
 * reported as `input.<field>` together with every other bad field.
 */

@InputType('CreateEmployeeInput', { description: 'Hire a new employee.' })
export class CreateEmployeeInput {
  @Field(() => String, { description: 'Legal first name.' })
  firstName!: string;

  @Field(() => String, { description: 'Legal last name.' })
  lastName!: string;

  @Field(() => String, { nullable: true, description: 'The name the person goes by.' })
  preferredName?: string | null;

  @Field(() => String, { description: 'Must be unique within the tenant.' })
  workEmail!: string;

  @Field(() => String, { nullable: true, description: 'Private email address.' })
  personalEmail?: string | null;

  @Field(() => String, { nullable: true, description: 'Phone number.' })
  phone?: string | null;

  @Field(() => String, { nullable: true, description: 'Date of birth, YYYY-MM-DD.' })
  dateOfBirth?: string | null;

  @Field(() => String, { nullable: true, description: 'Job title.' })
  jobTitle?: string | null;

  @Field(() => String, { description: 'First day of employment, YYYY-MM-DD.' })
  hireDate!: string;

  @Field(() => String, { nullable: true, description: 'First working day, YYYY-MM-DD (default: hire date).' })
  startDate?: string | null;

  @Field(() => EmploymentType, { nullable: true, description: 'Contract type (default FULL_TIME).' })
  employmentType?: EmploymentType | null;

  @Field(() => ID, { description: 'Department of the tenant.' })
  departmentId!: string;

  @Field(() => ID, { nullable: true, description: 'Position of the tenant.' })
  positionId?: string | null;

  @Field(() => ID, { nullable: true, description: 'An active employee of the same tenant.' })
  managerId?: string | null;

  @Field(() => String, { nullable: true, description: 'Office or remote location.' })
  workLocation?: string | null;

  @Field(() => String, { nullable: true, description: 'Avatar image URL (http or https).' })
  avatarUrl?: string | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Values for the tenant-defined fields.' })
  customFields?: Record<string, unknown> | null;

  @Field(() => String, { nullable: true, description: 'National id / SSN (stored encrypted).' })
  nationalId?: string | null;

  @Field(() => String, { nullable: true, description: 'Bank account / IBAN (stored encrypted).' })
  bankAccount?: string | null;

  @Field(() => EmergencyContactInput, {
    nullable: true,
    description: 'Emergency contact (stored encrypted).',
  })
  emergencyContact?: EmergencyContactInput | null;
}

@InputType('UpdateEmployeeInput', {
  description:
    'Change record fields; omitted fields stay, null clears. With `employee:update:own` only the contact fields (preferredName, personalEmail, phone, avatarUrl, emergencyContact) of your own record. Department, manager, position and status change through the lifecycle mutations.',
})
export class UpdateEmployeeInput {
  @Field(() => String, { nullable: true, description: 'New legal first name.' })
  firstName?: string | null;

  @Field(() => String, { nullable: true, description: 'New legal last name.' })
  lastName?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Name they go by (null clears it; `displayName` falls back to the first name).',
  })
  preferredName?: string | null;

  @Field(() => String, { nullable: true, description: 'New work email (unique in the tenant).' })
  workEmail?: string | null;

  @Field(() => String, { nullable: true, description: 'Private email (null clears it).' })
  personalEmail?: string | null;

  @Field(() => String, { nullable: true, description: 'Phone number (null clears it).' })
  phone?: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD.' })
  dateOfBirth?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Job title shown in the directory (use `promoteEmployee` for a recorded promotion).',
  })
  jobTitle?: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD.' })
  startDate?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Corrects the first day of the current employment period (YYYY-MM-DD; HR only, `employee:update:all`): ' +
      'after the previous period’s termination date (a rehire), not after the termination date, not in the ' +
      'future once the employee has started, and not after the start date (a start date equal to the old hire ' +
      'date moves with it). Recorded in the history (kind UPDATE); finance and insights re-count the days ' +
      'it adds or removes. Use `rehireEmployee` for a new period.',
  })
  hireDate?: string | null;

  @Field(() => EmploymentType, { nullable: true, description: 'Kind of contract.' })
  employmentType?: EmploymentType | null;

  @Field(() => String, { nullable: true, description: 'Office or “Remote” (null clears it).' })
  workLocation?: string | null;

  @Field(() => String, { nullable: true, description: 'https URL of a profile picture (null clears it).' })
  avatarUrl?: string | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Replaces the custom field values.' })
  customFields?: Record<string, unknown> | null;

  @Field(() => String, {
    nullable: true,
    description: 'National id / SSN, stored encrypted (null clears it).',
  })
  nationalId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Bank account (IBAN or local format), stored encrypted (null clears it).',
  })
  bankAccount?: string | null;

  @Field(() => EmergencyContactInput, {
    nullable: true,
    description: 'Emergency contact, stored encrypted (null clears it).',
  })
  emergencyContact?: EmergencyContactInput | null;
}

@InputType('TransferEmployeeInput', { description: 'Move to another department and/or manager.' })
export class TransferEmployeeInput {
  @Field(() => ID, { nullable: true, description: 'New department (omit to keep).' })
  departmentId?: string | null;

  @Field(() => ID, { nullable: true, description: 'New manager (omit to keep, null to remove).' })
  managerId?: string | null;

  @Field(() => String, { description: 'YYYY-MM-DD, on or after the hire date.' })
  effectiveDate!: string;

  @Field(() => String, { nullable: true, description: 'Why, recorded in the history entry.' })
  reason?: string | null;
}

@InputType('PromoteEmployeeInput', { description: 'Change position and/or job title.' })
export class PromoteEmployeeInput {
  @Field(() => ID, { nullable: true, description: 'New position.' })
  positionId?: string | null;

  @Field(() => String, { nullable: true, description: 'New job title (default: the position title).' })
  jobTitle?: string | null;

  @Field(() => String, { description: 'YYYY-MM-DD, on or after the hire date.' })
  effectiveDate!: string;

  @Field(() => String, { nullable: true, description: 'Why, recorded in the history entry.' })
  reason?: string | null;
}

@InputType('StartLeaveInput', { description: 'Put an active employee on leave.' })
export class StartLeaveInput {
  @Field(() => String, { description: 'YYYY-MM-DD, on or after the hire date.' })
  effectiveDate!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Kind of leave or why, recorded in the history entry.',
  })
  reason?: string | null;
}

@InputType('ReturnFromLeaveInput', { description: 'Bring an employee back from leave.' })
export class ReturnFromLeaveInput {
  @Field(() => String, { description: 'YYYY-MM-DD, on or after the hire date.' })
  effectiveDate!: string;
}

@InputType('TerminateEmployeeInput', { description: 'End the employment.' })
export class TerminateEmployeeInput {
  @Field(() => String, { description: 'Last day, YYYY-MM-DD; not before the hire date.' })
  terminationDate!: string;

  @Field(() => String, { description: 'Why the employment ends.' })
  reason!: string;
}

@InputType('RehireEmployeeInput', { description: 'Employ a former employee again (same record and number).' })
export class RehireEmployeeInput {
  @Field(() => String, { description: 'New hire date, YYYY-MM-DD; after the termination date.' })
  hireDate!: string;

  @Field(() => ID, { nullable: true, description: 'Department (default: the previous one).' })
  departmentId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Manager (default: none).' })
  managerId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Position on rejoining; the previous one when omitted.' })
  positionId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Job title on rejoining; the previous one when omitted.',
  })
  jobTitle?: string | null;

  @Field(() => EmploymentType, {
    nullable: true,
    description: 'Kind of contract on rejoining; the previous one when omitted.',
  })
  employmentType?: EmploymentType | null;
}

export const EmployeeOrderBy = { NAME: 'NAME', HIRE_DATE: 'HIRE_DATE', RELEVANCE: 'RELEVANCE' } as const;
export type EmployeeOrderBy = (typeof EmployeeOrderBy)[keyof typeof EmployeeOrderBy];
registerEnumType(EmployeeOrderBy, {
  name: 'EmployeeOrderBy',
  description:
    'Listing order. RELEVANCE (best match first) needs `filter.search`; it is the default then, NAME otherwise.',
  valuesConfig: {
    NAME: { description: 'By last name, then first name (A–Z).' },
    HIRE_DATE: { description: 'By hire date, earliest first.' },
    RELEVANCE: { description: 'Best search match first; needs `filter.search`.' },
  },
});

@InputType('EmployeeFilter', { description: 'Narrow an employee listing. All given conditions must hold.' })
export class EmployeeFilter {
  @Field(() => String, {
    nullable: true,
    description: 'Typo-tolerant search over names, work email, employee number and title.',
  })
  search?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Members of this department (add `includeSubDepartments` for its subtree).',
  })
  departmentId?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'With departmentId: include its sub-departments.' })
  includeSubDepartments?: boolean | null;

  @Field(() => ID, { nullable: true, description: 'Direct reports of this manager.' })
  managerId?: string | null;

  @Field(() => EmploymentStatus, { nullable: true, description: 'Only employees in this lifecycle state.' })
  status?: EmploymentStatus | null;

  @Field(() => EmploymentType, { nullable: true, description: 'Only employees with this kind of contract.' })
  employmentType?: EmploymentType | null;

  @Field(() => String, { nullable: true, description: 'Work location (case-insensitive, exact).' })
  workLocation?: string | null;

  @Field(() => [ID], { nullable: true, description: 'Holds every one of these skills.' })
  skillIds?: string[] | null;

  @Field(() => Int, { nullable: true, description: 'With skillIds: minimum proficiency (1–5).' })
  minSkillProficiency?: number | null;

  @Field(() => DateScalar, { nullable: true, description: 'Hired on or after this date.' })
  hiredFrom?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Hired on or before this date.' })
  hiredTo?: string | null;
}

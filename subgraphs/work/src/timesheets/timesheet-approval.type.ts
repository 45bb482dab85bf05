import { APPROVAL_ID_DESCRIPTION, APPROVAL_TYPES } from '@wg/runtime';
import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * Work's part of `TimesheetEntryApproval` (security owns the `Approval` interface, the inbox and
 * the projected fields; see `@wg/runtime` graphql/approval.ts): the entry itself, by key.
 */
@Directive('@key(fields: "id")')
@ObjectType(APPROVAL_TYPES.timesheet_entry.typeName, {
  description: APPROVAL_TYPES.timesheet_entry.description,
})
export class TimesheetEntryApproval {
  @Field(() => ID, { description: APPROVAL_ID_DESCRIPTION })
  id!: string;
}

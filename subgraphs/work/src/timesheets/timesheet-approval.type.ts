import { Approval, APPROVAL_INBOX } from '@wg/runtime';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { TimesheetEntry } from './timesheet.type';

@ObjectType('TimesheetEntryApproval', {
  implements: Approval,
  description:
    'A SUBMITTED timesheet entry waiting for approval. Decide with `approveTimesheetEntries` or `rejectTimesheetEntries`; needs `timesheet:approve` (team: your reporting line), never your own time.',
})
export class TimesheetEntryApproval extends Approval {
  @Field(() => TimesheetEntry, { description: 'The entry to decide on.' })
  entry!: TimesheetEntry;
}

/** Work's part of the caller's inbox (see `@wg/runtime` graphql/approval.ts). */
@Directive('@key(fields: "id")')
@ObjectType('ApprovalInbox', { description: APPROVAL_INBOX })
export class ApprovalInbox {
  @Field(() => ID, { description: 'The user whose inbox this is (always the caller).' })
  id!: string;
}

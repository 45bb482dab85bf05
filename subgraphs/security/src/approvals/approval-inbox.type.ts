import { APPROVAL_INBOX } from '@wg/runtime';
import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * The caller's approval inbox. Security owns the root (`myApprovals`): it knows who the caller
 * is; the lists come from the subgraphs that own approvable things (recruiting: `offers`, work:
 * `timesheetEntries`), each resolving this entity by its key.
 */
@Directive('@key(fields: "id")')
@ObjectType('ApprovalInbox', { description: APPROVAL_INBOX })
export class ApprovalInbox {
  @Field(() => ID, { description: 'The user whose inbox this is (always the caller).' })
  id!: string;
}

import type { SecurityContext } from '../loaders';
import { approvalService } from './approval.service';

/** An approval by key, only when it is pending and the caller may decide it (else null). */
export async function resolveApprovalReference(ref: { id: string }, ctx: SecurityContext) {
  return (await approvalService.byIds(ctx, [ref.id])).get(ref.id) ?? null;
}

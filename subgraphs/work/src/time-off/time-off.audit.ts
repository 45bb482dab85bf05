import type { Tx } from '@wg/db';
import { auditLog } from '@wg/db/work';
import { recordAudit } from '@wg/runtime';
import type { WorkContext } from '../loaders';

/** One row in work's audit log for a time-off write (who, what, before/after, request id). */
export function auditTimeOff(
  ctx: WorkContext,
  tx: Tx,
  action: string,
  entityType: string,
  entityId: string,
  before: unknown,
  after: unknown,
): Promise<void> {
  return recordAudit(tx, auditLog, [
    {
      tenantId: ctx.tenantId(),
      actorId: ctx.identity.userId,
      requestId: ctx.requestId,
      action,
      entityType,
      entityId,
      before,
      after,
    },
  ]);
}

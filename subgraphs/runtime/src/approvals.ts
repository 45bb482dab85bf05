import type { Identity } from './auth/identity';
import { requirePermission, type Scope } from './auth/permissions';
import { ForbiddenError } from './errors';

/**
 * The one approval rule every approvable aggregate uses (offers now; timesheets, time off,
 * expenses, payroll later): the approver holds `<resource>:approve` at scope `team` or `all`,
 * is never the requester ("never your own"), and with scope `team` the subject must be in their
 * reporting line or department (`inTeam`, the caller's domain decides what that means).
 */
export interface ApprovalRequest {
  /** The user who asked for approval (authored the subject). */
  requestedBy: string | null;
  /** For a `team` approver: whether the subject is theirs to approve. */
  inTeam?: () => boolean | Promise<boolean>;
}

export async function requireApprover(
  identity: Identity,
  permission: `${string}:approve`,
  request: ApprovalRequest,
): Promise<Scope> {
  const scope = requirePermission(identity, permission);
  if (request.requestedBy !== null && identity.userId === request.requestedBy) {
    throw new ForbiddenError('You cannot approve your own request', `${permission} (never your own)`);
  }
  if (scope === 'own')
    throw new ForbiddenError(`Missing permission ${permission}:team`, `${permission}:team`);
  if (scope === 'team' && !(await (request.inTeam?.() ?? false))) {
    throw new ForbiddenError('Outside your team', `${permission}:all`);
  }
  return scope;
}

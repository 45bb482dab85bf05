import { describe, expect, it } from 'vitest';
import { requireApprover } from './approvals';
import type { Identity } from './auth/identity';
import { permissionsForRoles } from './auth/permissions';
import { ForbiddenError } from './errors';

const who = (roles: string[], userId = 'u-approver'): Identity => ({
  kind: 'user',
  tenantId: 't',
  userId,
  employeeId: null,
  roles,
  permissions: permissionsForRoles(roles),
});

describe('requireApprover', () => {
  it('lets an approver with scope all approve someone else’s request', async () => {
    await expect(
      requireApprover(who(['hr_manager']), 'offer:approve', { requestedBy: 'u-author' }),
    ).resolves.toBe('all');
  });

  it('never lets anyone approve their own request, not even an admin', async () => {
    await expect(
      requireApprover(who(['admin'], 'u-author'), 'offer:approve', { requestedBy: 'u-author' }),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('limits a team approver to their team and refuses callers without the permission', async () => {
    const head = who(['department_head']);
    await expect(
      requireApprover(head, 'offer:approve', { requestedBy: 'x', inTeam: () => true }),
    ).resolves.toBe('team');
    await expect(
      requireApprover(head, 'offer:approve', { requestedBy: 'x', inTeam: () => false }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(requireApprover(head, 'offer:approve', { requestedBy: 'x' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(
      requireApprover(who(['recruiter']), 'offer:approve', { requestedBy: 'x' }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
      permission: 'offer:approve',
    });
  });
});

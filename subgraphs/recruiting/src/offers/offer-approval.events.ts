import type { Tx } from '@wg/db';
import { applications, candidates, jobPostings, offers, outbox } from '@wg/db/recruiting';
import { type ApprovalChange, type ApprovalChangeStatus, publishApprovalChanges } from '@wg/runtime';
import { eq, inArray } from 'drizzle-orm';
import type { Offer } from './offer.type';

/**
 * Announces offers to the approvals inbox (`recruiting.approval.changed`), in the caller's
 * transaction: PENDING when submitted, APPROVED / REJECTED when decided, WITHDRAWN when withdrawn
 * while waiting. The posting's department decides `team` scope (an offer is about a candidate,
 * not an employee); `createdBy` is the requester (never your own offer).
 */
export async function publishOfferApprovals(
  tx: Tx,
  tenantId: string,
  list: readonly { offer: Offer; status: ApprovalChangeStatus; decidedBy?: string | null }[],
): Promise<void> {
  if (list.length === 0) return;
  const rows = await tx
    .select({
      applicationId: applications.id,
      departmentId: jobPostings.departmentId,
      title: jobPostings.title,
      firstName: candidates.firstName,
      lastName: candidates.lastName,
    })
    .from(applications)
    .innerJoin(jobPostings, eq(jobPostings.id, applications.postingId))
    .innerJoin(candidates, eq(candidates.id, applications.candidateId))
    .where(inArray(applications.id, [...new Set(list.map((l) => l.offer.applicationId))]));
  const context = new Map(rows.map((r) => [r.applicationId, r]));
  const changes = list.map(({ offer, status, decidedBy }): Omit<ApprovalChange, 'changedAt'> => {
    const c = context.get(offer.applicationId);
    const decided = status === 'APPROVED' || status === 'REJECTED';
    return {
      kind: 'offer',
      subjectId: offer.id,
      status,
      subject: `Offer to ${c?.firstName ?? ''} ${c?.lastName ?? ''} for ${c?.title ?? 'a posting'}: ${offer.baseSalary} ${offer.currency} a year from ${offer.startDate}`,
      requestedBy: offer.createdBy,
      requesterEmployeeId: null,
      requestedAt: (offer.submittedAt ?? offer.createdAt).toISOString(),
      employeeId: null,
      departmentId: c?.departmentId ?? null,
      decidedAt: decided ? new Date().toISOString() : null,
      decidedBy: decided ? (decidedBy ?? null) : null,
    };
  });
  await publishApprovalChanges(tx, outbox, tenantId, 'recruiting.approval.changed', changes);
}

/**
 * Re-announces every PENDING_APPROVAL offer of the tenant (`pnpm approvals:rebuild`): for
 * databases that held pending offers before the inbox existed. Safe to repeat.
 */
export async function republishPendingOffers(tx: Tx, tenantId: string): Promise<number> {
  const pending = (await tx.select().from(offers).where(eq(offers.status, 'PENDING_APPROVAL'))) as Offer[];
  await publishOfferApprovals(
    tx,
    tenantId,
    pending.map((offer) => ({ offer, status: 'PENDING' as const })),
  );
  return pending.length;
}

import type { Tx } from '@wg/db';
import { applications, auditLog, candidates, jobPostings, offers, outbox } from '@wg/db/recruiting';
import {
  type ApprovalChangeStatus,
  badInput,
  checkInput,
  clock,
  conflict,
  emitEvents,
  isUuid,
  notFound,
  recordAudit,
  requireApprover,
  requireScope,
  rules,
  scopeFor,
  z,
} from '@wg/runtime';
import type { Job, JobContext } from '@wg/runtime/jobs';
import { and, count, eq, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { covers, pipelineAccess } from '../access';
import { moveInTx } from '../applications/application.service';
import { publishOfferApprovals } from './offer-approval.events';
import type { OfferSnapshot, OfferStatus } from '../events';
import { jobPostingSnapshot } from '../job-postings/job-posting.service';
import type { JobPosting } from '../job-postings/job-posting.type';
import type { RecruitingContext } from '../loaders';
import { dropExpiry, type ExpiryPayload, scheduleExpiry } from './offer.expiry';
import type { CreateOfferInput } from './offer.input';
import type { Offer } from './offer.type';

const EMPLOYMENT_TYPES = ['FULL_TIME', 'PART_TIME', 'CONTRACTOR', 'INTERN'] as const;

const createSchema = z.object({
  applicationId: rules.uuid(),
  baseSalary: rules.decimal().pipe(z.string().refine((v) => Number(v) > 0, 'Must be greater than 0')),
  currency: rules.currency(),
  startDate: rules.date(),
  expiresOn: rules.date(),
  employmentType: z.enum(EMPLOYMENT_TYPES).nullish(),
  notes: z.string().trim().max(10_000).nullish(),
  overrideReason: z.string().trim().max(2000).nullish(),
});

/** Exact cents of a validated decimal string (never through a float). */
const cents = (amount: string) => {
  const [whole = '0', fraction = ''] = amount.split('.');
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0').slice(0, 2));
};

/**
 * The offer state machine:
 *
 *   DRAFT ─submit─▶ PENDING_APPROVAL ─approve─▶ APPROVED ─send─▶ SENT ─accept─▶ ACCEPTED
 *     ▲                  │ reject (back to DRAFT)                 ├─decline─▶ DECLINED
 *     └──────────────────┘                                        └─(expiresOn passed)─▶ EXPIRED
 *   withdraw: DRAFT | PENDING_APPROVAL | APPROVED | SENT | EXPIRED ─▶ WITHDRAWN
 */
const MOVES = {
  submit: { from: ['DRAFT'], to: 'PENDING_APPROVAL', event: 'recruiting.offer.submitted' },
  approve: { from: ['PENDING_APPROVAL'], to: 'APPROVED', event: 'recruiting.offer.approved' },
  reject: { from: ['PENDING_APPROVAL'], to: 'DRAFT', event: null },
  send: { from: ['APPROVED'], to: 'SENT', event: 'recruiting.offer.sent' },
  decline: { from: ['SENT'], to: 'DECLINED', event: 'recruiting.offer.declined' },
  withdraw: {
    from: ['DRAFT', 'PENDING_APPROVAL', 'APPROVED', 'SENT', 'EXPIRED'],
    to: 'WITHDRAWN',
    event: 'recruiting.offer.withdrawn',
  },
} as const;
type Move = keyof typeof MOVES;

/** What each move means for the offer's approval (absent: no change to it). */
const APPROVAL_OF: Partial<Record<Move, ApprovalChangeStatus>> = {
  submit: 'PENDING',
  approve: 'APPROVED',
  reject: 'REJECTED',
  withdraw: 'WITHDRAWN',
};

/** A SENT offer past its expiry date reads as EXPIRED (and can no longer be accepted). */
export const effectiveStatus = (o: Pick<Offer, 'status' | 'expiresOn'>): OfferStatus =>
  o.status === 'SENT' && o.expiresOn < clock.today() ? 'EXPIRED' : o.status;

async function contextOf(tx: Tx, applicationId: string) {
  const [row] = await tx
    .select({ app: applications, posting: jobPostings, candidate: candidates })
    .from(applications)
    .innerJoin(jobPostings, eq(jobPostings.id, applications.postingId))
    .innerJoin(candidates, eq(candidates.id, applications.candidateId))
    .where(eq(applications.id, applicationId));
  return row;
}

const snapshot = (o: Offer, departmentId: string, previousStatus?: OfferStatus): OfferSnapshot => ({
  id: o.id,
  applicationId: o.applicationId,
  postingId: o.postingId,
  departmentId,
  status: o.status,
  baseSalary: o.baseSalary,
  currency: o.currency,
  startDate: o.startDate,
  employmentType: o.employmentType,
  ...(previousStatus ? { previousStatus } : {}),
  decidedAt: o.decidedAt
    ? o.decidedAt.toISOString()
    : o.status === 'EXPIRED'
      ? `${dayAfter(o.expiresOn)}T00:00:00.000Z`
      : null,
});

/** The calendar day after `date` (YYYY-MM-DD): an offer expires at its start, UTC. */
function dayAfter(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

async function audit(ctx: RecruitingContext, tx: Tx, action: string, before: Offer | null, after: Offer) {
  await recordAudit(tx, auditLog, [
    {
      tenantId: ctx.tenantId(),
      actorId: ctx.identity.userId,
      requestId: ctx.requestId,
      action,
      entityType: 'Offer',
      entityId: after.id,
      before,
      after,
    },
  ]);
}

async function lock(tx: Tx, id: string): Promise<Offer> {
  const [row] = await tx.select().from(offers).where(eq(offers.id, id)).for('update');
  if (!row) throw notFound('Offer', id);
  return row as Offer;
}

function requireId(id: string) {
  if (!isUuid(id)) throw badInput([{ field: 'id', message: 'Must be a valid id' }]);
}

async function transition(
  ctx: RecruitingContext,
  id: string,
  move: Move,
  extra: (
    current: Offer,
    tx: Tx,
  ) => Promise<Partial<typeof offers.$inferInsert>> | Partial<typeof offers.$inferInsert> = () => ({}),
): Promise<Offer> {
  requireId(id);
  return ctx.tx(async (tx) => {
    const current = await lock(tx, id);
    const rule = MOVES[move];
    const status = effectiveStatus(current);
    if (!(rule.from as readonly OfferStatus[]).includes(status)) {
      throw conflict(`Cannot ${move} a ${status} offer`);
    }
    const patch = await extra(current, tx);
    const [row] = await tx
      .update(offers)
      .set({ ...patch, status: rule.to })
      .where(eq(offers.id, id))
      .returning();
    const after = row as Offer;
    if (rule.event) {
      const c = await contextOf(tx, after.applicationId);
      await emitEvents(tx, outbox, [
        {
          tenantId: ctx.tenantId(),
          type: rule.event,
          aggregateType: 'Offer',
          aggregateId: id,
          data: snapshot(after, c?.posting.departmentId ?? '', current.status),
        },
      ]);
    }
    // The approvals inbox: submitted offers wait, decided or withdrawn ones leave it.
    const approval = APPROVAL_OF[move];
    if (approval && (move !== 'withdraw' || status === 'PENDING_APPROVAL')) {
      await publishOfferApprovals(tx, ctx.tenantId(), [
        { offer: after, status: approval, decidedBy: ctx.identity.userId },
      ]);
    }
    await audit(ctx, tx, `offer.${move}`, current, after);
    // Sent: expiry is a job from now on; answered or withdrawn while SENT: it is moot.
    if (after.status === 'SENT') await scheduleExpiry(tx, ctx.tenantId(), after);
    else if (current.status === 'SENT') await dropExpiry(tx, ctx.tenantId(), id);
    return after;
  });
}

/** `offer:approve` at scope team covers offers of postings in the approver's departments. */
async function approverFor(ctx: RecruitingContext, tx: Tx, o: Offer) {
  await requireApprover(ctx.identity, 'offer:approve', {
    requestedBy: o.createdBy,
    inTeam: async () => {
      const access = await pipelineAccess(tx, ctx.identity, 'offer:approve');
      const [p] = await tx
        .select({ d: jobPostings.departmentId })
        .from(jobPostings)
        .where(eq(jobPostings.id, o.postingId));
      return Boolean(p && covers(access, p.d));
    },
  });
}

export const offerService = {
  async get(ctx: RecruitingContext, id: string): Promise<Offer | null> {
    requireScope(ctx.identity, 'offer:read', 'team');
    if (!isUuid(id)) return null;
    return ctx.tx(async (tx) => {
      const access = await pipelineAccess(tx, ctx.identity, 'offer:read');
      const [row] = await tx
        .select({ o: offers, d: jobPostings.departmentId })
        .from(offers)
        .innerJoin(jobPostings, eq(jobPostings.id, offers.postingId))
        .where(eq(offers.id, id));
      return row && covers(access, row.d) ? (row.o as Offer) : null;
    });
  },

  /** `Application.offers`: null without `offer:read` (team or all). */
  canRead(ctx: RecruitingContext) {
    const s = scopeFor(ctx.identity, 'offer', 'read');
    return s === 'team' || s === 'all';
  },

  async create(ctx: RecruitingContext, input: CreateOfferInput): Promise<Offer> {
    requireScope(ctx.identity, 'offer:create', 'all');
    const check = checkInput(createSchema, input);
    const today = clock.today();
    if (!check.bad('input.startDate') && input.startDate < today)
      check.fail('input.startDate', 'Must not be in the past');
    if (!check.bad('input.expiresOn') && input.expiresOn < today)
      check.fail('input.expiresOn', 'Must not be in the past');
    return ctx.tx(async (tx) => {
      const c = check.bad('input.applicationId') ? undefined : await contextOf(tx, input.applicationId);
      if (!check.bad('input.applicationId') && !c) throw notFound('Application', input.applicationId);
      if (c && c.app.stage !== 'OFFER')
        throw conflict(`Offers are made at the OFFER stage, not ${c.app.stage}`);
      const posting = c?.posting;
      if (
        posting?.salaryMax &&
        posting.currency &&
        !check.bad('input.baseSalary') &&
        !check.bad('input.currency')
      ) {
        if (input.currency !== posting.currency) {
          check.fail('input.currency', `Must be the posting's currency (${posting.currency})`);
        } else if (cents(input.baseSalary) > cents(posting.salaryMax) && !input.overrideReason?.trim()) {
          check.fail(
            'input.overrideReason',
            `Required: ${input.baseSalary} is above the posting's range (max ${posting.salaryMax} ${posting.currency})`,
          );
        }
      }
      const data = check.valid();
      const [row] = await tx
        .insert(offers)
        .values({
          tenantId: ctx.tenantId(),
          applicationId: data.applicationId,
          postingId: posting!.id,
          baseSalary: data.baseSalary,
          currency: data.currency,
          startDate: data.startDate,
          expiresOn: data.expiresOn,
          employmentType: data.employmentType ?? posting!.employmentType,
          notes: data.notes || null,
          overrideReason: data.overrideReason || null,
          createdBy: ctx.identity.userId,
        })
        .onConflictDoNothing()
        .returning();
      if (!row) throw conflict('The application already has an open offer');
      await audit(ctx, tx, 'offer.create', null, row as Offer);
      return row as Offer;
    });
  },

  submit(ctx: RecruitingContext, id: string) {
    requireScope(ctx.identity, 'offer:update', 'all');
    return transition(ctx, id, 'submit', () => ({ submittedAt: clock.now() }));
  },

  approve(ctx: RecruitingContext, id: string) {
    ctx.authorize('offer:approve');
    return transition(ctx, id, 'approve', async (current, tx) => {
      await approverFor(ctx, tx, current);
      return { approvedBy: ctx.identity.userId, approvedAt: clock.now() };
    });
  },

  reject(ctx: RecruitingContext, id: string, reason: string) {
    ctx.authorize('offer:approve');
    const note = reason?.trim() ?? '';
    if (note.length === 0 || note.length > 2000) {
      throw badInput([{ field: 'reason', message: 'Give a reason of 1–2000 characters' }]);
    }
    return transition(ctx, id, 'reject', async (current, tx) => {
      await approverFor(ctx, tx, current);
      return { decisionNote: note, submittedAt: null };
    });
  },

  send(ctx: RecruitingContext, id: string) {
    requireScope(ctx.identity, 'offer:update', 'all');
    return transition(ctx, id, 'send', () => ({ sentAt: clock.now() }));
  },

  decline(ctx: RecruitingContext, id: string, reason: string | null) {
    requireScope(ctx.identity, 'offer:update', 'all');
    if (reason && reason.length > 2000)
      throw badInput([{ field: 'reason', message: 'At most 2000 characters' }]);
    return transition(ctx, id, 'decline', () => ({
      decidedAt: clock.now(),
      decisionNote: reason?.trim() || null,
    }));
  },

  withdraw(ctx: RecruitingContext, id: string, reason: string | null) {
    requireScope(ctx.identity, 'offer:update', 'all');
    if (reason && reason.length > 2000)
      throw badInput([{ field: 'reason', message: 'At most 2000 characters' }]);
    return transition(ctx, id, 'withdraw', () => ({
      decidedAt: clock.now(),
      decisionNote: reason?.trim() || null,
    }));
  },

  /**
   * The candidate accepted (recorded by the recruiter): in one transaction the offer becomes
   * ACCEPTED, the application HIRED, the posting CLOSED as FILLED once its openings are used, and
   * `recruiting.offer.accepted` carries what people and finance need to hire.
   */
  async accept(ctx: RecruitingContext, id: string): Promise<Offer> {
    requireScope(ctx.identity, 'offer:update', 'all');
    requireId(id);
    const tenantId = ctx.tenantId();
    return ctx.tx(async (tx) => {
      const current = await lock(tx, id);
      const status = effectiveStatus(current);
      if (status !== 'SENT') throw conflict(`Cannot accept a ${status} offer`);
      const c = await contextOf(tx, current.applicationId);
      if (!c) throw notFound('Application', current.applicationId);
      const employeeId = c.app.employeeId ?? c.candidate.employeeId ?? uuidv7();
      const internal = Boolean(c.app.employeeId ?? c.candidate.employeeId);
      const [row] = await tx
        .update(offers)
        .set({ status: 'ACCEPTED', decidedAt: clock.now(), employeeId })
        .where(eq(offers.id, id))
        .returning();
      const after = row as Offer;
      await moveInTx(ctx, tx, [current.applicationId], 'HIRED', { via: 'offer_accepted' });
      // Fill the posting once as many applications are HIRED as it has openings.
      const [posting] = await tx
        .select()
        .from(jobPostings)
        .where(eq(jobPostings.id, c.posting.id))
        .for('update');
      const [hired] = await tx
        .select({ n: count() })
        .from(applications)
        .where(and(eq(applications.postingId, c.posting.id), eq(applications.stage, 'HIRED')));
      if (posting && posting.status !== 'CLOSED' && (hired?.n ?? 0) >= posting.openings) {
        const [closed] = await tx
          .update(jobPostings)
          .set({ status: 'CLOSED', closeReason: 'FILLED', closedAt: clock.now() })
          .where(eq(jobPostings.id, posting.id))
          .returning();
        await emitEvents(tx, outbox, [
          {
            tenantId,
            type: 'recruiting.job_posting.closed',
            aggregateType: 'JobPosting',
            aggregateId: posting.id,
            data: jobPostingSnapshot(closed as JobPosting, posting.status),
          },
        ]);
        await recordAudit(tx, auditLog, [
          {
            tenantId,
            actorId: ctx.identity.userId,
            requestId: ctx.requestId,
            action: 'job_posting.close',
            entityType: 'JobPosting',
            entityId: posting.id,
            before: posting,
            after: closed,
          },
        ]);
      }
      await emitEvents(tx, outbox, [
        {
          tenantId,
          type: 'recruiting.offer.accepted',
          aggregateType: 'Offer',
          aggregateId: id,
          data: {
            ...snapshot(after, c.posting.departmentId, current.status),
            employeeId,
            internal,
            candidateId: c.candidate.id,
            firstName: c.candidate.firstName,
            lastName: c.candidate.lastName,
            email: c.candidate.email,
            phone: c.candidate.phone,
            jobTitle: c.posting.title,
            positionId: c.posting.positionId ?? null,
            payFrequency: 'ANNUAL',
          },
        },
      ]);
      await audit(ctx, tx, 'offer.accept', current, after);
      await dropExpiry(tx, tenantId, id);
      return after;
    });
  },

  /** Offers waiting for the caller's approval (never their own; team scope: their departments). */
  async pendingApprovals(ctx: RecruitingContext): Promise<Offer[]> {
    return (await pending(ctx)).map((r) => r.offer);
  },
};

/**
 * PENDING_APPROVAL offers the caller may decide, oldest first (at most 200), filtered in SQL —
 * never their own, with team scope only their departments' postings — so the limit counts only
 * what the caller sees.
 */
async function pending(ctx: RecruitingContext) {
  const scope = requireScope(ctx.identity, 'offer:approve', 'team');
  return ctx.tx(async (tx) => {
    const access = scope === 'all' ? null : await pipelineAccess(tx, ctx.identity, 'offer:approve');
    const rows = await tx
      .select({
        offer: offers,
        title: jobPostings.title,
        firstName: candidates.firstName,
        lastName: candidates.lastName,
      })
      .from(offers)
      .innerJoin(jobPostings, eq(jobPostings.id, offers.postingId))
      .innerJoin(applications, eq(applications.id, offers.applicationId))
      .innerJoin(candidates, eq(candidates.id, applications.candidateId))
      .where(
        and(
          eq(offers.status, 'PENDING_APPROVAL'),
          ctx.identity.userId
            ? or(isNull(offers.createdBy), ne(offers.createdBy, ctx.identity.userId))
            : undefined,
          access?.departments
            ? access.departments.length > 0
              ? inArray(jobPostings.departmentId, access.departments)
              : sql`false`
            : undefined,
        ),
      )
      .orderBy(offers.submittedAt, offers.id)
      .limit(200);
    return rows.map((r) => ({ ...r, offer: r.offer as Offer }));
  });
}

/**
 * The expiry job (`EXPIRY_QUEUE`): a SENT offer whose `expiresOn` has passed becomes EXPIRED in
 * the database, with its audit row (no actor, request `job:<id>`) and `recruiting.offer.expired`,
 * in the transaction that completes the job, so it happens exactly once. An offer that was
 * answered or withdrawn meanwhile is left alone. Until the job runs, reads compute EXPIRED
 * (`effectiveStatus`), so nobody sees a stale SENT.
 */
export async function expireOffer(job: Job<ExpiryPayload>, jobCtx: JobContext): Promise<void> {
  await jobCtx.complete(async (tx) => {
    const [current] = await tx.select().from(offers).where(eq(offers.id, job.payload.offerId)).for('update');
    if (current?.status !== 'SENT' || current.expiresOn >= clock.today()) return;
    const [row] = await tx
      .update(offers)
      .set({ status: 'EXPIRED' })
      .where(eq(offers.id, current.id))
      .returning();
    const after = row as Offer;
    const c = await contextOf(tx, after.applicationId);
    await emitEvents(tx, outbox, [
      {
        tenantId: job.tenantId,
        type: 'recruiting.offer.expired',
        aggregateType: 'Offer',
        aggregateId: after.id,
        data: snapshot(after, c?.posting.departmentId ?? '', 'SENT'),
      },
    ]);
    await recordAudit(tx, auditLog, [
      {
        tenantId: job.tenantId,
        actorId: null,
        requestId: `job:${job.id}`,
        action: 'offer.expire',
        entityType: 'Offer',
        entityId: after.id,
        before: current,
        after,
      },
    ]);
  });
}

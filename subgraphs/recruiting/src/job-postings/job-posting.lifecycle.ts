import { auditLog, jobPostings, outbox } from '@wg/db/recruiting';
import {
  badInput,
  clock,
  conflict,
  emitEvent,
  type FieldError,
  isUuid,
  notFound,
  recordAudit,
  rules,
  zodFieldErrors,
} from '@wg/runtime';
import { eq } from 'drizzle-orm';
import type { RecruitingContext } from '../loaders';
import type { CloseJobPostingInput, OpenJobPostingInput } from './job-posting.input';
import { jobPostingSnapshot } from './job-posting.service';
import type { JobPosting, JobPostingStatus } from './job-posting.type';

/**
 * The posting state machine:
 *
 *   DRAFT ──open──▶ OPEN ◀──open── ON_HOLD        (hold: OPEN ──▶ ON_HOLD)
 *     │              │                 │
 *     └──close(CANCELLED)──▶ CLOSED ◀──┴──close(FILLED | CANCELLED)
 *                              │
 *                              └──reopen (not FILLED)──▶ OPEN
 *
 * Every move that makes a posting OPEN emits `recruiting.job_posting.opened`, so consumers see
 * the same event whether it was created OPEN, published from DRAFT, resumed or reopened.
 */
const TRANSITIONS = {
  open: { from: ['DRAFT', 'ON_HOLD'], to: 'OPEN', event: 'recruiting.job_posting.opened' },
  hold: { from: ['OPEN'], to: 'ON_HOLD', event: 'recruiting.job_posting.on_hold' },
  close: { from: ['DRAFT', 'OPEN', 'ON_HOLD'], to: 'CLOSED', event: 'recruiting.job_posting.closed' },
  reopen: { from: ['CLOSED'], to: 'OPEN', event: 'recruiting.job_posting.opened' },
} as const satisfies Record<
  string,
  { from: readonly JobPostingStatus[]; to: JobPostingStatus; event: string }
>;

type Move = keyof typeof TRANSITIONS;

/**
 * The frame every transition shares, in the order its errors are reported: FORBIDDEN, BAD_USER_INPUT
 * for a malformed id, NOT_FOUND (unknown or another tenant's, via RLS), CONFLICT for an illegal
 * transition, BAD_USER_INPUT naming every bad field; then one update, one outbox event and one
 * audit record in one transaction, with the row locked so two concurrent moves serialise.
 */
async function transition(
  ctx: RecruitingContext,
  id: string,
  move: Move,
  plan: (current: JobPosting, errors: FieldError[]) => Partial<typeof jobPostings.$inferInsert>,
): Promise<JobPosting> {
  ctx.authorize('job_posting:update');
  const tenantId = ctx.tenantId();
  if (!isUuid(id)) throw badInput([{ field: 'id', message: 'Must be a valid id' }]);
  const rule = TRANSITIONS[move];
  return ctx.tx(async (tx) => {
    const [row] = await tx.select().from(jobPostings).where(eq(jobPostings.id, id)).for('update');
    if (!row) throw notFound('JobPosting', id);
    const current = row as JobPosting;
    if (!(rule.from as readonly JobPostingStatus[]).includes(current.status)) {
      throw conflict(`Cannot ${move.replace('hold', 'put on hold')} a ${current.status} posting`);
    }
    const errors: FieldError[] = [];
    const patch = plan(current, errors);
    if (errors.length > 0) throw badInput(errors);
    const [updated] = await tx
      .update(jobPostings)
      .set({ ...patch, status: rule.to })
      .where(eq(jobPostings.id, id))
      .returning();
    const after = updated as JobPosting;
    await emitEvent(tx, outbox, {
      tenantId,
      type: rule.event,
      aggregateType: 'JobPosting',
      aggregateId: after.id,
      data: jobPostingSnapshot(after, current.status),
    });
    await recordAudit(tx, auditLog, [
      {
        tenantId,
        actorId: ctx.identity.userId,
        requestId: ctx.requestId,
        action: `job_posting.${move}`,
        entityType: 'JobPosting',
        entityId: after.id,
        before: current,
        after,
      },
    ]);
    return after;
  });
}

/**
 * A posting about to become OPEN needs a closing date that has not passed: a new one from the
 * input, or the stored one. Returns the patch for `closesOn` (empty when kept).
 */
function closingDate(
  current: JobPosting,
  input: OpenJobPostingInput | null | undefined,
  errors: FieldError[],
): Partial<typeof jobPostings.$inferInsert> {
  const given = input?.closesOn;
  if (given !== undefined && given !== null) {
    const parsed = rules.date().safeParse(given);
    if (!parsed.success) {
      errors.push(...zodFieldErrors(parsed.error, 'input.closesOn'));
    } else if (given < clock.today()) {
      errors.push({ field: 'input.closesOn', message: 'Must not be in the past' });
    }
    return { closesOn: given };
  }
  if (given === null) return { closesOn: null };
  if (current.closesOn !== null && current.closesOn < clock.today()) {
    errors.push({
      field: 'input.closesOn',
      message: `The closing date ${current.closesOn} has passed; give a new one`,
    });
  }
  return {};
}

export const jobPostingLifecycle = {
  /** DRAFT → OPEN (publish) or ON_HOLD → OPEN (resume). Emits `opened`. */
  open(ctx: RecruitingContext, id: string, input?: OpenJobPostingInput | null) {
    return transition(ctx, id, 'open', (current, errors) => closingDate(current, input, errors));
  },

  /** OPEN → ON_HOLD: stays announced but stops counting as an opening. Emits `on_hold`. */
  hold(ctx: RecruitingContext, id: string) {
    return transition(ctx, id, 'hold', () => ({}));
  },

  /** DRAFT | OPEN | ON_HOLD → CLOSED with a reason; a DRAFT can only be CANCELLED. Emits `closed`. */
  close(ctx: RecruitingContext, id: string, input: CloseJobPostingInput) {
    return transition(ctx, id, 'close', (current, errors) => {
      if (input.reason !== 'FILLED' && input.reason !== 'CANCELLED') {
        errors.push({ field: 'input.reason', message: 'Must be FILLED or CANCELLED' });
      } else if (current.status === 'DRAFT' && input.reason === 'FILLED') {
        errors.push({
          field: 'input.reason',
          message: 'A draft was never open, so it can only be CANCELLED',
        });
      }
      return { closeReason: input.reason, closedAt: new Date() };
    });
  },

  /** CLOSED → OPEN unless it was FILLED (CONFLICT). Clears the close reason. Emits `opened`. */
  reopen(ctx: RecruitingContext, id: string, input?: OpenJobPostingInput | null) {
    return transition(ctx, id, 'reopen', (current, errors) => {
      if (current.closeReason === 'FILLED') throw conflict('A FILLED posting cannot be reopened');
      return { ...closingDate(current, input, errors), closeReason: null, closedAt: null };
    });
  },
};

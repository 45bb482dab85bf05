import {
  applications,
  auditLog,
  interviewInterviewers,
  interviews,
  jobPostings,
  postingRubrics,
  scorecards,
} from '@wg/db/recruiting';
import {
  badInput,
  checkInput,
  clock,
  conflict,
  forbidden,
  isUuid,
  notFound,
  recordAudit,
  requireScope,
  scopeFor,
  z,
} from '@wg/runtime';
import { and, eq } from 'drizzle-orm';
import { covers } from '../access';
import type { RecruitingContext } from '../loaders';
import type { SubmitScorecardInput } from './interview.input';
import { Recommendation, Scorecard, ScorecardRating } from './interview.type';

const attribute = z.string().trim().min(1, 'Must not be empty').max(100, 'At most 100 characters');

const submitSchema = z.object({
  recommendation: z.enum(Object.values(Recommendation) as [Recommendation, ...Recommendation[]]),
  ratings: z
    .array(
      z.object({
        attribute,
        rating: z.number().int('Must be a whole number').min(1, 'Ratings are 1–5').max(5, 'Ratings are 1–5'),
      }),
    )
    .max(50)
    .nullish(),
  notes: z.string().trim().max(10_000, 'Must be at most 10000 characters').nullish(),
});

const toScorecard = (row: typeof scorecards.$inferSelect): Scorecard =>
  Object.assign(new Scorecard(), {
    ...row,
    ratings: row.ratings.map((r) => Object.assign(new ScorecardRating(), r)),
  });

export const scorecardService = {
  async setRubric(ctx: RecruitingContext, postingId: string, attributes: string[]): Promise<string[]> {
    requireScope(ctx.identity, 'job_posting:update', 'all');
    const check = checkInput(
      z.object({
        attributes: z
          .array(attribute)
          .max(20, 'At most 20 attributes')
          .refine(
            (a) => new Set(a.map((x) => x.trim().toLowerCase())).size === a.length,
            'Attributes must be distinct',
          ),
      }),
      { attributes },
      '',
    );
    if (!isUuid(postingId)) check.fail('postingId', 'Must be a valid id');
    const data = check.valid();
    return ctx.tx(async (tx) => {
      const [posting] = await tx
        .select({ id: jobPostings.id })
        .from(jobPostings)
        .where(eq(jobPostings.id, postingId));
      if (!posting) throw notFound('JobPosting', postingId);
      const values = { tenantId: ctx.tenantId(), postingId, attributes: data.attributes };
      await tx
        .insert(postingRubrics)
        .values(values)
        .onConflictDoUpdate({ target: [postingRubrics.tenantId, postingRubrics.postingId], set: values });
      await recordAudit(tx, auditLog, [
        {
          tenantId: ctx.tenantId(),
          actorId: ctx.identity.userId,
          requestId: ctx.requestId,
          action: 'posting_rubric.set',
          entityType: 'JobPosting',
          entityId: postingId,
          after: values,
        },
      ]);
      return data.attributes;
    });
  },

  /**
   * One scorecard per interviewer per interview, by an interviewer of it, once it has started
   * (or completed); never for a cancelled or no-show interview. Ratings name rubric attributes.
   */
  async submit(ctx: RecruitingContext, interviewId: string, input: SubmitScorecardInput): Promise<Scorecard> {
    ctx.authorize('scorecard:create');
    const me = ctx.identity.employeeId;
    if (!me) throw forbidden('scorecard:create (only interviewers submit scorecards)');
    const check = checkInput(submitSchema, input);
    if (!isUuid(interviewId)) check.fail('interviewId', 'Must be a valid id');
    return ctx.tx(async (tx) => {
      const parsed = check.ok ? check.valid() : null;
      const [interview] = isUuid(interviewId)
        ? await tx
            .select({ i: interviews, postingId: applications.postingId })
            .from(interviews)
            .innerJoin(applications, eq(applications.id, interviews.applicationId))
            .where(eq(interviews.id, interviewId))
        : [];
      if (isUuid(interviewId) && !interview) throw notFound('Interview', interviewId);
      if (interview) {
        const [seat] = await tx
          .select({ e: interviewInterviewers.employeeId })
          .from(interviewInterviewers)
          .where(
            and(eq(interviewInterviewers.interviewId, interviewId), eq(interviewInterviewers.employeeId, me)),
          );
        if (!seat) throw forbidden('scorecard:create (only this interview’s interviewers)');
        const [rubric] = await tx
          .select({ attributes: postingRubrics.attributes })
          .from(postingRubrics)
          .where(eq(postingRubrics.postingId, interview.postingId));
        const allowed = new Set((rubric?.attributes ?? []).map((a) => a.toLowerCase()));
        const seen = new Set<string>();
        for (const [n, r] of (input.ratings ?? []).entries()) {
          const key = r.attribute?.trim().toLowerCase();
          if (check.bad(`input.ratings.${n}.attribute`) || !key) continue;
          if (!allowed.has(key))
            check.fail(`input.ratings.${n}.attribute`, 'Not an attribute of the posting’s rubric');
          else if (seen.has(key)) check.fail(`input.ratings.${n}.attribute`, 'Rated twice');
          seen.add(key);
        }
      }
      const data = parsed ?? check.valid();
      if (check.errors.length > 0) throw badInput(check.errors);
      const i = interview!.i;
      if (i.status === 'CANCELLED' || i.status === 'NO_SHOW')
        throw conflict(`A ${i.status} interview takes no scorecards`);
      if (i.startsAt > clock.now()) throw conflict('Scorecards open when the interview starts');
      const [row] = await tx
        .insert(scorecards)
        .values({
          tenantId: ctx.tenantId(),
          interviewId,
          applicationId: i.applicationId,
          interviewerId: me,
          recommendation: data.recommendation,
          ratings: (data.ratings ?? []).map((r) => ({ attribute: r.attribute, rating: r.rating })),
          notes: data.notes || null,
        })
        .onConflictDoNothing()
        .returning();
      if (!row) throw conflict('You already submitted a scorecard for this interview');
      await recordAudit(tx, auditLog, [
        {
          tenantId: ctx.tenantId(),
          actorId: ctx.identity.userId,
          requestId: ctx.requestId,
          action: 'scorecard.submit',
          entityType: 'Scorecard',
          entityId: row.id,
          after: row,
        },
      ]);
      return toScorecard(row);
    });
  },

  /**
   * The scorecards of one application (or interview) the caller may read. Your own always; an
   * interviewer who has not submitted theirs for an interview sees no one else's for it; beyond
   * that `scorecard:read` decides: `all` everything, `team` postings of your departments, `own`
   * only interviews you sat on. Null without `scorecard:read` at all.
   */
  async visible(
    ctx: RecruitingContext,
    applicationId: string,
    interviewId?: string,
  ): Promise<Scorecard[] | null> {
    const scope = scopeFor(ctx.identity, 'scorecard', 'read');
    if (!scope) return null;
    const me = ctx.identity.employeeId;
    const all = (await ctx.loaders.scorecardsByApplication.load(applicationId)).filter(
      (s) => !interviewId || s.interviewId === interviewId,
    );
    if (all.length === 0) return [];
    const mine = me ? await ctx.loaders.seatsOfEmployee.load(me) : new Set<string>();
    const submitted = new Set(all.filter((s) => s.interviewerId === me).map((s) => s.interviewId));
    let coversPosting = scope === 'all';
    if (scope === 'team') {
      const access = await ctx.loaders.pipelineAccess.load('scorecard:read');
      const app = await ctx.loaders.applicationById.load(applicationId);
      const posting = app ? await ctx.loaders.jobPostingById.load(app.postingId) : null;
      coversPosting = Boolean(posting && covers(access, posting.departmentId));
    }
    return all
      .filter((s) => {
        if (s.interviewerId === me) return true;
        if (mine.has(s.interviewId)) return submitted.has(s.interviewId);
        return coversPosting;
      })
      .map(toScorecard);
  },
};

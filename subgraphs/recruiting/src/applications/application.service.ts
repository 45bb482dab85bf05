import type { Tx } from '@wg/db';
import {
  applicationStageHistory,
  applications,
  auditLog,
  candidates,
  jobPostings,
  outbox,
  rejectReasons,
} from '@wg/db/recruiting';
import {
  type Connection,
  checkInput,
  clock,
  conflict,
  emitEvents,
  forbidden,
  isUuid,
  notFound,
  type PageArgs,
  paginate,
  recordAudit,
  requireScope,
  rules,
  scopeFor,
  z,
} from '@wg/runtime';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { covers, pipelineAccess } from '../access';
import type { ReferCandidateInput } from '../candidates/candidate.input';
import {
  candidateFields,
  DuplicateCandidateError,
  findDuplicate,
  insertCandidate,
} from '../candidates/candidate.service';
import type { ApplicationSnapshot } from '../events';
import type { RecruitingContext } from '../loaders';
import type {
  ApplyInput,
  CreateRejectReasonInput,
  MoveApplicationInput,
  MoveApplicationsInput,
} from './application.input';
import { illegalMove, type MoveVia, OPEN_STAGES } from './application.stages';
import {
  type Application,
  ApplicationStage,
  type Pipeline,
  PipelineStageCount,
  RejectReason,
} from './application.type';

const ALL_STAGES = Object.values(ApplicationStage) as ApplicationStage[];
const stageRule = z.enum(ALL_STAGES as [ApplicationStage, ...ApplicationStage[]], 'Unknown stage');
const noteRule = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Must be at most ${max} characters`)
    .transform((v) => (v === '' ? null : v))
    .nullish();

const applySchema = z.object({ candidateId: rules.uuid(), postingId: rules.uuid(), note: noteRule(10_000) });
const moveSchema = z.object({ to: stageRule, rejectReasonId: rules.uuid().nullish(), note: noteRule(2000) });
const moveManySchema = moveSchema.extend({
  ids: z
    .array(rules.uuid())
    .min(1, 'Give at least one application')
    .max(100, 'At most 100 applications at once')
    .refine((ids) => new Set(ids).size === ids.length, 'Ids must be distinct'),
});
const referSchema = z.object({
  ...candidateFields,
  postingId: rules.uuid(),
  note: noteRule(10_000),
});

interface MoveRow {
  app: Application;
  departmentId: string;
  source: ApplicationSnapshot['source'];
}

const snapshot = (
  a: Application,
  departmentId: string,
  source: ApplicationSnapshot['source'],
  previousStage?: ApplicationStage,
  rejectReason?: string | null,
): ApplicationSnapshot => ({
  id: a.id,
  candidateId: a.candidateId,
  postingId: a.postingId,
  departmentId,
  stage: a.stage,
  source,
  appliedAt: a.createdAt.toISOString(),
  stageChangedAt: a.stageChangedAt.toISOString(),
  employeeId: a.employeeId,
  ...(previousStage ? { previousStage } : {}),
  ...(rejectReason !== undefined ? { rejectReason } : {}),
});

/** The OPEN posting to apply to: NOT_FOUND when unknown (or another tenant's), CONFLICT unless OPEN. */
async function openPosting(tx: Tx, postingId: string) {
  // FOR SHARE: a concurrent close waits for this application, and vice versa.
  const [posting] = await tx.select().from(jobPostings).where(eq(jobPostings.id, postingId)).for('share');
  if (!posting) throw notFound('JobPosting', postingId);
  if (posting.status !== 'OPEN')
    throw conflict(`The posting is ${posting.status}; only OPEN postings take applications`);
  return posting;
}

/**
 * Inserts the application (stage APPLIED), its first history row, the `created` event and the
 * audit record. One per candidate per posting: an existing one is CONFLICT naming it.
 */
async function createApplication(
  ctx: RecruitingContext,
  tx: Tx,
  args: {
    candidate: {
      id: string;
      source: ApplicationSnapshot['source'];
      employeeId: string | null;
      referredByEmployeeId: string | null;
    };
    posting: { id: string; departmentId: string };
    note: string | null | undefined;
  },
): Promise<Application> {
  const tenantId = ctx.tenantId();
  const now = clock.now();
  const [row] = await tx
    .insert(applications)
    .values({
      tenantId,
      candidateId: args.candidate.id,
      postingId: args.posting.id,
      stage: 'APPLIED',
      employeeId: args.candidate.employeeId,
      referredByEmployeeId: args.candidate.referredByEmployeeId,
      stageChangedAt: now,
      stageChangedBy: ctx.identity.userId,
      createdAt: now,
    })
    .onConflictDoNothing({
      target: [applications.tenantId, applications.candidateId, applications.postingId],
    })
    .returning();
  if (!row) {
    const [existing] = await tx
      .select({ id: applications.id })
      .from(applications)
      .where(
        and(eq(applications.candidateId, args.candidate.id), eq(applications.postingId, args.posting.id)),
      );
    throw conflict(
      `The candidate already applied to this posting (application ${existing?.id ?? 'unknown'})`,
    );
  }
  const app = row as Application;
  await tx.insert(applicationStageHistory).values({
    tenantId,
    applicationId: app.id,
    fromStage: null,
    toStage: 'APPLIED',
    note: args.note ?? null,
    actorId: ctx.identity.userId,
    at: now,
  });
  await emitEvents(tx, outbox, [
    {
      tenantId,
      type: 'recruiting.application.created',
      aggregateType: 'Application',
      aggregateId: app.id,
      data: snapshot(app, args.posting.departmentId, args.candidate.source),
    },
  ]);
  await recordAudit(tx, auditLog, [
    {
      tenantId,
      actorId: ctx.identity.userId,
      requestId: ctx.requestId,
      action: 'application.create',
      entityType: 'Application',
      entityId: app.id,
      after: app,
    },
  ]);
  return app;
}

/**
 * Moves applications in the caller's transaction, all or nothing: rows locked in id order (two
 * bulk moves never deadlock), every move checked before anything is written. Shared by
 * `moveApplication(s)` and offer acceptance (`via: 'offer_accepted'`, the only way to HIRED).
 */
export async function moveInTx(
  ctx: RecruitingContext,
  tx: Tx,
  ids: readonly string[],
  to: ApplicationStage,
  opts: { rejectReason?: { id: string; label: string } | null; note?: string | null; via?: MoveVia } = {},
): Promise<Application[]> {
  const tenantId = ctx.tenantId();
  // Lock first, in id order (drizzle's `FOR UPDATE OF` would schema-qualify the table, which
  // PostgreSQL refuses), then read the joined rows.
  await tx
    .select({ id: applications.id })
    .from(applications)
    .where(inArray(applications.id, [...ids]))
    .orderBy(asc(applications.id))
    .for('update');
  const rows = await tx
    .select({ app: applications, departmentId: jobPostings.departmentId, source: candidates.source })
    .from(applications)
    .innerJoin(jobPostings, eq(jobPostings.id, applications.postingId))
    .innerJoin(candidates, eq(candidates.id, applications.candidateId))
    .where(inArray(applications.id, [...ids]));
  const found = new Map(rows.map((r) => [r.app.id, r as unknown as MoveRow]));
  const missing = ids.find((id) => !found.has(id));
  if (missing) throw notFound('Application', missing);
  const illegal = [...found.values()]
    .map((r) => ({ id: r.app.id, why: illegalMove(r.app.stage, to, opts.via) }))
    .filter((r) => r.why !== null);
  if (illegal.length > 0) {
    throw conflict(
      illegal.length === 1
        ? `Application ${illegal[0]!.id}: ${illegal[0]!.why}`
        : `${illegal.length} applications cannot move to ${to} (nothing was moved): ${illegal.map((r) => `${r.id}: ${r.why}`).join('; ')}`,
    );
  }
  const now = clock.now();
  const updated = (await tx
    .update(applications)
    .set({
      stage: to,
      rejectReasonId: to === 'REJECTED' ? (opts.rejectReason?.id ?? null) : null,
      stageChangedAt: now,
      stageChangedBy: ctx.identity.userId,
    })
    .where(inArray(applications.id, [...ids]))
    .returning()) as Application[];
  await tx.insert(applicationStageHistory).values(
    updated.map((a) => ({
      tenantId,
      applicationId: a.id,
      fromStage: found.get(a.id)!.app.stage,
      toStage: to,
      rejectReasonId: to === 'REJECTED' ? (opts.rejectReason?.id ?? null) : null,
      note: opts.note ?? null,
      actorId: ctx.identity.userId,
      at: now,
    })),
  );
  await emitEvents(
    tx,
    outbox,
    updated.map((a) => {
      const before = found.get(a.id)!;
      return {
        tenantId,
        type: 'recruiting.application.stage_changed' as const,
        aggregateType: 'Application',
        aggregateId: a.id,
        data: snapshot(
          a,
          before.departmentId,
          before.source,
          before.app.stage,
          to === 'REJECTED' ? (opts.rejectReason?.label ?? null) : null,
        ),
      };
    }),
  );
  await recordAudit(
    tx,
    auditLog,
    updated.map((a) => ({
      tenantId,
      actorId: ctx.identity.userId,
      requestId: ctx.requestId,
      action: 'application.move',
      entityType: 'Application',
      entityId: a.id,
      before: found.get(a.id)!.app,
      after: a,
    })),
  );
  const byId = new Map(updated.map((a) => [a.id, a]));
  return ids.map((id) => byId.get(id)!);
}

export const applicationService = {
  canRead: (ctx: RecruitingContext) => canReadPipeline(ctx),

  async get(ctx: RecruitingContext, id: string): Promise<Application | null> {
    ctx.authorize('application:read');
    if (!isUuid(id)) return null;
    return ctx.tx(async (tx) => {
      const access = await pipelineAccess(tx, ctx.identity, 'application:read');
      const [row] = await tx
        .select({ app: applications, departmentId: jobPostings.departmentId })
        .from(applications)
        .innerJoin(jobPostings, eq(jobPostings.id, applications.postingId))
        .where(eq(applications.id, id));
      if (!row || !covers(access, row.departmentId)) return null;
      return row.app as Application;
    });
  },

  async apply(ctx: RecruitingContext, input: ApplyInput): Promise<Application> {
    requireScope(ctx.identity, 'application:create', 'all');
    const data = checkInput(applySchema, input).valid();
    return ctx.tx(async (tx) => {
      const [candidate] = await tx
        .select()
        .from(candidates)
        .where(eq(candidates.id, data.candidateId))
        .for('share');
      if (!candidate) throw notFound('Candidate', data.candidateId);
      if (candidate.erasedAt) throw conflict('An erased candidate cannot apply');
      const posting = await openPosting(tx, data.postingId);
      return createApplication(ctx, tx, { candidate, posting, note: data.note });
    });
  },

  async move(ctx: RecruitingContext, id: string, input: MoveApplicationInput): Promise<Application> {
    requireScope(ctx.identity, 'application:update', 'all');
    const check = checkInput(moveSchema, input);
    if (!isUuid(id)) check.fail('id', 'Must be a valid id');
    return ctx.tx(async (tx) => {
      const reason = await rejectReasonFor(tx, input, check);
      const data = check.valid();
      const [moved] = await moveInTx(ctx, tx, [id], data.to, {
        rejectReason: reason,
        note: data.note ?? null,
      });
      return moved!;
    });
  },

  async moveMany(ctx: RecruitingContext, input: MoveApplicationsInput): Promise<Application[]> {
    requireScope(ctx.identity, 'application:update', 'all');
    const check = checkInput(moveManySchema, input);
    return ctx.tx(async (tx) => {
      const reason = await rejectReasonFor(tx, input, check);
      const data = check.valid();
      return moveInTx(ctx, tx, data.ids, data.to, { rejectReason: reason, note: data.note ?? null });
    });
  },

  /** An employee refers someone: a REFERRAL candidate plus an application, both at once. */
  async refer(ctx: RecruitingContext, input: ReferCandidateInput): Promise<Application> {
    ctx.authorize('referral:create');
    const referrer = ctx.identity.employeeId;
    if (!referrer) throw forbidden('referral:create (only employees refer)');
    const data = checkInput(referSchema, input).valid();
    return ctx.tx(async (tx) => {
      const posting = await openPosting(tx, data.postingId);
      try {
        await findDuplicate(tx, data, false);
      } catch (error) {
        // The referrer may not learn who else is in the pipeline: no id, no detail.
        if (error instanceof DuplicateCandidateError) throw conflict('This person is already a candidate');
        throw error;
      }
      const candidate = await insertCandidate(tx, ctx.tenantId(), {
        ...data,
        source: 'REFERRAL',
        referredByEmployeeId: referrer,
      });
      return createApplication(ctx, tx, { candidate, posting, note: data.note });
    });
  },

  /** `JobPosting.applications`: null when the posting is outside the caller's pipeline access. */
  async forPosting(
    ctx: RecruitingContext,
    posting: { id: string; departmentId: string },
    stage: ApplicationStage | null | undefined,
    page: PageArgs,
  ): Promise<Connection<Application> | null> {
    if (!canReadPipeline(ctx)) return null;
    return ctx.tx(async (tx) => {
      const access = await pipelineAccess(tx, ctx.identity, 'application:read');
      if (!covers(access, posting.departmentId)) return null;
      const where = and(
        eq(applications.postingId, posting.id),
        stage ? eq(applications.stage, stage) : undefined,
      );
      return paginate<typeof applications, Application>(
        tx,
        { table: applications, key: applications.id, where },
        page,
      );
    });
  },

  /** `JobPosting.pipeline`: every stage's count (batched across postings), null outside access. */
  async pipeline(
    ctx: RecruitingContext,
    posting: { id: string; departmentId: string },
  ): Promise<Pipeline | null> {
    if (!canReadPipeline(ctx)) return null;
    const access = await ctx.loaders.pipelineAccess.load('application:read');
    if (!covers(access, posting.departmentId)) return null;
    const counts = await ctx.loaders.stageCountsByPosting.load(posting.id);
    const stages = ALL_STAGES.map((stage) =>
      Object.assign(new PipelineStageCount(), { stage, count: counts.get(stage) ?? 0 }),
    );
    return {
      stages,
      total: stages.reduce((n, s) => n + s.count, 0),
      active: stages.filter((s) => OPEN_STAGES.includes(s.stage)).reduce((n, s) => n + s.count, 0),
    };
  },

  /** `Candidate.applications` / `Employee.applications`: those the caller's access covers. */
  async visible(ctx: RecruitingContext, apps: Application[]): Promise<Application[]> {
    if (apps.length === 0) return [];
    const access = await ctx.loaders.pipelineAccess.load('application:read');
    if (access.departments === null) return apps;
    const postings = await ctx.loaders.jobPostingById.loadMany(apps.map((a) => a.postingId));
    return apps.filter((_a, i) => {
      const p = postings[i];
      return p && !(p instanceof Error) && covers(access, p.departmentId);
    });
  },

  async rejectReasons(ctx: RecruitingContext): Promise<RejectReason[]> {
    ctx.authorize('application:read');
    return ctx.tx(
      (tx) =>
        tx
          .select()
          .from(rejectReasons)
          .orderBy(asc(sql`lower(${rejectReasons.label})`)) as Promise<RejectReason[]>,
    );
  },

  async createRejectReason(ctx: RecruitingContext, input: CreateRejectReasonInput): Promise<RejectReason> {
    requireScope(ctx.identity, 'application:update', 'all');
    const tenantId = ctx.tenantId();
    const data = checkInput(z.object({ label: rules.name('Label') }), input).valid();
    return ctx.tx(async (tx) => {
      const [row] = await tx
        .insert(rejectReasons)
        .values({ tenantId, label: data.label })
        .onConflictDoNothing()
        .returning();
      if (!row) throw conflict(`The reject reason "${data.label}" already exists`);
      await recordAudit(tx, auditLog, [
        {
          tenantId,
          actorId: ctx.identity.userId,
          requestId: ctx.requestId,
          action: 'reject_reason.create',
          entityType: 'RejectReason',
          entityId: row.id,
          after: row,
        },
      ]);
      return Object.assign(new RejectReason(), row);
    });
  },
};

/** Who may see any pipeline data at all: `application:read` at scope team or all. */
function canReadPipeline(ctx: RecruitingContext): boolean {
  const scope = scopeFor(ctx.identity, 'application', 'read');
  return scope === 'all' || scope === 'team';
}

/** The reject reason rule: required for REJECTED (and one of the tenant's), refused otherwise. */
async function rejectReasonFor(
  tx: Tx,
  input: { to?: unknown; rejectReasonId?: string | null },
  check: { bad(field: string): boolean; fail(field: string, message: string): void },
): Promise<{ id: string; label: string } | null> {
  const given = input.rejectReasonId !== null && input.rejectReasonId !== undefined;
  if (input.to === 'REJECTED' && !given) {
    check.fail('input.rejectReasonId', 'A rejection needs a reason (see rejectReasons)');
    return null;
  }
  if (input.to !== 'REJECTED' && given) {
    check.fail('input.rejectReasonId', 'Only a rejection takes a reason');
    return null;
  }
  if (!given || check.bad('input.rejectReasonId')) return null;
  const [reason] = await tx.select().from(rejectReasons).where(eq(rejectReasons.id, input.rejectReasonId!));
  if (!reason) check.fail('input.rejectReasonId', 'Unknown reject reason');
  return reason ?? null;
}

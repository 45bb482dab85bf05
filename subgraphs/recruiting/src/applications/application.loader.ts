import { applicationStageHistory, applications, rejectReasons } from '@wg/db/recruiting';
import { groupedLoader, keyedLoader, type LoaderContext } from '@wg/runtime';
import DataLoader from 'dataloader';
import { asc, count, inArray } from 'drizzle-orm';
import type { Application, ApplicationStage } from './application.type';

/** Applications by id (`Application.__resolveReference`, offers, interviews). */
export const applicationById = (ctx: LoaderContext) =>
  keyedLoader<string, Application>(
    (ids) =>
      ctx.tx(
        (tx) =>
          tx
            .select()
            .from(applications)
            .where(inArray(applications.id, [...ids])) as Promise<Application[]>,
      ),
    (a) => a.id,
  );

/**
 * Applications grouped by one of their reference columns, oldest first: one statement per batch
 * of keys, whichever side (candidate, internal applicant, referrer) asks.
 */
const applicationsGroupedBy =
  (column: 'candidateId' | 'employeeId' | 'referredByEmployeeId') => (ctx: LoaderContext) =>
    groupedLoader<string, Application>(
      (ids) =>
        ctx.tx(
          (tx) =>
            tx
              .select()
              .from(applications)
              .where(inArray(applications[column], [...ids]))
              .orderBy(asc(applications.id)) as Promise<Application[]>,
        ),
      (a) => a[column] ?? '',
    );

/** `Candidate.applications`: every candidate's applications in one statement, oldest first. */
export const applicationsByCandidate = applicationsGroupedBy('candidateId');

/** `Employee.applications` (internal mobility). */
export const applicationsByEmployee = applicationsGroupedBy('employeeId');

/** `Employee.referrals`: applications by the employee who referred the candidate. */
export const applicationsByReferrer = applicationsGroupedBy('referredByEmployeeId');

/** `Application.stageHistory`, oldest move first. */
export const stageHistoryByApplication = (ctx: LoaderContext) =>
  groupedLoader(
    (ids: readonly string[]) =>
      ctx.tx((tx) =>
        tx
          .select()
          .from(applicationStageHistory)
          .where(inArray(applicationStageHistory.applicationId, [...ids]))
          .orderBy(asc(applicationStageHistory.at), asc(applicationStageHistory.id)),
      ),
    (h) => h.applicationId,
  );

export const rejectReasonById = (ctx: LoaderContext) =>
  keyedLoader(
    (ids: readonly string[]) =>
      ctx.tx((tx) =>
        tx
          .select()
          .from(rejectReasons)
          .where(inArray(rejectReasons.id, [...ids])),
      ),
    (r) => r.id,
  );

/** `JobPosting.pipeline`: counts per stage of many postings in one grouped statement. */
export const stageCountsByPosting = (ctx: LoaderContext) =>
  new DataLoader<string, Map<ApplicationStage, number>>(async (ids) => {
    const rows = await ctx.tx((tx) =>
      tx
        .select({ postingId: applications.postingId, stage: applications.stage, n: count() })
        .from(applications)
        .where(inArray(applications.postingId, [...ids]))
        .groupBy(applications.postingId, applications.stage),
    );
    const byPosting = new Map<string, Map<ApplicationStage, number>>();
    for (const r of rows) {
      const m = byPosting.get(r.postingId) ?? new Map<ApplicationStage, number>();
      m.set(r.stage, Number(r.n));
      byPosting.set(r.postingId, m);
    }
    return ids.map((id) => byPosting.get(id) ?? new Map());
  });

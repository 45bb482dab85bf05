import { interviewInterviewers, interviewReschedules, interviews, scorecards } from '@wg/db/recruiting';
import { groupedLoader, type LoaderContext } from '@wg/runtime';
import DataLoader from 'dataloader';
import { asc, inArray } from 'drizzle-orm';
import type { Interview } from './interview.type';

/** `Application.interviews`, earliest first. */
export const interviewsByApplication = (ctx: LoaderContext) =>
  groupedLoader<string, Interview>(
    (ids) =>
      ctx.tx(
        (tx) =>
          tx
            .select()
            .from(interviews)
            .where(inArray(interviews.applicationId, [...ids]))
            .orderBy(asc(interviews.startsAt), asc(interviews.id)) as Promise<Interview[]>,
      ),
    (i) => i.applicationId,
  );

/** `Interview.interviewers`: employee ids per interview. */
export const interviewersByInterview = (ctx: LoaderContext) =>
  groupedLoader(
    (ids: readonly string[]) =>
      ctx.tx((tx) =>
        tx
          .select({
            interviewId: interviewInterviewers.interviewId,
            employeeId: interviewInterviewers.employeeId,
          })
          .from(interviewInterviewers)
          .where(inArray(interviewInterviewers.interviewId, [...ids]))
          .orderBy(asc(interviewInterviewers.employeeId)),
      ),
    (r) => r.interviewId,
  );

/** The interviews an employee sits on (for the scorecard rule), as a set of ids. */
export const seatsOfEmployee = (ctx: LoaderContext) =>
  new DataLoader<string, Set<string>>(async (ids) => {
    const rows = await ctx.tx((tx) =>
      tx
        .select({
          interviewId: interviewInterviewers.interviewId,
          employeeId: interviewInterviewers.employeeId,
        })
        .from(interviewInterviewers)
        .where(inArray(interviewInterviewers.employeeId, [...ids])),
    );
    return ids.map((id) => new Set(rows.filter((r) => r.employeeId === id).map((r) => r.interviewId)));
  });

export const reschedulesByInterview = (ctx: LoaderContext) =>
  groupedLoader(
    (ids: readonly string[]) =>
      ctx.tx((tx) =>
        tx
          .select()
          .from(interviewReschedules)
          .where(inArray(interviewReschedules.interviewId, [...ids]))
          .orderBy(asc(interviewReschedules.at), asc(interviewReschedules.id)),
      ),
    (r) => r.interviewId,
  );

export const scorecardsByApplication = (ctx: LoaderContext) =>
  groupedLoader(
    (ids: readonly string[]) =>
      ctx.tx((tx) =>
        tx
          .select()
          .from(scorecards)
          .where(inArray(scorecards.applicationId, [...ids]))
          .orderBy(asc(scorecards.submittedAt), asc(scorecards.id)),
      ),
    (r) => r.applicationId,
  );

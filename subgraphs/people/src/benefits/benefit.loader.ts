import { benefitEnrollments, benefitPlans } from '@wg/db/people';
import type { LoaderContext } from '@wg/runtime';
import { groupedLoader, isUuid, keyedLoader } from '@wg/runtime';
import { asc, desc, inArray } from 'drizzle-orm';
import { type BenefitEnrollment, type BenefitPlan, type BenefitPlanRow, toBenefitPlan } from './benefit.type';

export const benefitPlanById = (ctx: LoaderContext) =>
  keyedLoader<string, BenefitPlan>(
    async (ids) => {
      const rows = await ctx.tx((tx) =>
        tx
          .select()
          .from(benefitPlans)
          .where(inArray(benefitPlans.id, ids.filter(isUuid))),
      );
      return rows.map((r) => toBenefitPlan(r as BenefitPlanRow));
    },
    (p) => p.id,
  );

/** `Employee.benefits` for a whole page in one statement, latest coverage first. */
export const benefitEnrollmentsByEmployee = (ctx: LoaderContext) =>
  groupedLoader<string, BenefitEnrollment>(
    (ids) =>
      ctx.tx((tx) =>
        tx
          .select()
          .from(benefitEnrollments)
          .where(inArray(benefitEnrollments.employeeId, ids.filter(isUuid)))
          .orderBy(desc(benefitEnrollments.coverageStart), asc(benefitEnrollments.id)),
      ) as Promise<BenefitEnrollment[]>,
    (e) => e.employeeId,
  );

export const benefitEnrollmentById = (ctx: LoaderContext) =>
  keyedLoader<string, BenefitEnrollment>(
    (ids) =>
      ctx.tx((tx) =>
        tx
          .select()
          .from(benefitEnrollments)
          .where(inArray(benefitEnrollments.id, ids.filter(isUuid))),
      ) as Promise<BenefitEnrollment[]>,
    (e) => e.id,
  );

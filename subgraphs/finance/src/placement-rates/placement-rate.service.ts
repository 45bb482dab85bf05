import { placementRates } from '@wg/db/finance';
import {
  type Connection,
  checkInput,
  Dec,
  Money,
  mapNodes,
  type PageArgs,
  paginate,
  requireScope,
  rules,
  z,
} from '@wg/runtime';
import { and, eq, type SQL } from 'drizzle-orm';
import type { FinanceContext } from '../loaders';
import type { PlacementRate } from './placement-rate.type';

const filterSchema = z.object({
  departmentId: rules.uuid().nullish(),
  employeeId: rules.uuid().nullish(),
  postingId: rules.uuid().nullish(),
});

type Row = typeof placementRates.$inferSelect;

const toRate = (r: Row): PlacementRate => ({
  negotiationId: r.negotiationId,
  postingId: r.postingId,
  departmentId: r.departmentId,
  applicationId: r.applicationId,
  candidateId: r.candidateId,
  employeeId: r.employeeId,
  jobTitle: r.jobTitle,
  unit: r.unit,
  billRate: Money.of(r.billRate, r.currency),
  payRate: Money.of(r.payRate, r.currency),
  margin: r.margin,
  spread: Money.of(Dec.of(r.billRate).minus(r.payRate).toFixed(2), r.currency),
  effectiveFrom: r.effectiveFrom,
  agreedAt: r.agreedAt,
  recordedAt: r.createdAt,
});

export const placementRateService = {
  /** `placementRates`: `financials:read` for the whole tenant (analysts, admins). */
  async list(
    ctx: FinanceContext,
    page: PageArgs,
    filter: { departmentId?: string | null; employeeId?: string | null; postingId?: string | null } | null,
  ): Promise<Connection<PlacementRate>> {
    requireScope(ctx.identity, 'financials:read', 'all');
    const f = checkInput(filterSchema, filter ?? {}, 'filter').valid();
    const where: SQL[] = [];
    if (f.departmentId) where.push(eq(placementRates.departmentId, f.departmentId));
    if (f.employeeId) where.push(eq(placementRates.employeeId, f.employeeId));
    if (f.postingId) where.push(eq(placementRates.postingId, f.postingId));
    const rows = await ctx.tx((tx) =>
      paginate(
        tx,
        { table: placementRates, key: placementRates.negotiationId, where: and(...where), order: 'desc' },
        page,
      ),
    );
    return mapNodes(rows as Connection<Row>, toRate);
  },
};

import {
  badInput,
  clock,
  type FieldError,
  forbidden,
  isUuid,
  notFound,
  requirePermission,
  requireScope,
  rules,
} from '@wg/runtime';
import { departmentStub } from '../analytics/analytics.type';
import type { InsightsContext } from '../loaders';
import { FUNNEL_STAGES } from './recruiting-funnel.projection';
import { COMPANY_KEY, type FunnelCounts, type PeriodBounds } from './recruiting-funnel.sql';
import {
  type ApplicationStage,
  CandidateSource,
  RecruitingAnalytics,
  RecruitingPeriod,
  type RecruitingPeriodInput,
  RecruitingSourceEffectiveness,
  RecruitingStageConversion,
  RecruitingStageCount,
} from './recruiting-funnel.type';

/** The default period: the 365 days ending today (UTC). */
export const DEFAULT_PERIOD_DAYS = 365;
/** The longest period accepted (about ten years), so one request cannot ask for unbounded scans. */
export const MAX_PERIOD_DAYS = 3660;

const STAGE_ORDER = [...FUNNEL_STAGES, 'REJECTED', 'WITHDRAWN'] as const;
const SOURCES = Object.values(CandidateSource);

const addDays = (date: string, days: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};
const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/**
 * `period` → inclusive UTC days. BAD_USER_INPUT naming `period.from` / `period.to` for a date that
 * is not a real day, `from` after `to`, or a span over MAX_PERIOD_DAYS.
 */
export function parsePeriod(input: RecruitingPeriodInput | null | undefined): PeriodBounds {
  const errors: FieldError[] = [];
  const date = rules.date();
  for (const f of ['from', 'to'] as const) {
    const v = input?.[f];
    if (v !== null && v !== undefined && !date.safeParse(v).success)
      errors.push({ field: `period.${f}`, message: 'Must be a real calendar date in YYYY-MM-DD form' });
  }
  if (errors.length > 0) throw badInput(errors);
  const givenTo = input?.to ?? null;
  const givenFrom = input?.from ?? null;
  const to = givenTo ?? clock.today();
  const from = givenFrom ?? addDays(to, -(DEFAULT_PERIOD_DAYS - 1));
  if (from > to) throw badInput([{ field: 'period.from', message: 'Must not be after period.to' }]);
  if (daysBetween(from, to) + 1 > MAX_PERIOD_DAYS)
    throw badInput([
      { field: 'period.from', message: `The period may span at most ${MAX_PERIOD_DAYS} days` },
    ]);
  return { from, to };
}

function checkDepartmentId(departmentId: string, field: string): void {
  if (!isUuid(departmentId)) throw badInput([{ field, message: 'Must be a valid id' }]);
}

/**
 * `analytics:read` decides: scope `all` reads the company and any department; `team` (hiring
 * managers) reads their own department and those below it; `own` reads no funnel (FORBIDDEN).
 */
async function requireDepartmentAccess(ctx: InsightsContext, departmentId: string): Promise<void> {
  const scope = requirePermission(ctx.identity, 'analytics:read');
  if (scope === 'all') return;
  const self = ctx.identity.employeeId;
  if (scope === 'team' && self) {
    const mine = await ctx.loaders.recruitingTeamDepartments.load(self);
    if (mine.has(departmentId)) return;
  }
  throw forbidden('analytics:read:all');
}

function toAnalytics(
  f: FunnelCounts,
  period: PeriodBounds,
  departmentId: string | null,
): RecruitingAnalytics {
  const stages = STAGE_ORDER.map((stage) =>
    Object.assign(new RecruitingStageCount(), {
      stage: stage as ApplicationStage,
      count: f.byStage.get(stage) ?? 0,
    }),
  );
  const conversion = FUNNEL_STAGES.slice(0, -1).map((stage, i) =>
    Object.assign(new RecruitingStageConversion(), {
      stage: stage as ApplicationStage,
      nextStage: FUNNEL_STAGES[i + 1] as ApplicationStage,
      reached: f.reached[i] ?? 0,
      advanced: f.reached[i + 1] ?? 0,
      rate: f.conversion[i] ?? null,
    }),
  );
  const sources = SOURCES.map((source) => {
    const s = f.sources.get(source);
    return Object.assign(new RecruitingSourceEffectiveness(), {
      source,
      applications: s?.applications ?? 0,
      interviewed: s?.interviewed ?? 0,
      hired: s?.hired ?? 0,
      interviewRate: s?.interviewRate ?? null,
      hireRate: s?.hireRate ?? null,
    });
  });
  return Object.assign(new RecruitingAnalytics(), {
    department: departmentId ? departmentStub(departmentId) : null,
    period: Object.assign(new RecruitingPeriod(), period),
    openPostings: f.openPostings,
    openPositions: f.openPositions,
    applications: f.reached[0] ?? 0,
    applicationsByStage: stages,
    conversionByStage: conversion,
    hires: f.hires,
    timeToHireDays: f.medianDaysToHire,
    offersAccepted: f.accepted,
    offersDeclined: f.declined,
    offersExpired: f.expired,
    offerAcceptanceRate: f.acceptanceRate,
    sourceEffectiveness: sources,
  });
}

export const recruitingFunnelService = {
  /** The company-wide funnel: `analytics:read` at scope `all`. */
  async company(
    ctx: InsightsContext,
    periodInput?: RecruitingPeriodInput | null,
  ): Promise<RecruitingAnalytics> {
    const period = parsePeriod(periodInput);
    requireScope(ctx.identity, 'analytics:read', 'all');
    const f = await ctx.loaders.recruitingFunnel.load({ scope: COMPANY_KEY, period });
    return toAnalytics(f!, period, null);
  },

  /**
   * One department's funnel, or null when insights does not know the department in the caller's
   * tenant (another tenant's included). FORBIDDEN as `requireDepartmentAccess` says.
   */
  async department(
    ctx: InsightsContext,
    departmentId: string,
    periodInput?: RecruitingPeriodInput | null,
    field = 'departmentId',
  ): Promise<RecruitingAnalytics | null> {
    checkDepartmentId(departmentId, field);
    const period = parsePeriod(periodInput);
    await requireDepartmentAccess(ctx, departmentId);
    const f = await ctx.loaders.recruitingFunnel.load({ scope: departmentId, period });
    return f ? toAnalytics(f, period, departmentId) : null;
  },

  /** `recruitingAnalytics(departmentId, period)`: the department's, else the company's. */
  async root(
    ctx: InsightsContext,
    departmentId: string | null | undefined,
    period: RecruitingPeriodInput | null | undefined,
  ): Promise<RecruitingAnalytics> {
    if (departmentId === null || departmentId === undefined) return this.company(ctx, period);
    const d = await this.department(ctx, departmentId, period);
    if (!d) throw notFound('Department', departmentId);
    return d;
  },
};

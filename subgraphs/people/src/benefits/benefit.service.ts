import type { Tx } from '@wg/db';
import {
  auditLog,
  benefitEnrollments,
  benefitPlans,
  benefitTypes,
  employees,
  employmentTypes,
  outbox,
} from '@wg/db/people';
import {
  badInput,
  clock,
  conflict,
  type Connection,
  emitEvent,
  isUniqueViolation,
  isUuid,
  mapNodes,
  notFound,
  type PageArgs,
  paginate,
  recordAudit,
  requireScope,
  rules,
  z,
  isExclusionViolation,
} from '@wg/runtime';
import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import type { PeopleContext } from '../loaders';
import { fieldIssues } from '../org-chart/validation';
import { visibleEmployees } from '../org-chart/visibility';
import type { CreateBenefitPlanInput, EnrollInBenefitInput, UpdateBenefitPlanInput } from './benefit.input';
import {
  type BenefitEnrollment,
  type BenefitPlan,
  type BenefitPlanRow,
  type BenefitType,
  DependantRelationship,
  EnrollmentStatus,
  toBenefitPlan,
} from './benefit.type';

/** Outbox events: enrollments change what the employer pays (finance cares). */
export const BenefitEvents = {
  enrolled: 'people.benefit.enrolled',
  enrollmentEnded: 'people.benefit.enrollment_ended',
} as const;

const text = (label: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, `${label} must not be empty`)
    .max(max, `${label} must be at most ${max} characters`);
const money = rules.decimal({ min: 0 });
const eligibility = z
  .array(z.enum(employmentTypes))
  .min(1, 'Name at least one eligible employment type')
  .transform((list) => [...new Set(list)]);

const createPlanSchema = z.object({
  name: rules.name('Plan name'),
  type: z.enum(benefitTypes),
  provider: text('Provider', 200),
  description: text('Description', 2000).nullish(),
  currency: rules.currency(),
  employeeCost: money,
  employerCost: money,
  eligibleEmploymentTypes: eligibility,
});

const updatePlanSchema = z.object({
  name: rules.name('Plan name').nullish(),
  provider: text('Provider', 200).nullish(),
  description: text('Description', 2000).nullish(),
  employeeCost: money.nullish(),
  employerCost: money.nullish(),
  eligibleEmploymentTypes: eligibility.nullish(),
});

const dependant = z.object({
  name: rules.name('Dependant name'),
  relationship: z.enum(
    Object.values(DependantRelationship) as [DependantRelationship, ...DependantRelationship[]],
  ),
  dateOfBirth: rules
    .date()
    .refine((d) => d <= clock.today(), 'Must not be in the future')
    .nullish(),
});

const enrollSchema = z
  .object({
    employeeId: rules.uuid(),
    planId: rules.uuid(),
    coverageStart: rules.date(),
    coverageEnd: rules.date().nullish(),
    dependants: z.array(dependant).max(20, 'At most 20 dependants').nullish(),
  })
  .refine((v) => !v.coverageEnd || v.coverageEnd >= v.coverageStart, {
    message: 'Coverage must not end before it starts',
    path: ['coverageEnd'],
  });

const overlapConflict = (type: string) =>
  conflict(`The employee already has ${type} coverage overlapping these dates`);

const planNameTaken = (error: unknown) =>
  isUniqueViolation(error)
    ? badInput([{ field: 'input.name', message: 'A plan with this name already exists' }])
    : error;

/** Enrollments of the same type whose coverage overlaps [start, end] (end inclusive, null = open). */
async function overlapping(
  tx: Tx,
  employeeId: string,
  type: BenefitType,
  start: string,
  end: string | null,
  except?: string,
) {
  return tx
    .select({ id: benefitEnrollments.id })
    .from(benefitEnrollments)
    .where(
      and(
        eq(benefitEnrollments.employeeId, employeeId),
        eq(benefitEnrollments.planType, type),
        except ? ne(benefitEnrollments.id, except) : undefined,
        sql`daterange(${benefitEnrollments.coverageStart}, ${benefitEnrollments.coverageEnd}, '[]') && daterange(${start}::date, ${end}::date, '[]')`,
      ),
    );
}

export function enrollmentStatus(
  e: Pick<BenefitEnrollment, 'coverageStart' | 'coverageEnd'>,
  on = clock.today(),
) {
  if (e.coverageStart > on) return EnrollmentStatus.UPCOMING;
  if (e.coverageEnd && e.coverageEnd < on) return EnrollmentStatus.ENDED;
  return EnrollmentStatus.ACTIVE;
}

const audit = (
  ctx: PeopleContext,
  tenantId: string,
  entry: { action: string; entityType: string; entityId: string; before?: unknown; after?: unknown },
) => ({
  tenantId,
  actorId: ctx.identity.userId,
  requestId: ctx.requestId,
  ...entry,
});

export const benefitService = {
  async listPlans(
    ctx: PeopleContext,
    type: BenefitType | null,
    includeArchived: boolean,
    page: PageArgs,
  ): Promise<Connection<BenefitPlan>> {
    ctx.authorize('benefit_plan:read');
    const where = and(
      type ? eq(benefitPlans.type, type) : undefined,
      includeArchived ? undefined : isNull(benefitPlans.archivedAt),
    );
    const rows = await ctx.tx((tx) =>
      paginate<typeof benefitPlans, BenefitPlanRow>(
        tx,
        { table: benefitPlans, key: benefitPlans.id, sortBy: benefitPlans.name, where },
        page,
      ),
    );
    return mapNodes(rows, toBenefitPlan);
  },

  async getPlan(ctx: PeopleContext, id: string): Promise<BenefitPlan | null> {
    ctx.authorize('benefit_plan:read');
    return ctx.loaders.benefitPlanById.load(id);
  },

  async createPlan(ctx: PeopleContext, input: CreateBenefitPlanInput): Promise<BenefitPlan> {
    requireScope(ctx.identity, 'benefit_plan:create', 'all');
    const parsed = createPlanSchema.safeParse(input);
    if (!parsed.success) throw badInput(fieldIssues(parsed));
    const d = parsed.data;
    const tenantId = ctx.tenantId();
    try {
      return await ctx.tx(async (tx) => {
        const [row] = await tx
          .insert(benefitPlans)
          .values({
            tenantId,
            name: d.name,
            type: d.type,
            provider: d.provider,
            description: d.description ?? null,
            currency: d.currency,
            employeeCost: d.employeeCost,
            employerCost: d.employerCost,
            eligibleEmploymentTypes: d.eligibleEmploymentTypes,
          })
          .returning();
        await recordAudit(tx, auditLog, [
          audit(ctx, tenantId, {
            action: 'benefit_plan.create',
            entityType: 'BenefitPlan',
            entityId: row!.id,
            after: row,
          }),
        ]);
        return toBenefitPlan(row as BenefitPlanRow);
      });
    } catch (error) {
      throw planNameTaken(error);
    }
  },

  async updatePlan(ctx: PeopleContext, id: string, input: UpdateBenefitPlanInput): Promise<BenefitPlan> {
    requireScope(ctx.identity, 'benefit_plan:update', 'all');
    if (!isUuid(id)) throw notFound('BenefitPlan', id);
    const parsed = updatePlanSchema.safeParse(input);
    const errors = fieldIssues(parsed);
    for (const key of [
      'name',
      'provider',
      'employeeCost',
      'employerCost',
      'eligibleEmploymentTypes',
    ] as const) {
      if (input[key] === null) errors.push({ field: `input.${key}`, message: 'Must not be null' });
    }
    if (errors.length > 0 || !parsed.success) throw badInput(errors);
    const d = parsed.data;
    const tenantId = ctx.tenantId();
    try {
      return await ctx.tx(async (tx) => {
        const [before] = await tx.select().from(benefitPlans).where(eq(benefitPlans.id, id));
        if (!before) throw notFound('BenefitPlan', id);
        const changes: Partial<typeof benefitPlans.$inferInsert> = {};
        if (d.name) changes.name = d.name;
        if (d.provider) changes.provider = d.provider;
        if (input.description !== undefined) changes.description = d.description ?? null;
        if (d.employeeCost) changes.employeeCost = d.employeeCost;
        if (d.employerCost) changes.employerCost = d.employerCost;
        if (d.eligibleEmploymentTypes) changes.eligibleEmploymentTypes = d.eligibleEmploymentTypes;
        if (Object.keys(changes).length === 0) return toBenefitPlan(before as BenefitPlanRow);
        const [row] = await tx.update(benefitPlans).set(changes).where(eq(benefitPlans.id, id)).returning();
        await recordAudit(tx, auditLog, [
          audit(ctx, tenantId, {
            action: 'benefit_plan.update',
            entityType: 'BenefitPlan',
            entityId: id,
            before,
            after: row,
          }),
        ]);
        const plan = toBenefitPlan(row as BenefitPlanRow);
        ctx.loaders.benefitPlanById.clear(id).prime(id, plan);
        return plan;
      });
    } catch (error) {
      throw planNameTaken(error);
    }
  },

  /** Archived plans take no new enrollments; existing coverage is untouched. Idempotent. */
  async archivePlan(ctx: PeopleContext, id: string): Promise<BenefitPlan> {
    requireScope(ctx.identity, 'benefit_plan:update', 'all');
    if (!isUuid(id)) throw notFound('BenefitPlan', id);
    const tenantId = ctx.tenantId();
    return ctx.tx(async (tx) => {
      const [before] = await tx.select().from(benefitPlans).where(eq(benefitPlans.id, id));
      if (!before) throw notFound('BenefitPlan', id);
      if (before.archivedAt) return toBenefitPlan(before as BenefitPlanRow);
      const [row] = await tx
        .update(benefitPlans)
        .set({ archivedAt: new Date() })
        .where(eq(benefitPlans.id, id))
        .returning();
      await recordAudit(tx, auditLog, [
        audit(ctx, tenantId, {
          action: 'benefit_plan.archive',
          entityType: 'BenefitPlan',
          entityId: id,
          before,
          after: row,
        }),
      ]);
      return toBenefitPlan(row as BenefitPlanRow);
    });
  },

  /**
   * Enrols an eligible employee. The employee row is locked first, so two concurrent enrollments
   * for the same person queue up and the second sees the first; the exclusion constraint
   * `benefit_enrollments_no_overlap` backs the same rule in the database.
   */
  async enroll(ctx: PeopleContext, input: EnrollInBenefitInput): Promise<BenefitEnrollment> {
    requireScope(ctx.identity, 'benefit:create', 'all');
    const parsed = enrollSchema.safeParse(input);
    const errors = fieldIssues(parsed);
    const tenantId = ctx.tenantId();
    try {
      return await ctx.tx(async (tx) => {
        if (!isUuid(input.employeeId)) throw badInput([...errors]);
        const [employee] = await tx
          .select({
            id: employees.id,
            status: employees.status,
            employmentType: employees.employmentType,
            hireDate: employees.hireDate,
          })
          .from(employees)
          .where(eq(employees.id, input.employeeId))
          .for('update');
        if (!employee) throw notFound('Employee', input.employeeId);
        let plan: BenefitPlanRow | undefined;
        if (isUuid(input.planId)) {
          [plan] = (await tx
            .select()
            .from(benefitPlans)
            .where(eq(benefitPlans.id, input.planId))) as BenefitPlanRow[];
          if (!plan) errors.push({ field: 'input.planId', message: 'Unknown benefit plan' });
          else if (plan.archivedAt) errors.push({ field: 'input.planId', message: 'This plan is archived' });
        }
        if (employee.status === 'TERMINATED') {
          errors.push({ field: 'input.employeeId', message: 'A terminated employee cannot be enrolled' });
        } else if (plan && !plan.eligibleEmploymentTypes.includes(employee.employmentType)) {
          errors.push({
            field: 'input.employeeId',
            message: `${employee.employmentType} employees are not eligible for this plan`,
          });
        }
        const start = typeof input.coverageStart === 'string' ? input.coverageStart : '';
        if (/^\d{4}-\d{2}-\d{2}$/.test(start) && start < employee.hireDate) {
          errors.push({
            field: 'input.coverageStart',
            message: 'Coverage cannot start before the hire date',
          });
        }
        if (errors.length > 0 || !parsed.success || !plan) throw badInput(errors);
        const d = parsed.data;
        const clash = await overlapping(tx, employee.id, plan.type, d.coverageStart, d.coverageEnd ?? null);
        if (clash.length > 0) throw overlapConflict(plan.type);
        const [row] = await tx
          .insert(benefitEnrollments)
          .values({
            tenantId,
            employeeId: employee.id,
            planId: plan.id,
            planType: plan.type,
            coverageStart: d.coverageStart,
            coverageEnd: d.coverageEnd ?? null,
            dependants: (d.dependants ?? []).map((x) => ({
              name: x.name,
              relationship: x.relationship,
              dateOfBirth: x.dateOfBirth ?? null,
            })),
          })
          .returning();
        const enrollment = row as BenefitEnrollment;
        await emitEvent(tx, outbox, {
          tenantId,
          type: BenefitEvents.enrolled,
          aggregateType: 'BenefitEnrollment',
          aggregateId: enrollment.id,
          data: {
            id: enrollment.id,
            employeeId: enrollment.employeeId,
            planId: plan.id,
            planType: plan.type,
            coverageStart: enrollment.coverageStart,
            coverageEnd: enrollment.coverageEnd,
            employeeCost: plan.employeeCost,
            employerCost: plan.employerCost,
            currency: plan.currency,
          },
        });
        await recordAudit(tx, auditLog, [
          audit(ctx, tenantId, {
            action: 'benefit.enroll',
            entityType: 'BenefitEnrollment',
            entityId: enrollment.id,
            after: enrollment,
          }),
        ]);
        return enrollment;
      });
    } catch (error) {
      if (isExclusionViolation(error)) throw overlapConflict('the same type of');
      throw error;
    }
  },

  /** Sets (or moves) the last day of coverage. */
  async endEnrollment(ctx: PeopleContext, id: string, coverageEnd: string): Promise<BenefitEnrollment> {
    requireScope(ctx.identity, 'benefit:update', 'all');
    if (!isUuid(id)) throw notFound('BenefitEnrollment', id);
    const tenantId = ctx.tenantId();
    try {
      return await ctx.tx(async (tx) => {
        const [before] = (await tx
          .select()
          .from(benefitEnrollments)
          .where(eq(benefitEnrollments.id, id))
          .for('update')) as BenefitEnrollment[];
        if (!before) throw notFound('BenefitEnrollment', id);
        if (coverageEnd < before.coverageStart) {
          throw badInput([{ field: 'coverageEnd', message: 'Coverage must not end before it starts' }]);
        }
        const clash = await overlapping(
          tx,
          before.employeeId,
          before.planType,
          before.coverageStart,
          coverageEnd,
          id,
        );
        if (clash.length > 0) throw overlapConflict(before.planType);
        const [row] = await tx
          .update(benefitEnrollments)
          .set({ coverageEnd })
          .where(eq(benefitEnrollments.id, id))
          .returning();
        const after = row as BenefitEnrollment;
        await emitEvent(tx, outbox, {
          tenantId,
          type: BenefitEvents.enrollmentEnded,
          aggregateType: 'BenefitEnrollment',
          aggregateId: id,
          data: {
            id,
            employeeId: after.employeeId,
            planId: after.planId,
            planType: after.planType,
            coverageEnd,
          },
        });
        await recordAudit(tx, auditLog, [
          audit(ctx, tenantId, {
            action: 'benefit.end',
            entityType: 'BenefitEnrollment',
            entityId: id,
            before,
            after,
          }),
        ]);
        return after;
      });
    } catch (error) {
      if (isExclusionViolation(error)) throw overlapConflict('the same type of');
      throw error;
    }
  },

  /**
   * `Employee.benefits`: null for employees outside the caller's `benefit:read` scope (own = only
   * their own enrollments); FORBIDDEN without the permission at all.
   */
  async forEmployee(ctx: PeopleContext, employeeId: string): Promise<BenefitEnrollment[] | null> {
    const scope = ctx.authorize('benefit:read');
    if (scope === 'own' && ctx.identity.employeeId !== employeeId) return null;
    if (scope === 'team') {
      // Team = the caller's reporting line, as for employee records.
      const visible = await visibleEmployees(ctx);
      if (visible && !visible.has(employeeId)) return null;
    }
    return ctx.loaders.benefitEnrollmentsByEmployee.load(employeeId);
  },
};

import type { Tx } from '@wg/db';
import { auditLog, entityRefs, jobPostings, outbox } from '@wg/db/recruiting';
import {
  badInput,
  clock,
  conflict,
  type Connection,
  emitEvent,
  type FieldError,
  isUuid,
  Money,
  notFound,
  type PageArgs,
  paginate,
  recordAudit,
  rules,
  z,
  zodFieldErrors,
} from '@wg/runtime';
import { and, eq } from 'drizzle-orm';
import type { JobPostingSnapshot } from '../events';
import type { RecruitingContext } from '../loaders';
import { findPosition } from '../positions/position.ref';
import type { CreateJobPostingInput, JobPostingFilter, UpdateJobPostingInput } from './job-posting.input';
import { EmploymentType, type JobPosting, SalaryRange } from './job-posting.type';

const MAX_OPENINGS = 1000;

/** Optional free text: trimmed, and an empty string means "not given". */
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Must be at most ${max} characters`)
    .transform((v) => (v === '' ? null : v))
    .nullish();

const openingsRule = z
  .number()
  .int('Must be a whole number')
  .min(1, 'A posting needs at least 1 opening')
  .max(MAX_OPENINGS, `At most ${MAX_OPENINGS} openings per posting`);

const employmentTypeRule = z.enum(Object.values(EmploymentType) as [EmploymentType, ...EmploymentType[]]);

const createSchema = z.object({
  title: rules.name('Title'),
  description: optionalText(10_000),
  departmentId: rules.uuid(),
  positionId: rules.uuid().nullish(),
  location: optionalText(200),
  employmentType: employmentTypeRule.nullish(),
  openings: openingsRule.nullish(),
  salaryMin: rules.decimal().nullish(),
  salaryMax: rules.decimal().nullish(),
  currency: rules.currency().nullish(),
  closesOn: rules.date().nullish(),
  status: z.enum(['DRAFT', 'OPEN'], 'A new posting is DRAFT or OPEN').nullish(),
});

/** Fields that every posting has: they can be changed, never cleared. */
const REQUIRED_ON_UPDATE = ['title', 'departmentId', 'employmentType', 'openings'] as const;

const updateSchema = z.object({
  title: rules.name('Title').optional(),
  description: optionalText(10_000),
  departmentId: rules.uuid().optional(),
  positionId: rules.uuid().nullish(),
  location: optionalText(200),
  employmentType: employmentTypeRule.optional(),
  openings: openingsRule.optional(),
  salaryMin: rules.decimal().nullish(),
  salaryMax: rules.decimal().nullish(),
  currency: rules.currency().nullish(),
  closesOn: rules.date().nullish(),
});

/** Statuses whose fields can still change; a CLOSED posting is history. */
const EDITABLE: readonly JobPosting['status'][] = ['DRAFT', 'OPEN', 'ON_HOLD'];

/** Statuses that were announced to other subgraphs (`opened`), so their changes are announced too. */
export const ANNOUNCED: readonly JobPosting['status'][] = ['OPEN', 'ON_HOLD'];

const sameAmount = (a: string | null, b: string | null) =>
  a === null || b === null ? a === b : toCents(a) === toCents(b);

export type { JobPostingSnapshot };

/** What every `recruiting.job_posting.*` event carries (aggregate `JobPosting`): the posting after the change. */
export const jobPostingSnapshot = (
  p: JobPosting,
  previousStatus?: JobPosting['status'],
): JobPostingSnapshot => ({
  id: p.id,
  title: p.title,
  departmentId: p.departmentId,
  positionId: p.positionId,
  employmentType: p.employmentType,
  status: p.status,
  openings: p.openings,
  location: p.location,
  closesOn: p.closesOn,
  closeReason: p.closeReason,
  ...(previousStatus ? { previousStatus } : {}),
});

/** Exact comparison of two validated decimal strings (at most 2 places): never through a float. */
export function toCents(amount: string): bigint {
  const [whole = '0', fraction = ''] = amount.split('.');
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
}

/** The band and closing date as given (create) or as they will be (update, where a field left out is undefined). */
type SalaryAndDate = {
  [K in 'salaryMin' | 'salaryMax' | 'currency' | 'closesOn']?: CreateJobPostingInput[K] | undefined;
};

/**
 * The department is people's; recruiting knows it from events (entity_refs), under RLS, so
 * another tenant's department is as unknown as a made-up id.
 */
async function isKnownDepartment(tx: Tx, id: string): Promise<boolean> {
  const [dept] = await tx
    .select({ id: entityRefs.id })
    .from(entityRefs)
    .where(and(eq(entityRefs.entityType, 'Department'), eq(entityRefs.id, id)));
  return Boolean(dept);
}

/**
 * A posting's position is people's too (known from `people.position.*` events): it must exist in
 * the tenant and belong to the posting's department, so the hire lands where the posting says.
 * (A position people deletes later stays known here; people then hires without it, and logs why.)
 */
async function positionErrors(tx: Tx, positionId: string, departmentId: string): Promise<FieldError[]> {
  const position = await findPosition(tx, positionId);
  if (!position) {
    return [{ field: 'input.positionId', message: 'Unknown position' }];
  }
  if (position.departmentId !== departmentId) {
    return [
      { field: 'input.positionId', message: "The position belongs to another department than the posting's" },
    ];
  }
  return [];
}

/** Rules that span several fields; only fields that are individually valid take part. */
function crossFieldErrors(input: SalaryAndDate, bad: Set<string>): FieldError[] {
  const errors: FieldError[] = [];
  const given = (v: string | null | undefined) => v !== null && v !== undefined && v !== '';
  const min = bad.has('input.salaryMin') ? undefined : input.salaryMin;
  const max = bad.has('input.salaryMax') ? undefined : input.salaryMax;
  const hasMin = given(input.salaryMin);
  const hasMax = given(input.salaryMax);
  if (hasMin && !hasMax && !bad.has('input.salaryMin')) {
    errors.push({ field: 'input.salaryMax', message: 'Required when salaryMin is given' });
  }
  if (hasMax && !hasMin && !bad.has('input.salaryMax')) {
    errors.push({ field: 'input.salaryMin', message: 'Required when salaryMax is given' });
  }
  if ((hasMin || hasMax) && !given(input.currency)) {
    errors.push({ field: 'input.currency', message: 'A salary needs a currency' });
  }
  if (!hasMin && !hasMax && given(input.currency) && !bad.has('input.currency')) {
    errors.push({
      field: 'input.currency',
      message: 'A currency is only meaningful with salaryMin and salaryMax',
    });
  }
  if (min && max && toCents(min) > toCents(max)) {
    errors.push({ field: 'input.salaryMin', message: 'Must not be greater than salaryMax' });
  }
  if (input.closesOn && !bad.has('input.closesOn') && input.closesOn < clock.today()) {
    errors.push({ field: 'input.closesOn', message: 'Must not be in the past' });
  }
  return errors;
}

export const jobPostingService = {
  async get(ctx: RecruitingContext, id: string): Promise<JobPosting | null> {
    ctx.authorize('job_posting:read');
    // A malformed id cannot exist; answering null keeps a SQL cast error out of the response.
    if (!isUuid(id)) return null;
    return ctx.loaders.jobPostingById.load(id);
  },

  async list(
    ctx: RecruitingContext,
    args: PageArgs & { filter?: JobPostingFilter | null },
  ): Promise<Connection<JobPosting>> {
    ctx.authorize('job_posting:read');
    const f = args.filter ?? {};
    if (f.departmentId && !isUuid(f.departmentId)) {
      throw badInput([{ field: 'filter.departmentId', message: 'Must be a valid id' }]);
    }
    return ctx.tx(async (tx) => {
      const where = and(
        f.departmentId ? eq(jobPostings.departmentId, f.departmentId) : undefined,
        f.status ? eq(jobPostings.status, f.status) : undefined,
      );
      return paginate(tx, { table: jobPostings, key: jobPostings.id, where }, args);
    });
  },

  /** OPEN postings of a department (`Department.openings`), batched across departments. */
  async openings(ctx: RecruitingContext, departmentId: string): Promise<JobPosting[]> {
    ctx.authorize('job_posting:read');
    if (!isUuid(departmentId)) return [];
    return ctx.loaders.openPostingsByDepartment.load(departmentId);
  },

  salaryRange(p: JobPosting): SalaryRange | null {
    if (p.salaryMin === null || p.salaryMax === null || p.currency === null) return null;
    return Object.assign(new SalaryRange(), {
      min: Money.of(p.salaryMin, p.currency),
      max: Money.of(p.salaryMax, p.currency),
    });
  },

  async create(ctx: RecruitingContext, input: CreateJobPostingInput): Promise<JobPosting> {
    ctx.authorize('job_posting:create');
    const tenantId = ctx.tenantId();
    const parsed = createSchema.safeParse(input);
    const errors: FieldError[] = parsed.success ? [] : zodFieldErrors(parsed.error);
    const bad = new Set(errors.map((e) => e.field));
    errors.push(...crossFieldErrors(input, bad));

    return ctx.tx(async (tx) => {
      if (!bad.has('input.departmentId') && !(await isKnownDepartment(tx, input.departmentId))) {
        errors.push({ field: 'input.departmentId', message: 'Unknown department' });
      }
      if (input.positionId && !bad.has('input.positionId') && !bad.has('input.departmentId')) {
        errors.push(...(await positionErrors(tx, input.positionId, input.departmentId)));
      }
      if (errors.length > 0 || !parsed.success) throw badInput(errors);

      const data = parsed.data;
      const hasSalary = Boolean(data.salaryMin && data.salaryMax);
      const [created] = await tx
        .insert(jobPostings)
        .values({
          tenantId,
          title: data.title,
          description: data.description ?? null,
          departmentId: data.departmentId,
          positionId: data.positionId ?? null,
          location: data.location ?? null,
          employmentType: data.employmentType ?? 'FULL_TIME',
          status: data.status ?? 'OPEN',
          openings: data.openings ?? 1,
          salaryMin: hasSalary ? data.salaryMin! : null,
          salaryMax: hasSalary ? data.salaryMax! : null,
          currency: hasSalary ? data.currency! : null,
          closesOn: data.closesOn ?? null,
        })
        .returning();
      const row = created as JobPosting;
      if (row.status === 'OPEN') {
        await emitEvent(tx, outbox, {
          tenantId,
          type: 'recruiting.job_posting.opened',
          aggregateType: 'JobPosting',
          aggregateId: row.id,
          data: jobPostingSnapshot(row),
        });
      }
      await recordAudit(tx, auditLog, [
        {
          tenantId,
          actorId: ctx.identity.userId,
          requestId: ctx.requestId,
          action: 'job_posting.create',
          entityType: 'JobPosting',
          entityId: row.id,
          after: row,
        },
      ]);
      return row;
    });
  },

  /**
   * Edit a DRAFT, OPEN or ON_HOLD posting. Errors in order: FORBIDDEN, BAD_USER_INPUT (malformed
   * id), NOT_FOUND (unknown or another tenant's), CONFLICT (CLOSED), BAD_USER_INPUT naming every
   * bad field. A change that changes nothing writes nothing. Announced postings emit `updated`.
   */
  async update(ctx: RecruitingContext, id: string, input: UpdateJobPostingInput): Promise<JobPosting> {
    ctx.authorize('job_posting:update');
    const tenantId = ctx.tenantId();
    if (!isUuid(id)) throw badInput([{ field: 'id', message: 'Must be a valid id' }]);
    const raw = { ...input } as Record<string, unknown>;
    const errors: FieldError[] = [];
    for (const key of REQUIRED_ON_UPDATE) {
      if (raw[key] === null) {
        errors.push({ field: `input.${key}`, message: 'Cannot be cleared' });
        delete raw[key];
      }
    }
    const given = Object.keys(input).filter((k) => (input as Record<string, unknown>)[k] !== undefined);
    if (given.length === 0) errors.push({ field: 'input', message: 'Give at least one field to change' });
    const parsed = updateSchema.safeParse(raw);
    if (!parsed.success) {
      errors.push(...zodFieldErrors(parsed.error));
    }

    return ctx.tx(async (tx) => {
      const [row] = await tx.select().from(jobPostings).where(eq(jobPostings.id, id)).for('update');
      if (!row) throw notFound('JobPosting', id);
      const current = row as JobPosting;
      if (!EDITABLE.includes(current.status)) {
        throw conflict(`A ${current.status} posting cannot be edited; reopen it first`);
      }
      const bad = new Set(errors.map((e) => e.field));
      const has = (k: keyof UpdateJobPostingInput) => input[k] !== undefined;
      // Salary rules apply to the band as it will be: given values over stored ones.
      errors.push(
        ...crossFieldErrors(
          {
            salaryMin: has('salaryMin') ? input.salaryMin : current.salaryMin,
            salaryMax: has('salaryMax') ? input.salaryMax : current.salaryMax,
            currency: has('currency') ? input.currency : current.currency,
            closesOn: has('closesOn') ? input.closesOn : null,
          },
          bad,
        ),
      );
      if (
        input.departmentId &&
        !bad.has('input.departmentId') &&
        input.departmentId !== current.departmentId &&
        !(await isKnownDepartment(tx, input.departmentId))
      ) {
        errors.push({ field: 'input.departmentId', message: 'Unknown department' });
      }
      // The position as it will be, checked against the department as it will be.
      const nextPosition = has('positionId') ? (input.positionId ?? null) : current.positionId;
      const nextDepartment = input.departmentId ?? current.departmentId;
      if (nextPosition && !bad.has('input.positionId') && !bad.has('input.departmentId')) {
        errors.push(...(await positionErrors(tx, nextPosition, nextDepartment)));
      }
      if (errors.length > 0 || !parsed.success) throw badInput(errors);

      const data = parsed.data;
      const patch: Partial<typeof jobPostings.$inferInsert> = {};
      if (data.title !== undefined && data.title !== current.title) patch.title = data.title;
      if (data.description !== undefined && data.description !== current.description) {
        patch.description = data.description;
      }
      if (data.departmentId !== undefined && data.departmentId !== current.departmentId) {
        patch.departmentId = data.departmentId;
      }
      if (data.positionId !== undefined && (data.positionId ?? null) !== current.positionId) {
        patch.positionId = data.positionId ?? null;
      }
      if (data.location !== undefined && data.location !== current.location) patch.location = data.location;
      if (data.employmentType !== undefined && data.employmentType !== current.employmentType) {
        patch.employmentType = data.employmentType;
      }
      if (data.openings !== undefined && data.openings !== current.openings) patch.openings = data.openings;
      if (data.closesOn !== undefined && data.closesOn !== current.closesOn) patch.closesOn = data.closesOn;
      if (has('salaryMin') || has('salaryMax') || has('currency')) {
        const next = {
          salaryMin: has('salaryMin') ? (data.salaryMin ?? null) : current.salaryMin,
          salaryMax: has('salaryMax') ? (data.salaryMax ?? null) : current.salaryMax,
          currency: has('currency') ? (data.currency ?? null) : current.currency,
        };
        if (
          !sameAmount(next.salaryMin, current.salaryMin) ||
          !sameAmount(next.salaryMax, current.salaryMax) ||
          next.currency !== current.currency
        ) {
          Object.assign(patch, next);
        }
      }
      if (Object.keys(patch).length === 0) return current;

      const [updated] = await tx.update(jobPostings).set(patch).where(eq(jobPostings.id, id)).returning();
      const after = updated as JobPosting;
      if (ANNOUNCED.includes(after.status)) {
        await emitEvent(tx, outbox, {
          tenantId,
          type: 'recruiting.job_posting.updated',
          aggregateType: 'JobPosting',
          aggregateId: after.id,
          data: jobPostingSnapshot(after),
        });
      }
      await recordAudit(tx, auditLog, [
        {
          tenantId,
          actorId: ctx.identity.userId,
          requestId: ctx.requestId,
          action: 'job_posting.update',
          entityType: 'JobPosting',
          entityId: after.id,
          before: current,
          after,
        },
      ]);
      return after;
    });
  },
};

import { auditLog, entityRefs, jobPostings, outbox } from '@wg/db/schema/recruiting';
import {
  badInput,
  type Connection,
  EventTypes,
  emitEvent,
  type FieldError,
  Money,
  pageWindow,
  recordAudit,
  rules,
  toConnection,
  z,
} from '@wg/runtime';
import { and, asc, count, eq, gt } from 'drizzle-orm';
import type { RecruitingContext } from '../loaders';
import type { CreateJobPostingInput, JobPostingFilter } from './job-posting.input';
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

const createSchema = z.object({
  title: rules.name('Title'),
  description: optionalText(10_000),
  departmentId: rules.uuid(),
  location: optionalText(200),
  employmentType: z.enum(Object.values(EmploymentType) as [EmploymentType, ...EmploymentType[]]).nullish(),
  openings: z
    .number()
    .int('Must be a whole number')
    .min(1, 'A posting needs at least 1 opening')
    .max(MAX_OPENINGS, `At most ${MAX_OPENINGS} openings per posting`)
    .nullish(),
  salaryMin: rules.decimal().nullish(),
  salaryMax: rules.decimal().nullish(),
  currency: rules.currency().nullish(),
  closesOn: rules.date().nullish(),
  status: z.enum(['DRAFT', 'OPEN'], 'A new posting is DRAFT or OPEN').nullish(),
});

/** What `recruiting.job_posting.opened` carries (aggregate `JobPosting`). */
export interface JobPostingSnapshot {
  id: string;
  title: string;
  departmentId: string;
  employmentType: string;
  status: string;
  openings: number;
  location: string | null;
  closesOn: string | null;
}

export const jobPostingSnapshot = (p: JobPosting): JobPostingSnapshot => ({
  id: p.id,
  title: p.title,
  departmentId: p.departmentId,
  employmentType: p.employmentType,
  status: p.status,
  openings: p.openings,
  location: p.location,
  closesOn: p.closesOn,
});

/** Exact comparison of two validated decimal strings (at most 2 places): never through a float. */
function toCents(amount: string): bigint {
  const [whole = '0', fraction = ''] = amount.split('.');
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
}

/** Today's calendar date in UTC, YYYY-MM-DD (comparable as a string with `Date` values). */
const todayUtc = () => new Date().toISOString().slice(0, 10);

const isUuid = (v: string) => z.uuid().safeParse(v).success;

/** Rules that span several fields; only fields that are individually valid take part. */
function crossFieldErrors(input: CreateJobPostingInput, bad: Set<string>): FieldError[] {
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
  if (input.closesOn && !bad.has('input.closesOn') && input.closesOn < todayUtc()) {
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
    args: { first?: number | null; after?: string | null; filter?: JobPostingFilter | null },
  ): Promise<Connection<JobPosting>> {
    ctx.authorize('job_posting:read');
    const { limit, after } = pageWindow(args);
    if (after !== null && !isUuid(after)) throw badInput([{ field: 'after', message: 'Malformed cursor' }]);
    const f = args.filter ?? {};
    if (f.departmentId && !isUuid(f.departmentId)) {
      throw badInput([{ field: 'filter.departmentId', message: 'Must be a valid id' }]);
    }
    return ctx.tx(async (tx) => {
      const where = and(
        f.departmentId ? eq(jobPostings.departmentId, f.departmentId) : undefined,
        f.status ? eq(jobPostings.status, f.status) : undefined,
      );
      const [rows, [total]] = await Promise.all([
        tx
          .select()
          .from(jobPostings)
          .where(and(where, after ? gt(jobPostings.id, after) : undefined))
          .orderBy(asc(jobPostings.id))
          .limit(limit + 1),
        tx.select({ n: count() }).from(jobPostings).where(where),
      ]);
      return toConnection(rows, limit, total?.n ?? 0, after !== null, (p) => p.id);
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
    const errors: FieldError[] = parsed.success
      ? []
      : parsed.error.issues.map((i) => ({ field: `input.${i.path.join('.')}`, message: i.message }));
    const bad = new Set(errors.map((e) => e.field));
    errors.push(...crossFieldErrors(input, bad));

    return ctx.tx(async (tx) => {
      // The department is people's; recruiting knows it from events (entity_refs), under RLS, so
      // another tenant's department is as unknown as a made-up id.
      if (!bad.has('input.departmentId')) {
        const [dept] = await tx
          .select({ id: entityRefs.id })
          .from(entityRefs)
          .where(and(eq(entityRefs.entityType, 'Department'), eq(entityRefs.id, input.departmentId)));
        if (!dept) errors.push({ field: 'input.departmentId', message: 'Unknown department' });
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
          type: EventTypes.jobPostingOpened,
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
};

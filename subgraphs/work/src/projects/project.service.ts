import { auditLog, entityRefs, outbox, projects } from '@wg/db/work';
import {
  badInput,
  type Connection,
  conflict,
  emitEvent,
  type FieldError,
  isUniqueViolation,
  isUuid,
  notFound,
  type PageArgs,
  paginate,
  paginateList,
  pageWindow,
  parseInput,
  recordAudit,
  rules,
  z,
  zodFieldErrors,
} from '@wg/runtime';
import { and, eq, ilike, or, sql } from 'drizzle-orm';
import type { ProjectSnapshot } from '../events';
import type { WorkContext } from '../loaders';
import type { CreateProjectInput, ProjectFilter, UpdateProjectInput } from './project.input';
import { PROJECT_TRANSITIONS, type Project, ProjectStatus } from './project.type';

/** entity_refs type under which people's Department snapshots are replicated into work. */
export const DEPARTMENT_REF = 'Department';

const createSchema = z.object({
  name: rules.name('Project name'),
  code: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9][A-Z0-9_-]{1,31}$/, "Code must be 2–32 letters, digits, '-' or '_'"),
  description: z.string().trim().max(2000, 'Description must be at most 2000 characters').nullish(),
  departmentId: rules.uuid().nullish(),
  startDate: rules.date().nullish(),
  endDate: rules.date().nullish(),
  status: z.enum(ProjectStatus).nullish(),
});

const updateSchema = z.object({
  name: rules.name('Project name').nullish(),
  description: z.string().trim().max(2000, 'Description must be at most 2000 characters').nullish(),
  startDate: rules.date().nullish(),
  endDate: rules.date().nullish(),
  status: z.enum(ProjectStatus).nullish(),
  budget: z.object({ amount: rules.decimal({ min: 0 }), currency: rules.currency() }).nullish(),
});

const filterSchema = z.object({
  departmentId: rules.uuid().nullish(),
  status: z.enum(ProjectStatus).nullish(),
  search: z.string().trim().max(200, 'Search must be at most 200 characters').nullish(),
});

/** The public snapshot other subgraphs replicate (entity_refs) from project events. */
export const projectSnapshot = (p: Project): ProjectSnapshot => ({
  id: p.id,
  name: p.name,
  code: p.code,
  departmentId: p.departmentId,
  status: p.status,
});

export const projectService = {
  /**
   * Projects are not personal data: any `project:read` scope sees every project of the tenant
   * (row-level security still confines them to it).
   */
  async list(
    ctx: WorkContext,
    args: PageArgs & { filter?: ProjectFilter | null },
  ): Promise<Connection<Project>> {
    ctx.authorize('project:read');
    const f = parseInput(filterSchema, args.filter ?? {}, 'filter');
    return ctx.tx(async (tx) => {
      const search = f.search ? `%${escapeLike(f.search)}%` : null;
      const where = and(
        f.departmentId ? eq(projects.departmentId, f.departmentId) : undefined,
        f.status ? eq(projects.status, f.status) : undefined,
        search ? or(ilike(projects.name, search), ilike(projects.code, search)) : undefined,
      );
      return paginate(tx, { table: projects, key: projects.id, where }, args);
    });
  },

  /** One project, or null when it does not exist for the caller (including malformed ids). */
  async get(ctx: WorkContext, id: string): Promise<Project | null> {
    ctx.authorize('project:read');
    return ctx.loaders.projectById.load(id);
  },

  async require(ctx: WorkContext, id: string): Promise<Project> {
    const p = await this.get(ctx, id);
    if (!p) throw notFound('Project', id);
    return p;
  },

  /** `Department.projects`, batched across departments. */
  async forDepartment(ctx: WorkContext, departmentId: string, page: PageArgs): Promise<Connection<Project>> {
    ctx.authorize('project:read');
    pageWindow(page); // a bad `first`/`after` fails before the batch runs
    return paginateList(await ctx.loaders.projectsByDepartment.load(departmentId), page, (p) => p.id);
  },

  /**
   * Creates a project. Requires `project:create`. The department must be known to work (people's
   * department events replicate into `work.entity_refs`), which is eventually consistent: a
   * department created a moment ago may not be known yet.
   */
  async create(ctx: WorkContext, input: CreateProjectInput): Promise<Project> {
    ctx.authorize('project:create');
    const tenantId = ctx.tenantId();
    const parsed = createSchema.safeParse(input);
    const errors: FieldError[] = parsed.success ? [] : zodFieldErrors(parsed.error);
    const bad = new Set(errors.map((e) => e.field));
    // Checked here rather than as an object refinement, which zod skips when any field is bad.
    if (input.startDate && input.endDate && !bad.has('input.startDate') && !bad.has('input.endDate')) {
      if (input.endDate < input.startDate) {
        errors.push({ field: 'input.endDate', message: 'End date must be on or after the start date' });
      }
    }
    const duplicateCode = () =>
      badInput([{ field: 'input.code', message: 'A project with this code already exists' }]);

    try {
      return await ctx.tx(async (tx) => {
        // Reference checks for the fields whose shape is fine, so one response names every problem.
        const code = parsed.success ? parsed.data.code : null;
        const [department, sameCode] = await Promise.all([
          !input.departmentId || bad.has('input.departmentId')
            ? null
            : tx
                .select({ id: entityRefs.id })
                .from(entityRefs)
                .where(and(eq(entityRefs.entityType, DEPARTMENT_REF), eq(entityRefs.id, input.departmentId))),
          !code ? null : tx.select({ id: projects.id }).from(projects).where(eq(projects.code, code)),
        ]);
        if (department && department.length === 0) {
          errors.push({ field: 'input.departmentId', message: 'Unknown department' });
        }
        if (sameCode && sameCode.length > 0) {
          errors.push({ field: 'input.code', message: 'A project with this code already exists' });
        }
        if (errors.length > 0 || !parsed.success) throw badInput(errors);

        const data = parsed.data;
        const [created] = await tx
          .insert(projects)
          .values({
            tenantId,
            name: data.name,
            code: data.code,
            description: data.description ?? null,
            departmentId: data.departmentId ?? null,
            startDate: data.startDate ?? null,
            endDate: data.endDate ?? null,
            ...(data.status ? { status: data.status } : {}),
          })
          .returning();
        const row = created as Project;
        await emitEvent(tx, outbox, {
          tenantId,
          type: 'work.project.created',
          aggregateType: 'Project',
          aggregateId: row.id,
          data: projectSnapshot(row),
        });
        await recordAudit(tx, auditLog, [
          {
            tenantId,
            actorId: ctx.identity.userId,
            requestId: ctx.requestId,
            action: 'project.create',
            entityType: 'Project',
            entityId: row.id,
            after: row,
          },
        ]);
        return row;
      });
    } catch (error) {
      // Two concurrent creates with the same code: the unique index decides.
      if (isUniqueViolation(error)) throw duplicateCode();
      throw error;
    }
  },

  /**
   * Changes a project's name, description, dates, status and budget. Requires `project:update`.
   * Status moves follow PROJECT_TRANSITIONS (COMPLETED and CANCELLED are final: CONFLICT); the
   * row is locked so two concurrent moves are decided one after the other. Emits
   * `work.project.updated` with the new snapshot; audited with before and after.
   */
  async update(ctx: WorkContext, id: string, input: UpdateProjectInput): Promise<Project> {
    ctx.authorize('project:update');
    const tenantId = ctx.tenantId();
    const parsed = updateSchema.safeParse(input);
    const errors: FieldError[] = parsed.success ? [] : zodFieldErrors(parsed.error);
    if (given(input, 'name') && input.name === null) {
      errors.push({ field: 'input.name', message: 'Project name cannot be removed' });
    }
    if (given(input, 'status') && input.status === null) {
      errors.push({ field: 'input.status', message: 'Status cannot be removed' });
    }
    if (errors.length > 0 || !parsed.success) throw badInput(errors);
    const data = parsed.data;

    return ctx.tx(async (tx) => {
      const [before] = isUuid(id)
        ? await tx.select().from(projects).where(eq(projects.id, id)).for('update')
        : [];
      if (!before) throw notFound('Project', id);
      const current = before as Project;
      const startDate = given(input, 'startDate') ? (data.startDate ?? null) : current.startDate;
      const endDate = given(input, 'endDate') ? (data.endDate ?? null) : current.endDate;
      if (startDate && endDate && endDate < startDate) {
        const field = given(input, 'endDate') ? 'input.endDate' : 'input.startDate';
        throw badInput([
          {
            field,
            message:
              field === 'input.endDate'
                ? `End date must be on or after the start date (${startDate})`
                : `Start date must be on or before the end date (${endDate})`,
          },
        ]);
      }
      const status = data.status ?? current.status;
      if (status !== current.status && !PROJECT_TRANSITIONS[current.status].includes(status)) {
        throw conflict(
          PROJECT_TRANSITIONS[current.status].length === 0
            ? `Project is ${current.status} and can no longer change status`
            : `A ${current.status} project can move to ${PROJECT_TRANSITIONS[current.status].join(', ')}, not ${status}`,
        );
      }
      const budget = given(input, 'budget')
        ? { budgetAmount: data.budget?.amount ?? null, budgetCurrency: data.budget?.currency ?? null }
        : {};
      const [updated] = await tx
        .update(projects)
        .set({
          ...(data.name ? { name: data.name } : {}),
          ...(given(input, 'description') ? { description: data.description || null } : {}),
          startDate,
          endDate,
          status,
          ...budget,
          updatedAt: sql`now()`,
        })
        .where(eq(projects.id, id))
        .returning();
      const row = updated as Project;
      await emitEvent(tx, outbox, {
        tenantId,
        type: 'work.project.updated',
        aggregateType: 'Project',
        aggregateId: row.id,
        data: projectSnapshot(row),
      });
      await recordAudit(tx, auditLog, [
        {
          tenantId,
          actorId: ctx.identity.userId,
          requestId: ctx.requestId,
          action: 'project.update',
          entityType: 'Project',
          entityId: row.id,
          before: current,
          after: row,
        },
      ]);
      return row;
    });
  },
};

/** Whether the caller gave the field at all (GraphQL omits absent input fields; `null` clears). */
const given = <K extends keyof UpdateProjectInput>(input: UpdateProjectInput, key: K) =>
  Object.hasOwn(input, key) && input[key] !== undefined;

function escapeLike(s: string) {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

import { auditLog, departments, employees, outbox } from '@wg/db/schema/people';
import {
  badInput,
  type Connection,
  type EmployeeSnapshot,
  EventTypes,
  emitEvent,
  type FieldError,
  isUniqueViolation,
  notFound,
  pageWindow,
  recordAudit,
  rules,
  type Scope,
  toConnection,
  z,
} from '@wg/runtime';
import { and, asc, count, eq, gt, gte, ilike, or, type SQL, sql } from 'drizzle-orm';
import type { PeopleContext } from '../loaders';
import type { CreateEmployeeInput, EmployeeFilter } from './employee.input';
import type { Employee } from './employee.type';

const createSchema = z.object({
  firstName: rules.name('First name'),
  lastName: rules.name('Last name'),
  workEmail: rules.email(),
  jobTitle: z.string().trim().max(200).nullish(),
  hireDate: rules.date(),
  departmentId: rules.uuid(),
  managerId: rules.uuid().nullish(),
});

/** The public snapshot other subgraphs replicate (entity_refs) from employee events. */
export const employeeSnapshot = (e: Employee): EmployeeSnapshot => ({
  id: e.id,
  firstName: e.firstName,
  lastName: e.lastName,
  workEmail: e.workEmail,
  departmentId: e.departmentId,
  managerId: e.managerId,
  status: e.status,
  hireDate: e.hireDate,
});

/** Ids in the caller's reporting line (themselves and everyone below them). */
function reportingLine(rootId: string): SQL {
  return sql`(with recursive line as (
      select id from people.employees where id = ${rootId}
      union all
      select e.id from people.employees e join line on e.manager_id = line.id
    ) select id from line)`;
}

/** Narrows a query to what `scope` lets the caller read. */
function scopeCondition(ctx: PeopleContext, scope: Scope): SQL | undefined {
  if (scope === 'all') return undefined;
  const self = ctx.identity.employeeId;
  if (!self) return sql`false`;
  if (scope === 'own') return eq(employees.id, self);
  return sql`${employees.id} in ${reportingLine(self)}`;
}

export const employeeService = {
  async get(ctx: PeopleContext, id: string): Promise<Employee | null> {
    const scope = ctx.authorize('employee:read');
    if (scope === 'all') return ctx.loaders.employeeById.load(id);
    return ctx.tx(async (tx) => {
      const [row] = await tx
        .select()
        .from(employees)
        .where(and(eq(employees.id, id), scopeCondition(ctx, scope)));
      return row ?? null;
    });
  },

  async list(
    ctx: PeopleContext,
    args: { first?: number | null; after?: string | null; filter?: EmployeeFilter | null },
  ): Promise<Connection<Employee>> {
    const scope = ctx.authorize('employee:read');
    const { limit, after } = pageWindow(args);
    const f = args.filter ?? {};
    return ctx.tx(async (tx) => {
      const search = f.search?.trim();
      const where = and(
        scopeCondition(ctx, scope),
        f.departmentId ? eq(employees.departmentId, f.departmentId) : undefined,
        f.managerId ? eq(employees.managerId, f.managerId) : undefined,
        f.status ? eq(employees.status, f.status) : undefined,
        f.hiredFrom ? gte(employees.hireDate, f.hiredFrom) : undefined,
        search
          ? or(
              ilike(sql`${employees.firstName} || ' ' || ${employees.lastName}`, `%${escapeLike(search)}%`),
              ilike(employees.workEmail, `%${escapeLike(search)}%`),
            )
          : undefined,
      );
      const [rows, [total]] = await Promise.all([
        tx
          .select()
          .from(employees)
          .where(and(where, after ? gt(employees.id, after) : undefined))
          .orderBy(asc(employees.id))
          .limit(limit + 1),
        tx.select({ n: count() }).from(employees).where(where),
      ]);
      return toConnection(rows, limit, total?.n ?? 0, after !== null, (e) => e.id);
    });
  },

  async create(ctx: PeopleContext, input: CreateEmployeeInput): Promise<Employee> {
    ctx.authorize('employee:create');
    const tenantId = ctx.tenantId();
    const parsed = createSchema.safeParse(input);
    const errors: FieldError[] = parsed.success
      ? []
      : parsed.error.issues.map((i) => ({ field: `input.${i.path.join('.')}`, message: i.message }));
    const bad = new Set(errors.map((e) => e.field));

    try {
      return await ctx.tx(async (tx) => {
        // Reference checks for the fields whose shape is fine, so one response names every problem.
        const email = parsed.success ? parsed.data.workEmail : input.workEmail?.trim().toLowerCase();
        const checks = await Promise.all([
          bad.has('input.departmentId')
            ? null
            : tx
                .select({ id: departments.id })
                .from(departments)
                .where(eq(departments.id, input.departmentId)),
          !input.managerId || bad.has('input.managerId')
            ? null
            : tx
                .select({ id: employees.id, status: employees.status })
                .from(employees)
                .where(eq(employees.id, input.managerId)),
          !email || bad.has('input.workEmail')
            ? null
            : tx.select({ id: employees.id }).from(employees).where(eq(employees.workEmail, email)),
        ]);
        const [dept, manager, sameEmail] = checks;
        if (dept && dept.length === 0)
          errors.push({ field: 'input.departmentId', message: 'Unknown department' });
        if (manager && manager.length === 0)
          errors.push({ field: 'input.managerId', message: 'Unknown employee' });
        if (manager?.[0] && manager[0].status !== 'ACTIVE') {
          errors.push({ field: 'input.managerId', message: 'A manager must be an active employee' });
        }
        if (sameEmail && sameEmail.length > 0) {
          errors.push({ field: 'input.workEmail', message: 'Work email is already in use' });
        }
        if (errors.length > 0 || !parsed.success) throw badInput(errors);

        const data = parsed.data;
        const [created] = await tx
          .insert(employees)
          .values({
            tenantId,
            firstName: data.firstName,
            lastName: data.lastName,
            workEmail: data.workEmail,
            jobTitle: data.jobTitle ?? null,
            hireDate: data.hireDate,
            departmentId: data.departmentId,
            managerId: data.managerId ?? null,
          })
          .returning();
        const row = created as Employee;
        await emitEvent(tx, outbox, {
          tenantId,
          type: EventTypes.employeeHired,
          aggregateType: 'Employee',
          aggregateId: row.id,
          data: employeeSnapshot(row),
        });
        await recordAudit(tx, auditLog, [
          {
            tenantId,
            actorId: ctx.identity.userId,
            requestId: ctx.requestId,
            action: 'employee.create',
            entityType: 'Employee',
            entityId: row.id,
            after: row,
          },
        ]);
        return row;
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw badInput([{ field: 'input.workEmail', message: 'Work email is already in use' }]);
      throw error;
    }
  },

  /** Resolves `Employee.manager`, respecting the caller's read scope. */
  async manager(ctx: PeopleContext, employee: Employee): Promise<Employee | null> {
    if (!employee.managerId) return null;
    return ctx.loaders.employeeById.load(employee.managerId);
  },

  async require(ctx: PeopleContext, id: string): Promise<Employee> {
    const e = await this.get(ctx, id);
    if (!e) throw notFound('Employee', id);
    return e;
  },
};

function escapeLike(s: string) {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

import type { Tx } from '@wg/db';
import { auditLog, departments, employees, outbox } from '@wg/db/people';
import {
  badInput,
  emitEvent,
  type FieldError,
  isUniqueViolation,
  isUuid,
  notFound,
  recordAudit,
  rules,
  z,
} from '@wg/runtime';
import { asc, eq, sql } from 'drizzle-orm';
import type { DepartmentSnapshot } from '../events';
import type { PeopleContext } from '../loaders';
import { selectRows } from '../org-chart/sql';
import { fieldIssues } from '../org-chart/validation';
import type { CreateDepartmentInput, UpdateDepartmentInput } from './department.input';
import type { Department } from './department.type';

const costCentre = z.string().trim().min(1, 'Cost centre must not be empty').max(50, 'At most 50 characters');

const createSchema = z.object({
  name: rules.name('Department name'),
  parentId: rules.uuid().nullish(),
  headEmployeeId: rules.uuid().nullish(),
  costCentre: costCentre.nullish(),
});

const updateSchema = z.object({
  name: rules.name('Department name').nullish(),
  parentId: rules.uuid().nullish(),
  headEmployeeId: rules.uuid().nullish(),
  costCentre: costCentre.nullish(),
});

/** What other subgraphs replicate from department events. */
export const departmentSnapshot = (d: Department): DepartmentSnapshot => ({
  id: d.id,
  name: d.name,
  parentId: d.parentId,
});

/**
 * Serialises department-tree changes within a tenant: two concurrent moves (A under B, B under A)
 * could each pass the cycle check on their own snapshot. The lock lives until commit.
 */
async function lockTree(tx: Tx, tenantId: string) {
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtext('people.departments.tree'), hashtext(${tenantId}))`,
  );
}

/** Ids of `departmentId` and every department above it (path-guarded, so corrupt data still ends). */
async function ancestorsOf(tx: Tx, departmentId: string): Promise<Set<string>> {
  const rows = await selectRows<{ id: string }>(
    tx,
    sql`
      with recursive up(id, parent_id, path) as (
        select d.id, d.parent_id, array[d.id] from people.departments d where d.id = ${departmentId}::uuid
        union all
        select p.id, p.parent_id, up.path || p.id
        from people.departments p join up on p.id = up.parent_id
        where p.id <> all(up.path)
      )
      select id from up`,
  );
  return new Set(rows.map((r) => r.id));
}

/** Reference checks shared by create and update; pushes errors instead of throwing, so all are named. */
async function checkReferences(
  tx: Tx,
  data: { parentId?: string | null | undefined; headEmployeeId?: string | null | undefined },
  errors: FieldError[],
  self?: string,
) {
  const bad = new Set(errors.map((e) => e.field));
  if (data.parentId && !bad.has('input.parentId')) {
    const [parent] = await tx
      .select({ id: departments.id })
      .from(departments)
      .where(eq(departments.id, data.parentId));
    if (!parent) errors.push({ field: 'input.parentId', message: 'Unknown department' });
    else if (self && (data.parentId === self || (await ancestorsOf(tx, data.parentId)).has(self))) {
      errors.push({
        field: 'input.parentId',
        message: 'A department cannot be moved under itself or one of its sub-departments',
      });
    }
  }
  if (data.headEmployeeId && !bad.has('input.headEmployeeId')) {
    const [head] = await tx
      .select({ id: employees.id, status: employees.status })
      .from(employees)
      .where(eq(employees.id, data.headEmployeeId));
    if (!head) errors.push({ field: 'input.headEmployeeId', message: 'Unknown employee' });
    else if (head.status === 'TERMINATED') {
      errors.push({
        field: 'input.headEmployeeId',
        message: 'A terminated employee cannot head a department',
      });
    }
  }
}

/**
 * Clears `head_employee_id` of every department headed by `employeeId` (a leaver), inside the
 * caller's transaction: one department-updated event (snapshot) and one audit record each.
 */
export async function releaseDepartmentHeads(
  ctx: PeopleContext,
  tx: Tx,
  employeeId: string,
  action: string,
): Promise<Department[]> {
  const before = await tx
    .select()
    .from(departments)
    .where(eq(departments.headEmployeeId, employeeId))
    .orderBy(asc(departments.id))
    .for('update');
  if (before.length === 0) return [];
  const tenantId = ctx.tenantId();
  const released = await tx
    .update(departments)
    .set({ headEmployeeId: null })
    .where(eq(departments.headEmployeeId, employeeId))
    .returning();
  for (const row of released) {
    await emitEvent(tx, outbox, {
      tenantId,
      type: 'people.department.updated',
      aggregateType: 'Department',
      aggregateId: row.id,
      data: departmentSnapshot(row),
    });
    ctx.loaders.departmentById.clear(row.id).prime(row.id, row);
  }
  const byId = new Map(before.map((d) => [d.id, d]));
  await recordAudit(
    tx,
    auditLog,
    released.map((row) => ({
      tenantId,
      actorId: ctx.identity.userId,
      requestId: ctx.requestId,
      action,
      entityType: 'Department',
      entityId: row.id,
      before: byId.get(row.id),
      after: row,
    })),
  );
  return released;
}

function nameTaken(error: unknown) {
  if (isUniqueViolation(error)) {
    return badInput([{ field: 'input.name', message: 'A department with this name already exists' }]);
  }
  return error;
}

export const departmentService = {
  async list(ctx: PeopleContext): Promise<Department[]> {
    ctx.authorize('department:read');
    return ctx.tx((tx) => tx.select().from(departments).orderBy(asc(departments.name)));
  },

  async get(ctx: PeopleContext, id: string): Promise<Department | null> {
    ctx.authorize('department:read');
    return ctx.loaders.departmentById.load(id);
  },

  async create(ctx: PeopleContext, input: CreateDepartmentInput): Promise<Department> {
    ctx.authorize('department:create');
    const parsed = createSchema.safeParse(input);
    const errors = fieldIssues(parsed);
    const tenantId = ctx.tenantId();
    try {
      return await ctx.tx(async (tx) => {
        await checkReferences(tx, input, errors);
        if (errors.length > 0 || !parsed.success) throw badInput(errors);
        const data = parsed.data;
        const [created] = await tx
          .insert(departments)
          .values({
            tenantId,
            name: data.name,
            parentId: data.parentId ?? null,
            headEmployeeId: data.headEmployeeId ?? null,
            costCentre: data.costCentre ?? null,
          })
          .returning();
        const row = created!;
        await emitEvent(tx, outbox, {
          tenantId,
          type: 'people.department.created',
          aggregateType: 'Department',
          aggregateId: row.id,
          data: departmentSnapshot(row),
        });
        await recordAudit(tx, auditLog, [
          {
            tenantId,
            actorId: ctx.identity.userId,
            requestId: ctx.requestId,
            action: 'department.create',
            entityType: 'Department',
            entityId: row.id,
            after: row,
          },
        ]);
        return row;
      });
    } catch (error) {
      throw nameTaken(error);
    }
  },

  /**
   * Renames, re-parents, changes head or cost centre. Moving under its own subtree is rejected
   * (BAD_USER_INPUT on `input.parentId`); the tree lock makes the check hold under concurrency.
   */
  async update(ctx: PeopleContext, id: string, input: UpdateDepartmentInput): Promise<Department> {
    ctx.authorize('department:update');
    if (!isUuid(id)) throw notFound('Department', id);
    const parsed = updateSchema.safeParse(input);
    const errors = fieldIssues(parsed);
    if (input.name === null)
      errors.push({ field: 'input.name', message: 'Department name must not be empty' });
    const tenantId = ctx.tenantId();
    try {
      return await ctx.tx(async (tx) => {
        if (input.parentId !== undefined) await lockTree(tx, tenantId);
        const [before] = await tx.select().from(departments).where(eq(departments.id, id));
        if (!before) throw notFound('Department', id);
        await checkReferences(tx, input, errors, id);
        if (errors.length > 0 || !parsed.success) throw badInput(errors);
        const data = parsed.data;
        const changes: Partial<typeof departments.$inferInsert> = {};
        if (data.name) changes.name = data.name;
        if (input.parentId !== undefined) changes.parentId = data.parentId ?? null;
        if (input.headEmployeeId !== undefined) changes.headEmployeeId = data.headEmployeeId ?? null;
        if (input.costCentre !== undefined) changes.costCentre = data.costCentre ?? null;
        if (Object.keys(changes).length === 0) return before;
        const [updated] = await tx.update(departments).set(changes).where(eq(departments.id, id)).returning();
        const row = updated!;
        await emitEvent(tx, outbox, {
          tenantId,
          type: 'people.department.updated',
          aggregateType: 'Department',
          aggregateId: row.id,
          data: departmentSnapshot(row),
        });
        await recordAudit(tx, auditLog, [
          {
            tenantId,
            actorId: ctx.identity.userId,
            requestId: ctx.requestId,
            action:
              input.parentId !== undefined && before.parentId !== row.parentId
                ? 'department.move'
                : 'department.update',
            entityType: 'Department',
            entityId: row.id,
            before,
            after: row,
          },
        ]);
        ctx.loaders.departmentById.clear(row.id).prime(row.id, row);
        return row;
      });
    } catch (error) {
      throw nameTaken(error);
    }
  },
};

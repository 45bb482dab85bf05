import { auditLog, employeeSkills, employees, outbox, skills } from '@wg/db/people';
import {
  badInput,
  clock,
  type Connection,
  emitEvent,
  type FieldError,
  forbidden,
  isUniqueViolation,
  isUuid,
  notFound,
  type PageArgs,
  pageWindow,
  paginate,
  recordAudit,
  requireScope,
  rules,
  toConnection,
  z,
} from '@wg/runtime';
import { and, asc, eq, ilike, inArray, sql } from 'drizzle-orm';
import type { Employee } from '../employees/employee.type';
import type { PeopleContext } from '../loaders';
import { managementChainIds } from '../org-chart/reporting-line';
import { selectRows } from '../org-chart/sql';
import { fieldIssues } from '../org-chart/validation';
import { skillsVisible } from '../org-chart/visibility';
import type {
  CreateSkillInput,
  SetEmployeeSkillInput,
  SkillRequirementInput,
  UpdateSkillInput,
} from './skill.input';
import type { EmployeeSkill, Skill } from './skill.type';

export const SkillEvents = {
  employeeSkillSet: 'people.employee_skill.set',
  employeeSkillRemoved: 'people.employee_skill.removed',
} as const;

const text = (label: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, `${label} must not be empty`)
    .max(max, `${label} must be at most ${max} characters`);

const createSchema = z.object({
  name: rules.name('Skill name'),
  category: text('Category', 100).nullish(),
  description: text('Description', 2000).nullish(),
});
const updateSchema = createSchema.extend({ name: rules.name('Skill name').nullish() });

const proficiency = z
  .number()
  .int('Must be a whole number')
  .min(1, 'Proficiency must be between 1 and 5')
  .max(5, 'Proficiency must be between 1 and 5');

const setSchema = z.object({
  employeeId: rules.uuid(),
  skillId: rules.uuid(),
  proficiency,
  lastUsedOn: rules
    .date()
    .refine((d) => d <= clock.today(), 'Must not be in the future')
    .nullish(),
});

const requirementsSchema = z
  .array(z.object({ skillId: rules.uuid(), minProficiency: proficiency }))
  .min(1, 'Name at least one skill')
  .max(20, 'At most 20 skills')
  .refine((list) => new Set(list.map((r) => r.skillId)).size === list.length, 'Each skill at most once');

const nameTaken = (error: unknown) =>
  isUniqueViolation(error)
    ? badInput([{ field: 'input.name', message: 'A skill with this name already exists' }])
    : error;

/**
 * May the caller change `employeeId`'s skills? `skill:assign` scope own = their own record, team =
 * themselves and their reporting line, all = anyone in the tenant.
 */
async function assertCanAssign(
  ctx: PeopleContext,
  employeeId: string,
  managerChain: () => Promise<string[]>,
) {
  const scope = ctx.authorize('skill:assign');
  if (scope === 'all') return;
  const self = ctx.identity.employeeId;
  if (self && self === employeeId) return;
  if (scope === 'team' && self && (await managerChain()).includes(self)) return;
  throw forbidden(`skill:assign:${scope === 'own' ? 'team' : 'all'}`);
}

export const skillService = {
  async list(ctx: PeopleContext, search: string | null, page: PageArgs): Promise<Connection<Skill>> {
    ctx.authorize('skill:read');
    const term = search?.trim();
    const where = term ? ilike(skills.name, `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) : undefined;
    return ctx.tx((tx) =>
      paginate<typeof skills, Skill>(tx, { table: skills, key: skills.id, sortBy: skills.name, where }, page),
    );
  },

  async get(ctx: PeopleContext, id: string): Promise<Skill | null> {
    ctx.authorize('skill:read');
    return ctx.loaders.skillById.load(id);
  },

  async create(ctx: PeopleContext, input: CreateSkillInput): Promise<Skill> {
    requireScope(ctx.identity, 'skill:create', 'all');
    const parsed = createSchema.safeParse(input);
    if (!parsed.success) throw badInput(fieldIssues(parsed));
    const tenantId = ctx.tenantId();
    try {
      return await ctx.tx(async (tx) => {
        const [row] = await tx
          .insert(skills)
          .values({
            tenantId,
            name: parsed.data.name,
            category: parsed.data.category ?? null,
            description: parsed.data.description ?? null,
          })
          .returning();
        await recordAudit(tx, auditLog, [
          {
            tenantId,
            actorId: ctx.identity.userId,
            requestId: ctx.requestId,
            action: 'skill.create',
            entityType: 'Skill',
            entityId: row!.id,
            after: row,
          },
        ]);
        return row!;
      });
    } catch (error) {
      throw nameTaken(error);
    }
  },

  async update(ctx: PeopleContext, id: string, input: UpdateSkillInput): Promise<Skill> {
    requireScope(ctx.identity, 'skill:update', 'all');
    if (!isUuid(id)) throw notFound('Skill', id);
    const parsed = updateSchema.safeParse(input);
    const errors = fieldIssues(parsed);
    if (input.name === null) errors.push({ field: 'input.name', message: 'Skill name must not be empty' });
    if (errors.length > 0 || !parsed.success) throw badInput(errors);
    const tenantId = ctx.tenantId();
    try {
      return await ctx.tx(async (tx) => {
        const [before] = await tx.select().from(skills).where(eq(skills.id, id));
        if (!before) throw notFound('Skill', id);
        const d = parsed.data;
        const changes: Partial<typeof skills.$inferInsert> = {};
        if (d.name) changes.name = d.name;
        if (input.category !== undefined) changes.category = d.category ?? null;
        if (input.description !== undefined) changes.description = d.description ?? null;
        if (Object.keys(changes).length === 0) return before;
        const [row] = await tx.update(skills).set(changes).where(eq(skills.id, id)).returning();
        await recordAudit(tx, auditLog, [
          {
            tenantId,
            actorId: ctx.identity.userId,
            requestId: ctx.requestId,
            action: 'skill.update',
            entityType: 'Skill',
            entityId: id,
            before,
            after: row,
          },
        ]);
        return row!;
      });
    } catch (error) {
      throw nameTaken(error);
    }
  },

  /** Removes a skill from the catalogue and from every employee holding it (all audited). */
  async delete(ctx: PeopleContext, id: string): Promise<boolean> {
    requireScope(ctx.identity, 'skill:delete', 'all');
    if (!isUuid(id)) throw notFound('Skill', id);
    const tenantId = ctx.tenantId();
    return ctx.tx(async (tx) => {
      const [before] = await tx.select().from(skills).where(eq(skills.id, id));
      if (!before) throw notFound('Skill', id);
      const holders = await tx.delete(employeeSkills).where(eq(employeeSkills.skillId, id)).returning();
      await tx.delete(skills).where(eq(skills.id, id));
      await recordAudit(tx, auditLog, [
        {
          tenantId,
          actorId: ctx.identity.userId,
          requestId: ctx.requestId,
          action: 'skill.delete',
          entityType: 'Skill',
          entityId: id,
          before: { ...before, holders },
        },
      ]);
      return true;
    });
  },

  /** Adds or changes an employee's skill (upsert on employee + skill). */
  async setEmployeeSkill(ctx: PeopleContext, input: SetEmployeeSkillInput): Promise<EmployeeSkill> {
    ctx.authorize('skill:assign');
    const parsed = setSchema.safeParse(input);
    const errors = fieldIssues(parsed);
    const tenantId = ctx.tenantId();
    return ctx.tx(async (tx) => {
      if (isUuid(input.employeeId)) {
        const [target] = await tx
          .select({ id: employees.id })
          .from(employees)
          .where(eq(employees.id, input.employeeId));
        if (!target) throw notFound('Employee', input.employeeId);
        await assertCanAssign(ctx, input.employeeId, () => managementChainIds(tx, input.employeeId));
      }
      let skill: Skill | undefined;
      if (isUuid(input.skillId)) {
        [skill] = await tx.select().from(skills).where(eq(skills.id, input.skillId));
        if (!skill) errors.push({ field: 'input.skillId', message: 'Unknown skill' });
      }
      if (errors.length > 0 || !parsed.success || !skill) throw badInput(errors);
      const d = parsed.data;
      const [before] = await tx
        .select()
        .from(employeeSkills)
        .where(and(eq(employeeSkills.employeeId, d.employeeId), eq(employeeSkills.skillId, d.skillId)));
      const [row] = await tx
        .insert(employeeSkills)
        .values({
          tenantId,
          employeeId: d.employeeId,
          skillId: d.skillId,
          proficiency: d.proficiency,
          lastUsedOn: d.lastUsedOn ?? null,
        })
        .onConflictDoUpdate({
          target: [employeeSkills.tenantId, employeeSkills.employeeId, employeeSkills.skillId],
          set: { proficiency: d.proficiency, lastUsedOn: d.lastUsedOn ?? null, updatedAt: new Date() },
        })
        .returning();
      const after = row!;
      await emitEvent(tx, outbox, {
        tenantId,
        type: SkillEvents.employeeSkillSet,
        aggregateType: 'Employee',
        aggregateId: d.employeeId,
        data: {
          employeeId: d.employeeId,
          skillId: d.skillId,
          skillName: skill.name,
          proficiency: d.proficiency,
        },
      });
      await recordAudit(tx, auditLog, [
        {
          tenantId,
          actorId: ctx.identity.userId,
          requestId: ctx.requestId,
          action: before ? 'employee_skill.update' : 'employee_skill.add',
          entityType: 'Employee',
          entityId: d.employeeId,
          before: before ?? null,
          after,
        },
      ]);
      return {
        employeeId: after.employeeId,
        proficiency: after.proficiency,
        lastUsedOn: after.lastUsedOn,
        updatedAt: after.updatedAt,
        skill,
      };
    });
  },

  /** Removes a skill from an employee; false when they did not hold it. */
  async removeEmployeeSkill(ctx: PeopleContext, employeeId: string, skillId: string): Promise<boolean> {
    ctx.authorize('skill:assign');
    const errors: FieldError[] = [];
    if (!isUuid(skillId)) errors.push({ field: 'skillId', message: 'Must be a valid id' });
    if (!isUuid(employeeId)) throw notFound('Employee', employeeId);
    const tenantId = ctx.tenantId();
    return ctx.tx(async (tx) => {
      const [target] = await tx
        .select({ id: employees.id })
        .from(employees)
        .where(eq(employees.id, employeeId));
      if (!target) throw notFound('Employee', employeeId);
      await assertCanAssign(ctx, employeeId, () => managementChainIds(tx, employeeId));
      if (errors.length > 0) throw badInput(errors);
      const removed = await tx
        .delete(employeeSkills)
        .where(and(eq(employeeSkills.employeeId, employeeId), eq(employeeSkills.skillId, skillId)))
        .returning();
      if (removed.length === 0) return false;
      await emitEvent(tx, outbox, {
        tenantId,
        type: SkillEvents.employeeSkillRemoved,
        aggregateType: 'Employee',
        aggregateId: employeeId,
        data: { employeeId, skillId },
      });
      await recordAudit(tx, auditLog, [
        {
          tenantId,
          actorId: ctx.identity.userId,
          requestId: ctx.requestId,
          action: 'employee_skill.remove',
          entityType: 'Employee',
          entityId: employeeId,
          before: removed[0],
        },
      ]);
      return true;
    });
  },

  /**
   * Employees (not terminated) holding every listed skill at or above its minimum proficiency,
   * Relay-paginated by id. One statement for the page and total (relational division with
   * `having count(*) = n`), one for the rows.
   */
  async employeesBySkills(
    ctx: PeopleContext,
    requirements: SkillRequirementInput[],
    args: { first?: number | null; after?: string | null },
  ): Promise<Connection<Employee>> {
    const visible = await skillsVisible(ctx);
    const parsed = requirementsSchema.safeParse(requirements);
    if (!parsed.success) throw badInput(fieldIssues(parsed, 'skills'));
    const { limit, after } = pageWindow(args);
    const reqs = parsed.data;
    const visibleIds = visible ? [...visible] : null;
    return ctx.tx(async (tx) => {
      const matches = await selectRows<{ employee_id: string; total: number }>(
        tx,
        sql`
          with req as (
            select (r->>'skillId')::uuid as skill_id, (r->>'minProficiency')::int as min_proficiency
            from jsonb_array_elements(${JSON.stringify(reqs)}::jsonb) r
          ),
          holders as (
            select es.employee_id
            from people.employee_skills es
            join req on req.skill_id = es.skill_id and es.proficiency >= req.min_proficiency
            join people.employees e on e.id = es.employee_id and e.status <> 'TERMINATED'
            where (${visibleIds ? JSON.stringify(visibleIds) : null}::jsonb is null
              or es.employee_id in (select value::uuid from jsonb_array_elements_text(${visibleIds ? JSON.stringify(visibleIds) : null}::jsonb)))
            group by es.employee_id
            having count(*) = ${reqs.length}::int
          ),
          counted as (select employee_id, count(*) over () as total from holders)
          select employee_id, total::int as total from counted
          where (${after}::uuid is null or employee_id > ${after}::uuid)
          order by employee_id
          limit ${limit + 1}`,
      );
      const ids = matches.map((m) => m.employee_id);
      const rows =
        ids.length === 0
          ? []
          : ((await tx
              .select()
              .from(employees)
              .where(inArray(employees.id, ids))
              .orderBy(asc(employees.id))) as Employee[]);
      for (const r of rows) ctx.loaders.employeeById.prime(r.id, r);
      // The window total is computed before the cursor applies; with no row on this page fall back to a count.
      let total = Number(matches[0]?.total ?? 0);
      if (matches.length === 0 && after) total = await countHolders(tx, reqs, visibleIds);
      return toConnection(rows, limit, total, after !== null, (e) => e.id);
    });
  },
};

async function countHolders(
  tx: Parameters<Parameters<PeopleContext['tx']>[0]>[0],
  reqs: { skillId: string; minProficiency: number }[],
  visibleIds: string[] | null,
): Promise<number> {
  const [row] = await selectRows<{ n: number }>(
    tx,
    sql`
      select count(*)::int as n from (
        select es.employee_id
        from people.employee_skills es
        join jsonb_array_elements(${JSON.stringify(reqs)}::jsonb) r
          on (r->>'skillId')::uuid = es.skill_id and es.proficiency >= (r->>'minProficiency')::int
        join people.employees e on e.id = es.employee_id and e.status <> 'TERMINATED'
        where (${visibleIds ? JSON.stringify(visibleIds) : null}::jsonb is null
          or es.employee_id in (select value::uuid from jsonb_array_elements_text(${visibleIds ? JSON.stringify(visibleIds) : null}::jsonb)))
        group by es.employee_id
        having count(*) = ${reqs.length}::int
      ) h`,
  );
  return Number(row?.n ?? 0);
}

import { auditLog, departments, outbox } from '@wg/db/schema/people';
import {
  badInput,
  EventTypes,
  emitEvent,
  isUniqueViolation,
  parseInput,
  recordAudit,
  rules,
  z,
} from '@wg/runtime';
import { asc, eq } from 'drizzle-orm';
import type { PeopleContext } from '../loaders';
import type { CreateDepartmentInput } from './department.input';
import type { Department } from './department.type';

const createSchema = z.object({
  name: rules.name('Department name'),
  parentId: rules.uuid().nullish(),
});

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
    const data = parseInput(createSchema, input);
    const tenantId = ctx.tenantId();
    try {
      return await ctx.tx(async (tx) => {
        if (data.parentId) {
          const [parent] = await tx
            .select({ id: departments.id })
            .from(departments)
            .where(eq(departments.id, data.parentId));
          if (!parent) throw badInput([{ field: 'input.parentId', message: 'Unknown department' }]);
        }
        const [created] = await tx
          .insert(departments)
          .values({ tenantId, name: data.name, parentId: data.parentId ?? null })
          .returning();
        const row = created!;
        await emitEvent(tx, outbox, {
          tenantId,
          type: EventTypes.departmentCreated,
          aggregateType: 'Department',
          aggregateId: row.id,
          data: { id: row.id, name: row.name, parentId: row.parentId },
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
      if (isUniqueViolation(error)) {
        throw badInput([{ field: 'input.name', message: 'A department with this name already exists' }]);
      }
      throw error;
    }
  },
};

import type { Tx } from '@wg/db';
import { auditLog, departments, employees, outbox, positions } from '@wg/db/people';
import {
  badInput,
  conflict,
  type Connection,
  emitEvent,
  isUniqueViolation,
  isUuid,
  notFound,
  type PageArgs,
  paginate,
  recordAudit,
  requireScope,
  rules,
  z,
} from '@wg/runtime';
import { and, count, eq, ne, sql } from 'drizzle-orm';
import type { PeopleContext } from '../loaders';
import { fieldIssues } from '../org-chart/validation';
import type { CreatePositionInput, PositionFilter, UpdatePositionInput } from './position.input';
import type { Position } from './position.type';

/** Outbox event types for positions (payload: the position row's public fields). */
export const PositionEvents = {
  created: 'people.position.created',
  updated: 'people.position.updated',
  deleted: 'people.position.deleted',
} as const;

const optionalText = (label: string) =>
  z.string().trim().min(1, `${label} must not be empty`).max(100, `${label} must be at most 100 characters`);
const seats = z
  .number()
  .int('Must be a whole number')
  .min(0, 'Must be at least 0')
  .max(10_000, 'Must be at most 10000');

const createSchema = z.object({
  title: rules.name('Title'),
  level: optionalText('Level').nullish(),
  jobFamily: optionalText('Job family').nullish(),
  departmentId: rules.uuid(),
  approvedSeats: seats.nullish(),
});

const updateSchema = z.object({
  title: rules.name('Title').nullish(),
  level: optionalText('Level').nullish(),
  jobFamily: optionalText('Job family').nullish(),
  departmentId: rules.uuid().nullish(),
  approvedSeats: seats.nullish(),
});

const snapshot = (p: Position) => ({
  id: p.id,
  title: p.title,
  level: p.level,
  jobFamily: p.jobFamily,
  departmentId: p.departmentId,
  approvedSeats: p.approvedSeats,
});

const duplicate = (error: unknown) =>
  isUniqueViolation(error)
    ? badInput([
        { field: 'input.title', message: 'This department already has a position with this title and level' },
      ])
    : error;

/**
 * Takes a seat of a position for `employeeId` (hire, promotion, rehire), inside the caller's
 * transaction. The position row is locked FOR UPDATE until commit, so two concurrent promotions
 * cannot both take the last seat (the second waits, then counts the first). Filled seats are the
 * ACTIVE and ON_LEAVE holders other than `employeeId`. Returns null for an unknown position (or
 * another tenant's — RLS hides it) so the caller can name its field; CONFLICT when no seat is free.
 */
export async function reserveSeat(tx: Tx, positionId: string, employeeId?: string): Promise<Position | null> {
  const [position] = await tx.select().from(positions).where(eq(positions.id, positionId)).for('update');
  if (!position) return null;
  const [filled] = await tx
    .select({ n: count() })
    .from(employees)
    .where(
      and(
        eq(employees.positionId, positionId),
        ne(employees.status, 'TERMINATED'),
        employeeId ? ne(employees.id, employeeId) : undefined,
      ),
    );
  const n = filled?.n ?? 0;
  if (n >= position.approvedSeats) {
    throw conflict(
      `Position "${position.title}" (${position.id}) has no free seat: ${n} of ${position.approvedSeats} approved seats are filled`,
    );
  }
  return position;
}

export const positionService = {
  async get(ctx: PeopleContext, id: string): Promise<Position | null> {
    ctx.authorize('position:read');
    return isUuid(id) ? ctx.loaders.positionById.load(id) : null;
  },

  async list(
    ctx: PeopleContext,
    args: PageArgs & { filter?: PositionFilter | null },
  ): Promise<Connection<Position>> {
    ctx.authorize('position:read');
    const f = args.filter ?? {};
    if (f.departmentId && !isUuid(f.departmentId)) {
      throw badInput([{ field: 'filter.departmentId', message: 'Must be a valid id' }]);
    }
    return ctx.tx(async (tx) => {
      const where = and(
        f.departmentId ? eq(positions.departmentId, f.departmentId) : undefined,
        f.jobFamily ? sql`lower(${positions.jobFamily}) = lower(${f.jobFamily})` : undefined,
      );
      return paginate(tx, { table: positions, key: positions.id, where }, args);
    });
  },

  async create(ctx: PeopleContext, input: CreatePositionInput): Promise<Position> {
    requireScope(ctx.identity, 'position:create', 'all');
    const parsed = createSchema.safeParse(input);
    const errors = fieldIssues(parsed);
    const tenantId = ctx.tenantId();
    try {
      return await ctx.tx(async (tx) => {
        if (isUuid(input.departmentId)) {
          const [dept] = await tx
            .select({ id: departments.id })
            .from(departments)
            .where(eq(departments.id, input.departmentId));
          if (!dept) errors.push({ field: 'input.departmentId', message: 'Unknown department' });
        }
        if (errors.length > 0 || !parsed.success) throw badInput(errors);
        const d = parsed.data;
        const [created] = await tx
          .insert(positions)
          .values({
            tenantId,
            title: d.title,
            level: d.level ?? null,
            jobFamily: d.jobFamily ?? null,
            departmentId: d.departmentId,
            approvedSeats: d.approvedSeats ?? 1,
          })
          .returning();
        const row = created!;
        await emitEvent(tx, outbox, {
          tenantId,
          type: PositionEvents.created,
          aggregateType: 'Position',
          aggregateId: row.id,
          data: snapshot(row),
        });
        await recordAudit(tx, auditLog, [
          {
            tenantId,
            actorId: ctx.identity.userId,
            requestId: ctx.requestId,
            action: 'position.create',
            entityType: 'Position',
            entityId: row.id,
            after: row,
          },
        ]);
        return row;
      });
    } catch (error) {
      throw duplicate(error);
    }
  },

  async update(ctx: PeopleContext, id: string, input: UpdatePositionInput): Promise<Position> {
    requireScope(ctx.identity, 'position:update', 'all');
    if (!isUuid(id)) throw notFound('Position', id);
    const parsed = updateSchema.safeParse(input);
    const errors = fieldIssues(parsed);
    for (const key of ['title', 'departmentId', 'approvedSeats'] as const) {
      if (input[key] === null) errors.push({ field: `input.${key}`, message: 'Must not be null' });
    }
    const tenantId = ctx.tenantId();
    try {
      return await ctx.tx(async (tx) => {
        // Row lock: a concurrent promotion into this position cannot slip past the seat check.
        const [before] = await tx.select().from(positions).where(eq(positions.id, id)).for('update');
        if (!before) throw notFound('Position', id);
        if (input.departmentId && isUuid(input.departmentId)) {
          const [dept] = await tx
            .select({ id: departments.id })
            .from(departments)
            .where(eq(departments.id, input.departmentId));
          if (!dept) errors.push({ field: 'input.departmentId', message: 'Unknown department' });
        }
        if (typeof input.approvedSeats === 'number' && parsed.success) {
          const [filled] = await tx
            .select({ n: count() })
            .from(employees)
            .where(and(eq(employees.positionId, id), ne(employees.status, 'TERMINATED')));
          const n = filled?.n ?? 0;
          if (input.approvedSeats < n) {
            errors.push({
              field: 'input.approvedSeats',
              message: `Cannot approve fewer seats than the ${n} currently filled`,
            });
          }
        }
        if (errors.length > 0 || !parsed.success) throw badInput(errors);
        const d = parsed.data;
        const changes: Partial<typeof positions.$inferInsert> = {};
        if (d.title) changes.title = d.title;
        if (input.level !== undefined) changes.level = d.level ?? null;
        if (input.jobFamily !== undefined) changes.jobFamily = d.jobFamily ?? null;
        if (d.departmentId) changes.departmentId = d.departmentId;
        if (typeof d.approvedSeats === 'number') changes.approvedSeats = d.approvedSeats;
        if (Object.keys(changes).length === 0) return before;
        const [updated] = await tx.update(positions).set(changes).where(eq(positions.id, id)).returning();
        const row = updated!;
        await emitEvent(tx, outbox, {
          tenantId,
          type: PositionEvents.updated,
          aggregateType: 'Position',
          aggregateId: row.id,
          data: snapshot(row),
        });
        await recordAudit(tx, auditLog, [
          {
            tenantId,
            actorId: ctx.identity.userId,
            requestId: ctx.requestId,
            action: 'position.update',
            entityType: 'Position',
            entityId: row.id,
            before,
            after: row,
          },
        ]);
        ctx.loaders.positionById.clear(row.id).prime(row.id, row);
        return row;
      });
    } catch (error) {
      throw duplicate(error);
    }
  },

  /** Deletes a position nobody holds (any employee, even a former one, keeps it referenced: CONFLICT). */
  async delete(ctx: PeopleContext, id: string): Promise<boolean> {
    requireScope(ctx.identity, 'position:delete', 'all');
    if (!isUuid(id)) throw notFound('Position', id);
    const tenantId = ctx.tenantId();
    return ctx.tx(async (tx) => {
      const [before] = await tx.select().from(positions).where(eq(positions.id, id)).for('update');
      if (!before) throw notFound('Position', id);
      const [holders] = await tx.select({ n: count() }).from(employees).where(eq(employees.positionId, id));
      if ((holders?.n ?? 0) > 0) {
        throw conflict('Employees hold (or held) this position; set approvedSeats to 0 to close it instead');
      }
      await tx.delete(positions).where(eq(positions.id, id));
      await emitEvent(tx, outbox, {
        tenantId,
        type: PositionEvents.deleted,
        aggregateType: 'Position',
        aggregateId: id,
        data: snapshot(before),
      });
      await recordAudit(tx, auditLog, [
        {
          tenantId,
          actorId: ctx.identity.userId,
          requestId: ctx.requestId,
          action: 'position.delete',
          entityType: 'Position',
          entityId: id,
          before,
        },
      ]);
      return true;
    });
  },
};

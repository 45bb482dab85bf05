import { leaveTypes, timeOffRequests } from '@wg/db/work';
import { badInput, checkInput, conflict, isUniqueViolation, isUuid, notFound, rules, z } from '@wg/runtime';
import { asc, count, eq } from 'drizzle-orm';
import type { WorkContext } from '../../loaders';
import { requireManage, requireRead } from '../time-off.access';
import { auditTimeOff } from '../time-off.audit';
import type { CreateLeaveTypeInput, UpdateLeaveTypeInput } from './leave-type.input';
import type { LeaveType } from './leave-type.type';

const colour = z.string().regex(/^#[0-9A-Fa-f]{6}$/, 'Must be a colour in #RRGGBB form');
const createSchema = z.object({
  name: rules.name(),
  code: z
    .string()
    .trim()
    .regex(/^[A-Z0-9_]{2,32}$/, 'Must be 2–32 characters A–Z, 0–9 or _'),
  paid: z.boolean().nullish(),
  unit: z.enum(['DAYS', 'HOURS']).nullish(),
  balanceApplies: z.boolean().nullish(),
  halfDaysAllowed: z.boolean().nullish(),
  noteRequired: z.boolean().nullish(),
  colour: colour.nullish(),
  hoursPerDay: rules
    .decimal()
    .refine((v) => Number(v) > 0 && Number(v) <= 24, 'Must be more than 0 and at most 24')
    .nullish(),
});
const updateSchema = z.object({
  name: rules.name().nullish(),
  paid: z.boolean().nullish(),
  balanceApplies: z.boolean().nullish(),
  halfDaysAllowed: z.boolean().nullish(),
  noteRequired: z.boolean().nullish(),
  colour: colour.nullish(),
});

/** Drops null/undefined values: omitted input fields keep their column value. */
export function given<T extends Record<string, unknown>>(
  values: T,
): Partial<{ [K in keyof T]: NonNullable<T[K]> }> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null && v !== undefined)) as never;
}

export const leaveTypeService = {
  /** Every leave type of the tenant, by name. Requires any scope of `time_off:read`. */
  async list(ctx: WorkContext): Promise<LeaveType[]> {
    requireRead(ctx);
    return ctx.tx((tx) => tx.select().from(leaveTypes).orderBy(asc(leaveTypes.name), asc(leaveTypes.id)));
  },

  /** One leave type in the caller's tenant, or NOT_FOUND (another tenant's id too). */
  async require(ctx: WorkContext, id: string, field = 'id'): Promise<LeaveType> {
    if (!isUuid(id)) throw badInput([{ field, message: 'Must be a valid id' }]);
    const [row] = await ctx.tx((tx) => tx.select().from(leaveTypes).where(eq(leaveTypes.id, id)));
    if (!row) throw notFound('LeaveType', id);
    return row;
  },

  /** Creates a leave type. Requires `time_off:manage:all`; a taken code is a CONFLICT. */
  async create(ctx: WorkContext, input: CreateLeaveTypeInput): Promise<LeaveType> {
    requireManage(ctx);
    const data = checkInput(createSchema, input).valid();
    try {
      return await ctx.tx(async (tx) => {
        const [row] = await tx
          .insert(leaveTypes)
          .values({ tenantId: ctx.tenantId(), ...given(data), name: data.name, code: data.code })
          .returning();
        await auditTimeOff(ctx, tx, 'leave_type.create', 'LeaveType', row!.id, null, row);
        return row!;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`A leave type with code ${data.code} already exists`);
      throw error;
    }
  },

  /** Changes a leave type (its code and unit are fixed: existing amounts are counted in it). */
  async update(ctx: WorkContext, id: string, input: UpdateLeaveTypeInput): Promise<LeaveType> {
    requireManage(ctx);
    if (!isUuid(id)) throw badInput([{ field: 'id', message: 'Must be a valid id' }]);
    const data = checkInput(updateSchema, input).valid();
    return ctx.tx(async (tx) => {
      const [before] = await tx.select().from(leaveTypes).where(eq(leaveTypes.id, id)).for('update');
      if (!before) throw notFound('LeaveType', id);
      const [row] = await tx
        .update(leaveTypes)
        .set({ ...given(data), updatedAt: new Date() })
        .where(eq(leaveTypes.id, id))
        .returning();
      await auditTimeOff(ctx, tx, 'leave_type.update', 'LeaveType', id, before, row);
      return row!;
    });
  },

  /** Deletes a leave type nobody has requested yet (CONFLICT otherwise); its policies go with it. */
  async delete(ctx: WorkContext, id: string): Promise<string> {
    requireManage(ctx);
    if (!isUuid(id)) throw badInput([{ field: 'id', message: 'Must be a valid id' }]);
    return ctx.tx(async (tx) => {
      const [before] = await tx.select().from(leaveTypes).where(eq(leaveTypes.id, id)).for('update');
      if (!before) throw notFound('LeaveType', id);
      const [used] = await tx
        .select({ n: count() })
        .from(timeOffRequests)
        .where(eq(timeOffRequests.leaveTypeId, id));
      if ((used?.n ?? 0) > 0)
        throw conflict(`Leave type ${before.code} has ${used!.n} requests and cannot be deleted`);
      await tx.delete(leaveTypes).where(eq(leaveTypes.id, id));
      await auditTimeOff(ctx, tx, 'leave_type.delete', 'LeaveType', id, before, null);
      return id;
    });
  },
};

import { leaveTypes, timeOffPolicies } from '@wg/db/work';
import { badInput, checkInput, conflict, isUniqueViolation, isUuid, notFound, rules, z } from '@wg/runtime';
import { asc, eq } from 'drizzle-orm';
import type { WorkContext } from '../../loaders';
import { given } from '../leave-types/leave-type.service';
import { requireManage, requireRead } from '../time-off.access';
import { auditTimeOff } from '../time-off.audit';
import type { CreateTimeOffPolicyInput, UpdateTimeOffPolicyInput } from './time-off-policy.input';
import type { TimeOffPolicy } from './time-off-policy.type';

const amount = () => rules.decimal({ min: 0, max: 1000 });
const createSchema = z.object({
  leaveTypeId: rules.uuid(),
  employmentType: z.enum(['FULL_TIME', 'PART_TIME', 'CONTRACTOR', 'INTERN']),
  accrualPerYear: amount(),
  accrualFrequency: z.enum(['MONTHLY', 'YEARLY', 'UPFRONT']).nullish(),
  proRated: z.boolean().nullish(),
  carryOverCap: amount().nullish(),
  negativeLimit: amount().nullish(),
});
const updateSchema = z.object({
  accrualPerYear: amount().nullish(),
  accrualFrequency: z.enum(['MONTHLY', 'YEARLY', 'UPFRONT']).nullish(),
  proRated: z.boolean().nullish(),
  carryOverCap: amount().nullish(),
  uncappedCarryOver: z.boolean().nullish(),
  negativeLimit: amount().nullish(),
});

export const timeOffPolicyService = {
  /** The tenant's policies (of one leave type, when given). Requires any scope of `time_off:read`. */
  async list(ctx: WorkContext, leaveTypeId?: string | null): Promise<TimeOffPolicy[]> {
    requireRead(ctx);
    if (leaveTypeId && !isUuid(leaveTypeId))
      throw badInput([{ field: 'leaveTypeId', message: 'Must be a valid id' }]);
    return ctx.tx((tx) =>
      tx
        .select()
        .from(timeOffPolicies)
        .where(leaveTypeId ? eq(timeOffPolicies.leaveTypeId, leaveTypeId) : undefined)
        .orderBy(asc(timeOffPolicies.leaveTypeId), asc(timeOffPolicies.employmentType)),
    );
  },

  /** Creates a policy. Requires `time_off:manage:all`; a second one for the same pair is a CONFLICT. */
  async create(ctx: WorkContext, input: CreateTimeOffPolicyInput): Promise<TimeOffPolicy> {
    requireManage(ctx);
    const check = checkInput(createSchema, input);
    const tenantId = ctx.tenantId();
    try {
      return await ctx.tx(async (tx) => {
        if (!check.bad('input.leaveTypeId')) {
          const [type] = await tx
            .select({ id: leaveTypes.id })
            .from(leaveTypes)
            .where(eq(leaveTypes.id, input.leaveTypeId));
          if (!type) check.fail('input.leaveTypeId', 'Unknown leave type');
        }
        const data = check.valid();
        const [row] = await tx
          .insert(timeOffPolicies)
          .values({
            tenantId,
            ...given(data),
            leaveTypeId: data.leaveTypeId,
            employmentType: data.employmentType,
            accrualPerYear: data.accrualPerYear,
          })
          .returning();
        await auditTimeOff(ctx, tx, 'time_off_policy.create', 'TimeOffPolicy', row!.id, null, row);
        return row!;
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw conflict(`The leave type already has a policy for ${input.employmentType}; update that one`);
      }
      throw error;
    }
  },

  async update(ctx: WorkContext, id: string, input: UpdateTimeOffPolicyInput): Promise<TimeOffPolicy> {
    requireManage(ctx);
    if (!isUuid(id)) throw badInput([{ field: 'id', message: 'Must be a valid id' }]);
    const check = checkInput(updateSchema, input);
    if (input.uncappedCarryOver && input.carryOverCap != null) {
      check.fail('input.carryOverCap', 'Give a cap or uncappedCarryOver, not both');
    }
    const { uncappedCarryOver, ...data } = check.valid();
    return ctx.tx(async (tx) => {
      const [before] = await tx
        .select()
        .from(timeOffPolicies)
        .where(eq(timeOffPolicies.id, id))
        .for('update');
      if (!before) throw notFound('TimeOffPolicy', id);
      const [row] = await tx
        .update(timeOffPolicies)
        .set({ ...given(data), ...(uncappedCarryOver ? { carryOverCap: null } : {}), updatedAt: new Date() })
        .where(eq(timeOffPolicies.id, id))
        .returning();
      await auditTimeOff(ctx, tx, 'time_off_policy.update', 'TimeOffPolicy', id, before, row);
      return row!;
    });
  },

  async delete(ctx: WorkContext, id: string): Promise<string> {
    requireManage(ctx);
    if (!isUuid(id)) throw badInput([{ field: 'id', message: 'Must be a valid id' }]);
    return ctx.tx(async (tx) => {
      const [before] = await tx
        .select()
        .from(timeOffPolicies)
        .where(eq(timeOffPolicies.id, id))
        .for('update');
      if (!before) throw notFound('TimeOffPolicy', id);
      await tx.delete(timeOffPolicies).where(eq(timeOffPolicies.id, id));
      await auditTimeOff(ctx, tx, 'time_off_policy.delete', 'TimeOffPolicy', id, before, null);
      return id;
    });
  },
};

import type { Tx } from '@wg/db';
import { employees, positions } from '@wg/db/people';
import { badInput, conflict, type FieldError, isUuid, notFound, requireScope, rules, z } from '@wg/runtime';
import { eq } from 'drizzle-orm';
import { releaseDepartmentHeads } from '../departments/department.service';
import type { EmployeeEventType } from '../events';
import type { PeopleContext } from '../loaders';
import { reserveSeat } from '../positions/position.service';
import type {
  PromoteEmployeeInput,
  RehireEmployeeInput,
  ReturnFromLeaveInput,
  StartLeaveInput,
  TerminateEmployeeInput,
  TransferEmployeeInput,
} from './employee.input';
import { recordChange } from './employee.records';
import { dropStart, scheduleStart, statusOnHire } from './employee.start';
import { checkReferences, issues } from './employee.service';
import type { Employee, EmployeeChangeKind } from './employee.type';

const reason = z.string().trim().max(1000, 'At most 1000 characters').nullish();
const requiredReason = z.string().trim().min(1, 'A reason is required').max(1000, 'At most 1000 characters');

interface Plan {
  kind: EmployeeChangeKind;
  eventType: EmployeeEventType;
  effectiveDate: string;
  reason?: string | null | undefined;
  patch: Partial<typeof employees.$inferInsert>;
  fields: (keyof Employee)[];
  /** Further writes in the same transaction, after the employee row was updated. */
  afterUpdate?: (tx: Tx, after: Employee) => Promise<void>;
}

/**
 * The frame every lifecycle mutation shares, in the order its errors are reported: FORBIDDEN
 * (permission), BAD_USER_INPUT for a malformed id, NOT_FOUND (another tenant's id, via RLS),
 * CONFLICT for an illegal status transition, BAD_USER_INPUT naming every bad field; then one
 * update, one history row, one outbox event and one audit record, all in one transaction.
 */
async function lifecycle<S extends z.ZodType>(
  ctx: PeopleContext,
  id: string,
  args: {
    permission: `${string}:${string}`;
    action: string;
    schema: S;
    input: unknown;
    plan: (
      tx: Tx,
      current: Employee,
      data: z.infer<S> | null,
      errors: FieldError[],
      ok: (name: string) => string | undefined,
    ) => Promise<Plan | null>;
  },
): Promise<Employee> {
  requireScope(ctx.identity, args.permission, 'all');
  if (!isUuid(id)) throw badInput([{ field: 'id', message: 'Must be a valid id' }]);
  const parsed = args.schema.safeParse(args.input);
  const errors = issues(parsed.error);
  return ctx.tx(async (tx) => {
    const [row] = await tx.select().from(employees).where(eq(employees.id, id)).for('update');
    if (!row) throw notFound('Employee', id);
    const current = row as Employee;
    const bad = new Set(errors.map((e) => e.field));
    /** A raw input field that passed validation (so rule checks still run when another field failed). */
    const ok = (name: string): string | undefined => {
      const v = (args.input as Record<string, unknown>)[name];
      return typeof v === 'string' && !bad.has(`input.${name}`) ? v.trim() : undefined;
    };
    const plan = await args.plan(
      tx,
      current,
      parsed.success ? (parsed.data as z.infer<S>) : null,
      errors,
      ok,
    );
    if (errors.length > 0 || !plan) throw badInput(errors);
    const [updated] = await tx.update(employees).set(plan.patch).where(eq(employees.id, id)).returning();
    const after = updated as Employee;
    await plan.afterUpdate?.(tx, after);
    await recordChange(
      ctx,
      tx,
      {
        kind: plan.kind,
        eventType: plan.eventType,
        effectiveDate: plan.effectiveDate,
        reason: plan.reason ?? null,
        before: current,
        after,
        fields: plan.fields,
      },
      args.action,
    );
    return after;
  });
}

/** Effective dates cannot precede the (current) hire date. */
function notBeforeHire(current: Employee, date: string | undefined, field: string, errors: FieldError[]) {
  if (date && date < current.hireDate) {
    errors.push({ field, message: `Must not be before the hire date (${current.hireDate})` });
  }
}

function requireStatus(current: Employee, allowed: Employee['status'][], what: string) {
  if (!allowed.includes(current.status)) {
    throw conflict(`Cannot ${what} an employee whose status is ${current.status}`);
  }
}

const transferSchema = z.object({
  departmentId: rules.uuid().nullish(),
  managerId: rules.uuid().nullish(),
  effectiveDate: rules.date(),
  reason,
});

const promoteSchema = z.object({
  positionId: rules.uuid().nullish(),
  jobTitle: z.string().trim().min(1, 'Job title must not be empty').max(200).nullish(),
  effectiveDate: rules.date(),
  reason,
});

const leaveSchema = z.object({ effectiveDate: rules.date(), reason });
const returnSchema = z.object({ effectiveDate: rules.date() });
const terminateSchema = z.object({ terminationDate: rules.date(), reason: requiredReason });
const rehireSchema = z.object({
  hireDate: rules.date(),
  departmentId: rules.uuid().nullish(),
  managerId: rules.uuid().nullish(),
  positionId: rules.uuid().nullish(),
  jobTitle: z.string().trim().min(1).max(200).nullish(),
  employmentType: z.enum(['FULL_TIME', 'PART_TIME', 'CONTRACTOR', 'INTERN']).nullish(),
});

export const lifecycleService = {
  transfer(ctx: PeopleContext, id: string, input: TransferEmployeeInput) {
    return lifecycle(ctx, id, {
      permission: 'employee:transfer',
      action: 'employee.transfer',
      schema: transferSchema,
      input,
      async plan(tx, current, data, errors, ok) {
        requireStatus(current, ['PENDING_START', 'ACTIVE', 'ON_LEAVE'], 'transfer');
        // `departmentId: null` is meaningless (every employee has one); omitted = keep.
        const departmentId = input.departmentId ?? undefined;
        const managerChanges = input.managerId !== undefined;
        if (departmentId === undefined && !managerChanges) {
          errors.push({ field: 'input.departmentId', message: 'Give a new department and/or manager' });
        }
        notBeforeHire(current, ok('effectiveDate'), 'input.effectiveDate', errors);
        await checkReferences(
          tx,
          { departmentId, managerId: input.managerId, employeeId: current.id },
          'input',
          errors,
        );
        const next = {
          departmentId: departmentId ?? current.departmentId,
          managerId: managerChanges ? (input.managerId ?? null) : current.managerId,
        };
        if (
          errors.length === 0 &&
          next.departmentId === current.departmentId &&
          next.managerId === current.managerId
        ) {
          errors.push({
            field: 'input.departmentId',
            message: 'The employee already has this department and manager',
          });
        }
        if (!data) return null;
        return {
          kind: 'TRANSFER',
          eventType: 'people.employee.transferred',
          effectiveDate: data.effectiveDate,
          reason: data.reason,
          patch: next,
          fields: ['departmentId', 'managerId'],
        };
      },
    });
  },

  promote(ctx: PeopleContext, id: string, input: PromoteEmployeeInput) {
    return lifecycle(ctx, id, {
      permission: 'employee:promote',
      action: 'employee.promote',
      schema: promoteSchema,
      input,
      async plan(tx, current, data, errors, ok) {
        requireStatus(current, ['PENDING_START', 'ACTIVE', 'ON_LEAVE'], 'promote');
        if (!input.positionId && !input.jobTitle) {
          errors.push({ field: 'input.positionId', message: 'Give a new position and/or job title' });
        }
        notBeforeHire(current, ok('effectiveDate'), 'input.effectiveDate', errors);
        let title: string | null | undefined = data?.jobTitle;
        const positionId = ok('positionId');
        if (positionId) {
          // With valid input, lock the position and take a seat (CONFLICT when none is free);
          // otherwise only look it up, so an unknown position is named with the other errors.
          const pos =
            errors.length === 0 && data
              ? await reserveSeat(tx, positionId, current.id)
              : (
                  await tx
                    .select({ id: positions.id, title: positions.title })
                    .from(positions)
                    .where(eq(positions.id, positionId))
                )[0];
          if (!pos) errors.push({ field: 'input.positionId', message: 'Unknown position' });
          else title ??= pos.title;
        }
        if (!data) return null;
        return {
          kind: 'PROMOTION',
          eventType: 'people.employee.promoted',
          effectiveDate: data.effectiveDate,
          reason: data.reason,
          patch: {
            positionId: data.positionId ?? current.positionId,
            jobTitle: title ?? current.jobTitle,
          },
          fields: ['positionId', 'jobTitle'],
        };
      },
    });
  },

  startLeave(ctx: PeopleContext, id: string, input: StartLeaveInput) {
    return lifecycle(ctx, id, {
      permission: 'employee:leave',
      action: 'employee.leave_start',
      schema: leaveSchema,
      input,
      async plan(_tx, current, data, errors, ok) {
        requireStatus(current, ['ACTIVE'], 'start leave for');
        notBeforeHire(current, ok('effectiveDate'), 'input.effectiveDate', errors);
        if (!data) return null;
        return {
          kind: 'LEAVE',
          eventType: 'people.employee.leave_started',
          effectiveDate: data.effectiveDate,
          reason: data.reason,
          patch: { status: 'ON_LEAVE' },
          fields: ['status'],
        };
      },
    });
  },

  returnFromLeave(ctx: PeopleContext, id: string, input: ReturnFromLeaveInput) {
    return lifecycle(ctx, id, {
      permission: 'employee:leave',
      action: 'employee.leave_return',
      schema: returnSchema,
      input,
      async plan(_tx, current, data, errors, ok) {
        requireStatus(current, ['ON_LEAVE'], 'return from leave');
        notBeforeHire(current, ok('effectiveDate'), 'input.effectiveDate', errors);
        if (!data) return null;
        return {
          kind: 'RETURN',
          eventType: 'people.employee.returned',
          effectiveDate: data.effectiveDate,
          patch: { status: 'ACTIVE' },
          fields: ['status'],
        };
      },
    });
  },

  terminate(ctx: PeopleContext, id: string, input: TerminateEmployeeInput) {
    return lifecycle(ctx, id, {
      permission: 'employee:terminate',
      action: 'employee.terminate',
      schema: terminateSchema,
      input,
      async plan(_tx, current, data, errors, ok) {
        requireStatus(current, ['PENDING_START', 'ACTIVE', 'ON_LEAVE'], 'terminate');
        const terminationDate = ok('terminationDate');
        if (terminationDate && terminationDate < current.hireDate) {
          errors.push({
            field: 'input.terminationDate',
            message: `Termination date must not be before the hire date (${current.hireDate})`,
          });
        }
        if (!data) return null;
        return {
          kind: 'TERMINATION',
          eventType: 'people.employee.terminated',
          effectiveDate: data.terminationDate,
          reason: data.reason,
          patch: {
            status: 'TERMINATED',
            terminationDate: data.terminationDate,
            terminationReason: data.reason,
          },
          fields: ['status', 'terminationDate'],
          // No department is headed by a leaver.
          afterUpdate: async (tx) => {
            await releaseDepartmentHeads(ctx, tx, current.id, 'department.head_released');
            if (current.status === 'PENDING_START') await dropStart(tx, current.tenantId, current.id);
          },
        };
      },
    });
  },

  rehire(ctx: PeopleContext, id: string, input: RehireEmployeeInput) {
    return lifecycle(ctx, id, {
      permission: 'employee:rehire',
      action: 'employee.rehire',
      schema: rehireSchema,
      input,
      async plan(tx, current, data, errors, ok) {
        requireStatus(current, ['TERMINATED'], 'rehire');
        const hireDate = ok('hireDate');
        if (hireDate && current.terminationDate && hireDate <= current.terminationDate) {
          errors.push({
            field: 'input.hireDate',
            message: `Must be after the termination date (${current.terminationDate})`,
          });
        }
        await checkReferences(
          tx,
          {
            departmentId: input.departmentId,
            positionId: input.positionId,
            managerId: input.managerId,
            employeeId: current.id,
          },
          'input',
          errors,
        );
        if (errors.length === 0 && data?.positionId) {
          const pos = await reserveSeat(tx, data.positionId, current.id);
          if (!pos) errors.push({ field: 'input.positionId', message: 'Unknown position' });
        }
        if (!data) return null;
        return {
          kind: 'REHIRE',
          eventType: 'people.employee.rehired',
          effectiveDate: data.hireDate,
          patch: {
            status: statusOnHire(data.hireDate),
            hireDate: data.hireDate,
            startDate: data.hireDate,
            terminationDate: null,
            terminationReason: null,
            departmentId: data.departmentId ?? current.departmentId,
            managerId: data.managerId ?? null,
            positionId: data.positionId ?? null,
            jobTitle: data.jobTitle ?? current.jobTitle,
            employmentType: data.employmentType ?? current.employmentType,
          },
          fields: [
            'status',
            'hireDate',
            'terminationDate',
            'departmentId',
            'managerId',
            'positionId',
            'jobTitle',
          ],
          afterUpdate: (tx, after) => scheduleStart(tx, after),
        };
      },
    });
  },
};

import type { Tx } from '@wg/db';
import { auditLog, departments, employeeHistory, employees, outbox, positions } from '@wg/db/people';
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
  paginate,
  recordAudit,
  requireScope,
  rules,
  z,
  zodFieldErrors,
} from '@wg/runtime';
import { and, asc, desc, eq, lt } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { PeopleContext } from '../loaders';
import { managementChainIds } from '../org-chart/reporting-line';
import { visibleEmployees } from '../org-chart/visibility';
import { reserveSeat } from '../positions/position.service';
import { readAccess } from './employee.access';
import type {
  CreateEmployeeInput,
  EmployeeFilter,
  EmployeeOrderBy,
  UpdateEmployeeInput,
} from './employee.input';
import {
  allocateEmployeeNumbers,
  auditEntry,
  customFieldDefinitions,
  employeeSnapshot,
  encryptField,
  recordChange,
  snapshotOf,
  validateCustomFields,
} from './employee.records';
import { searchEmployees } from './employee.search';
import { scheduleStart, statusOnHire } from './employee.start';
import type { AuditEntry, Employee, EmployeeHistoryEntry } from './employee.type';

export { employeeSnapshot } from './employee.records';

// ---- field rules ------------------------------------------------------------------------------

/** Optional free text: trimmed, empty means "none". */
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max} characters`)
    .transform((v) => (v === '' ? null : v))
    .nullish();
const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 ()\-.]{3,28}[0-9]$/, 'Must be a phone number such as +44 20 7946 0000');
const url = z
  .string()
  .trim()
  .max(2000)
  .refine((v) => {
    try {
      return ['http:', 'https:'].includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, 'Must be an http(s) URL');
const identifier = (label: string) =>
  z
    .string()
    .trim()
    .min(4, `${label} must have at least 4 characters`)
    .max(64, `${label} must be at most 64 characters`)
    .regex(/^[0-9A-Za-z][0-9A-Za-z \-/.]*$/, `${label} may contain letters, digits, spaces, - / .`);
const emergencyContact = z.object({
  name: rules.name('Contact name'),
  relationship: text(100),
  phone,
});
const employmentType = z.enum(['FULL_TIME', 'PART_TIME', 'CONTRACTOR', 'INTERN']);
const customFields = z.record(z.string(), z.unknown());

export const recordFields = {
  firstName: rules.name('First name'),
  lastName: rules.name('Last name'),
  preferredName: text(200),
  workEmail: rules.email(),
  personalEmail: rules.email().nullish(),
  phone: phone.nullish(),
  dateOfBirth: rules.date().nullish(),
  jobTitle: text(200),
  startDate: rules.date().nullish(),
  employmentType: employmentType.nullish(),
  workLocation: text(200),
  avatarUrl: url.nullish(),
  customFields: customFields.nullish(),
  nationalId: identifier('National id').nullish(),
  bankAccount: identifier('Bank account').nullish(),
  emergencyContact: emergencyContact.nullish(),
};

export const createSchema = z
  .object({
    ...recordFields,
    hireDate: rules.date(),
    departmentId: rules.uuid(),
    positionId: rules.uuid().nullish(),
    managerId: rules.uuid().nullish(),
  })
  .superRefine((v, ctx) => {
    if (v.startDate && v.startDate < v.hireDate) {
      ctx.addIssue({
        code: 'custom',
        path: ['startDate'],
        message: 'Start date must not be before the hire date',
      });
    }
    if (v.dateOfBirth && v.dateOfBirth >= v.hireDate) {
      ctx.addIssue({
        code: 'custom',
        path: ['dateOfBirth'],
        message: 'Date of birth must be before the hire date',
      });
    }
  });

const updateSchema = z.object({
  ...recordFields,
  firstName: recordFields.firstName.optional(),
  lastName: recordFields.lastName.optional(),
  workEmail: recordFields.workEmail.optional(),
  hireDate: rules.date().optional(),
});

/** What an employee may change on their own record (`employee:update:own`). */
const CONTACT_FIELDS = new Set(['preferredName', 'personalEmail', 'phone', 'avatarUrl', 'emergencyContact']);

/** zod issues as `prefix.path` field errors. */
export function issues(error: z.ZodError | undefined, prefix = 'input'): FieldError[] {
  return zodFieldErrors(error, prefix);
}

/**
 * A correction of the current employment period's first day (`updateEmployee(input: { hireDate })`):
 * the checks, and the start date that moves with it (when it equalled the old hire date and the
 * input gives none). Returns no `hireDate` when nothing is corrected.
 */
async function hireDateCorrection(
  tx: Tx,
  current: Employee,
  hireDate: string | null,
  startDate: string | null,
): Promise<{ hireDate?: string; startDate?: string; errors: FieldError[] }> {
  if (!hireDate || hireDate === current.hireDate) return { errors: [] };
  const errors: FieldError[] = [];
  const field = 'input.hireDate';
  // The previous period, if any: the latest termination recorded before the current hire date.
  const [previous] = await tx
    .select({ end: employeeHistory.effectiveDate })
    .from(employeeHistory)
    .where(
      and(
        eq(employeeHistory.employeeId, current.id),
        eq(employeeHistory.kind, 'TERMINATION'),
        lt(employeeHistory.effectiveDate, current.hireDate),
      ),
    )
    .orderBy(desc(employeeHistory.effectiveDate))
    .limit(1);
  if (previous && hireDate <= previous.end) {
    errors.push({ field, message: `Must be after the previous termination date (${previous.end})` });
  }
  if (current.terminationDate && hireDate > current.terminationDate) {
    errors.push({ field, message: `Must not be after the termination date (${current.terminationDate})` });
  }
  if (current.status !== 'PENDING_START' && hireDate > clock.today()) {
    errors.push({ field, message: 'Must not be in the future for an employee who has started' });
  }
  const moves = startDate === null && (current.startDate ?? current.hireDate) === current.hireDate;
  const start = startDate ?? (moves ? hireDate : (current.startDate ?? hireDate));
  if (startDate === null && start < hireDate) {
    errors.push({ field, message: `Must not be after the start date (${start})` });
  }
  return { hireDate, ...(moves ? { startDate: hireDate } : {}), errors };
}

// ---- reference checks ------------------------------------------------------------------------

export interface References {
  departmentId?: string | null | undefined;
  positionId?: string | null | undefined;
  managerId?: string | null | undefined;
  /** The employee being changed (for the manager-cycle check); absent on hire. */
  employeeId?: string | undefined;
}

/**
 * Department, position and manager must exist in the caller's tenant (RLS hides every other
 * tenant's rows, so a foreign id reads as unknown); a manager must be ACTIVE and must not sit below
 * the employee (that would close a cycle — checked with the management-chain recursive CTE).
 */
export async function checkReferences(tx: Tx, refs: References, prefix: string, errors: FieldError[]) {
  const bad = new Set(errors.map((e) => e.field));
  const f = (name: string) => `${prefix}.${name}`;
  const [dept, pos, mgr, chain] = await Promise.all([
    refs.departmentId && !bad.has(f('departmentId'))
      ? tx.select({ id: departments.id }).from(departments).where(eq(departments.id, refs.departmentId))
      : null,
    refs.positionId && !bad.has(f('positionId'))
      ? tx.select({ id: positions.id }).from(positions).where(eq(positions.id, refs.positionId))
      : null,
    refs.managerId && !bad.has(f('managerId'))
      ? tx
          .select({ id: employees.id, status: employees.status })
          .from(employees)
          .where(eq(employees.id, refs.managerId))
      : null,
    refs.managerId && refs.employeeId && !bad.has(f('managerId'))
      ? managementChainIds(tx, refs.managerId)
      : null,
  ]);
  if (dept && dept.length === 0) errors.push({ field: f('departmentId'), message: 'Unknown department' });
  if (pos && pos.length === 0) errors.push({ field: f('positionId'), message: 'Unknown position' });
  if (mgr && mgr.length === 0) errors.push({ field: f('managerId'), message: 'Unknown employee' });
  else if (mgr?.[0] && mgr[0].status !== 'ACTIVE') {
    errors.push({ field: f('managerId'), message: 'A manager must be an active employee' });
  } else if (
    refs.managerId &&
    refs.employeeId &&
    (refs.managerId === refs.employeeId || chain?.includes(refs.employeeId))
  ) {
    errors.push({ field: f('managerId'), message: 'This manager would create a reporting cycle' });
  }
}

async function emailTaken(tx: Tx, email: string, exceptId?: string): Promise<boolean> {
  const rows = await tx.select({ id: employees.id }).from(employees).where(eq(employees.workEmail, email));
  return rows.some((r) => r.id !== exceptId);
}

// ---- service ---------------------------------------------------------------------------------

export const employeeService = {
  /** One employee the caller may see (directory readers see everyone; others their scope). */
  async get(ctx: PeopleContext, id: string): Promise<Employee | null> {
    const access = readAccess(ctx);
    if (!isUuid(id)) return null;
    const row = await ctx.loaders.employeeById.load(id);
    if (!row || access.directory) return row;
    const visible = await visibleEmployees(ctx);
    return !visible || visible.has(row.id) ? row : null;
  },

  /** Like get, but NOT_FOUND when the caller cannot see it. */
  async require(ctx: PeopleContext, id: string): Promise<Employee> {
    const e = await this.get(ctx, id);
    if (!e) throw notFound('Employee', id);
    return e;
  },

  list(
    ctx: PeopleContext,
    args: PageArgs & { filter?: EmployeeFilter | null; orderBy?: EmployeeOrderBy | null },
  ): Promise<Connection<Employee>> {
    return searchEmployees(ctx, args);
  },

  async hire(ctx: PeopleContext, input: CreateEmployeeInput): Promise<Employee> {
    requireScope(ctx.identity, 'employee:create', 'all');
    const tenantId = ctx.tenantId();
    const parsed = createSchema.safeParse(input);
    const errors = issues(parsed.error);
    try {
      return await ctx.tx(async (tx) => {
        const email = parsed.success ? parsed.data.workEmail : input.workEmail?.trim().toLowerCase();
        const bad = new Set(errors.map((e) => e.field));
        const [defs, taken] = await Promise.all([
          customFieldDefinitions(tx),
          email && !bad.has('input.workEmail') ? emailTaken(tx, email) : false,
          checkReferences(
            tx,
            { departmentId: input.departmentId, positionId: input.positionId, managerId: input.managerId },
            'input',
            errors,
          ),
        ]);
        if (taken) errors.push({ field: 'input.workEmail', message: 'Work email is already in use' });
        if (!bad.has('input.customFields')) {
          errors.push(...validateCustomFields(defs, input.customFields ?? {}, 'input.customFields'));
        }
        if (errors.length > 0 || !parsed.success) throw badInput(errors);
        const d = parsed.data;
        // Lock the position and take a seat (CONFLICT when all approved seats are filled).
        if (d.positionId && !(await reserveSeat(tx, d.positionId))) {
          throw badInput([{ field: 'input.positionId', message: 'Unknown position' }]);
        }
        const [number] = await allocateEmployeeNumbers(tx, tenantId, 1);
        const id = uuidv7();
        const [created] = await tx
          .insert(employees)
          .values({
            id,
            tenantId,
            employeeNumber: number!,
            firstName: d.firstName,
            lastName: d.lastName,
            preferredName: d.preferredName ?? null,
            workEmail: d.workEmail,
            personalEmail: d.personalEmail ?? null,
            phone: d.phone ?? null,
            dateOfBirth: d.dateOfBirth ?? null,
            jobTitle: d.jobTitle ?? null,
            hireDate: d.hireDate,
            startDate: d.startDate ?? d.hireDate,
            status: statusOnHire(d.startDate ?? d.hireDate),
            employmentType: d.employmentType ?? 'FULL_TIME',
            departmentId: d.departmentId,
            positionId: d.positionId ?? null,
            managerId: d.managerId ?? null,
            workLocation: d.workLocation ?? null,
            avatarUrl: d.avatarUrl ?? null,
            customFields: d.customFields ?? {},
            nationalIdEnc: await encryptField(tenantId, id, 'nationalId', d.nationalId),
            bankAccountEnc: await encryptField(tenantId, id, 'bankAccount', d.bankAccount),
            emergencyContactEnc: await encryptField(
              tenantId,
              id,
              'emergencyContact',
              d.emergencyContact ? JSON.stringify(d.emergencyContact) : null,
            ),
          })
          .returning();
        const row = created as Employee;
        await scheduleStart(tx, row);
        await tx.insert(employeeHistory).values({
          tenantId,
          employeeId: row.id,
          kind: 'HIRE',
          effectiveDate: row.hireDate,
          before: {},
          after: {
            status: row.status,
            departmentId: row.departmentId,
            managerId: row.managerId,
            positionId: row.positionId,
            jobTitle: row.jobTitle,
            employmentType: row.employmentType,
          },
          actorId: ctx.identity.userId,
          requestId: ctx.requestId,
        });
        await emitEvent(tx, outbox, {
          tenantId,
          type: 'people.employee.hired',
          aggregateType: 'Employee',
          aggregateId: row.id,
          data: employeeSnapshot(row, {
            kind: 'HIRE',
            effectiveDate: row.hireDate,
            before: {},
            after: { departmentId: row.departmentId, managerId: row.managerId, positionId: row.positionId },
          }),
        });
        await recordAudit(tx, auditLog, [auditEntry(ctx, 'employee.create', null, row)]);
        return row;
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw badInput([{ field: 'input.workEmail', message: 'Work email is already in use' }]);
      }
      throw error;
    }
  },

  /**
   * Record fields. HR (`employee:update:all`) may change any of them; with `employee:update:own`
   * only the contact fields of the caller's own record.
   */
  async update(ctx: PeopleContext, id: string, input: UpdateEmployeeInput): Promise<Employee> {
    const scope = ctx.authorize('employee:update');
    const tenantId = ctx.tenantId();
    if (scope !== 'all') {
      if (ctx.identity.employeeId !== id) throw forbidden('employee:update:all');
      const others = Object.keys(input).filter(
        (k) => input[k as keyof UpdateEmployeeInput] !== undefined && !CONTACT_FIELDS.has(k),
      );
      if (others.length > 0) throw forbidden('employee:update:all');
    }
    if (!isUuid(id)) throw badInput([{ field: 'id', message: 'Must be a valid id' }]);
    const parsed = updateSchema.safeParse(input);
    const errors = issues(parsed.error);
    try {
      return await ctx.tx(async (tx) => {
        const [current] = await tx.select().from(employees).where(eq(employees.id, id)).for('update');
        if (!current) throw notFound('Employee', id);
        const before = current as Employee;
        const bad = new Set(errors.map((e) => e.field));
        const email = parsed.success ? parsed.data.workEmail : undefined;
        const [defs, taken] = await Promise.all([
          input.customFields !== undefined ? customFieldDefinitions(tx) : [],
          email && !bad.has('input.workEmail') ? emailTaken(tx, email, id) : false,
        ]);
        if (taken) errors.push({ field: 'input.workEmail', message: 'Work email is already in use' });
        if (input.customFields !== undefined && !bad.has('input.customFields')) {
          errors.push(...validateCustomFields(defs, input.customFields ?? {}, 'input.customFields'));
        }
        const okDate = (f: 'dateOfBirth' | 'startDate' | 'hireDate') =>
          !bad.has(`input.${f}`) && typeof input[f] === 'string' ? (input[f] as string) : null;
        const correction = await hireDateCorrection(tx, before, okDate('hireDate'), okDate('startDate'));
        errors.push(...correction.errors);
        const hireDate = correction.hireDate ?? before.hireDate;
        if ((okDate('dateOfBirth') ?? '') >= hireDate) {
          errors.push({ field: 'input.dateOfBirth', message: 'Date of birth must be before the hire date' });
        }
        if (okDate('startDate') !== null && okDate('startDate')! < hireDate) {
          errors.push({ field: 'input.startDate', message: 'Start date must not be before the hire date' });
        }
        if (errors.length > 0 || !parsed.success) throw badInput(errors);
        const d = parsed.data;
        const patch: Partial<typeof employees.$inferInsert> = {};
        const set = <K extends keyof typeof patch>(k: K, v: (typeof patch)[K] | undefined) => {
          if (v !== undefined) patch[k] = v;
        };
        set('firstName', d.firstName);
        set('lastName', d.lastName);
        set('preferredName', d.preferredName);
        set('workEmail', d.workEmail);
        set('personalEmail', d.personalEmail);
        set('phone', d.phone);
        set('dateOfBirth', d.dateOfBirth);
        set('jobTitle', d.jobTitle);
        set('startDate', d.startDate);
        if (correction.hireDate) {
          patch.hireDate = correction.hireDate;
          if (correction.startDate) patch.startDate = correction.startDate;
        }
        if (d.employmentType) patch.employmentType = d.employmentType;
        set('workLocation', d.workLocation);
        set('avatarUrl', d.avatarUrl);
        if (d.customFields !== undefined) patch.customFields = d.customFields ?? {};
        if (d.nationalId !== undefined)
          patch.nationalIdEnc = await encryptField(tenantId, id, 'nationalId', d.nationalId);
        if (d.bankAccount !== undefined)
          patch.bankAccountEnc = await encryptField(tenantId, id, 'bankAccount', d.bankAccount);
        if (d.emergencyContact !== undefined) {
          patch.emergencyContactEnc = await encryptField(
            tenantId,
            id,
            'emergencyContact',
            d.emergencyContact ? JSON.stringify(d.emergencyContact) : null,
          );
        }
        if (Object.keys(patch).length === 0) return before;
        const [updated] = await tx.update(employees).set(patch).where(eq(employees.id, id)).returning();
        const after = updated as Employee;
        // A pending hire whose first day moved: the start job moves with it (due at once if the
        // new day has come).
        if (after.status === 'PENDING_START' && after.startDate !== before.startDate) {
          await scheduleStart(tx, after);
        }
        if (correction.hireDate) {
          await tx.insert(employeeHistory).values({
            tenantId,
            employeeId: id,
            kind: 'UPDATE',
            effectiveDate: correction.hireDate,
            before: { hireDate: before.hireDate },
            after: { hireDate: correction.hireDate },
            reason: 'hire date corrected',
            actorId: ctx.identity.userId,
            requestId: ctx.requestId,
          });
        }
        await emitEvent(tx, outbox, {
          tenantId,
          type: 'people.employee.updated',
          aggregateType: 'Employee',
          aggregateId: id,
          data: await snapshotOf(tx, after),
        });
        await recordAudit(tx, auditLog, [auditEntry(ctx, 'employee.update', before, after)]);
        return after;
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw badInput([{ field: 'input.workEmail', message: 'Work email is already in use' }]);
      }
      throw error;
    }
  },

  /** Resolves `Employee.manager`. */
  async manager(ctx: PeopleContext, employee: Employee): Promise<Employee | null> {
    if (!employee.managerId) return null;
    return ctx.loaders.employeeById.load(employee.managerId);
  },

  async history(ctx: PeopleContext, employeeId: string): Promise<EmployeeHistoryEntry[]> {
    const rows = await ctx.tx((tx) =>
      tx
        .select()
        .from(employeeHistory)
        .where(eq(employeeHistory.employeeId, employeeId))
        .orderBy(asc(employeeHistory.effectiveDate), asc(employeeHistory.id)),
    );
    return rows as EmployeeHistoryEntry[];
  },

  /** Newest first by the time-ordered (uuid v7) id, which follows `at`. */
  auditTrail(ctx: PeopleContext, employeeId: string, page: PageArgs): Promise<Connection<AuditEntry>> {
    const where = and(eq(auditLog.entityType, 'Employee'), eq(auditLog.entityId, employeeId));
    return ctx.tx((tx) =>
      paginate<typeof auditLog, AuditEntry>(
        tx,
        { table: auditLog, key: auditLog.id, where, order: 'desc' },
        page,
      ),
    );
  },

  recordChange,
};

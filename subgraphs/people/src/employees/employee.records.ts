import type { Tx } from '@wg/db';
import {
  auditLog,
  employeeCustomFieldDefinitions,
  employeeHistory,
  employeeNumberCounters,
  outbox,
} from '@wg/db/people';
import { emitEvents, type FieldError, fieldCipher, isValidDate, maskTail, recordAudit } from '@wg/runtime';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { EmployeeChange, EmployeeEventType, EmployeeSnapshot, EmploymentStint } from '../events';
import type { PeopleContext } from '../loaders';
import type { Employee, EmployeeChangeKind } from './employee.type';

/** A hire, rehire or termination in people's employment history (what the stints are made of). */
export interface EmploymentMark {
  kind: string;
  effectiveDate: string;
  /** An UPDATE mark's `after`: `{ hireDate }` when it corrected the current period's first day. */
  after?: Record<string, unknown>;
}

/**
 * The employment stints of `e`, oldest first: the periods closed before the current hire date,
 * folded from the history (a HIRE or REHIRE opens a period, an UPDATE with a `hireDate` corrects
 * the latest period's first day, a TERMINATION closes it), then the
 * current period from the row itself (`hireDate` .. `terminationDate`, null while open), so the
 * last stint always agrees with the row. `marks` in recording order; none = one stint.
 */
export function employmentStints(
  e: Pick<Employee, 'hireDate' | 'terminationDate'>,
  marks: readonly EmploymentMark[] = [],
): EmploymentStint[] {
  const folded: EmploymentStint[] = [];
  for (const m of marks) {
    const last = folded.at(-1);
    if (m.kind === 'HIRE' || m.kind === 'REHIRE') folded.push({ start: m.effectiveDate, end: null });
    // A correction moves the first day of the current stint, open or already terminated.
    else if (m.kind === 'UPDATE') {
      if (last && typeof m.after?.hireDate === 'string') last.start = m.after.hireDate;
    } else if (m.kind === 'TERMINATION' && last && last.end === null) last.end = m.effectiveDate;
  }
  return [
    ...folded.filter((s) => s.end !== null && s.start <= s.end && s.end < e.hireDate),
    { start: e.hireDate, end: e.terminationDate ?? null },
  ];
}

/**
 * The hire, rehire, termination and hire-date correction rows of one employee's history, in
 * recording order (a correction may be dated before the hire it corrects).
 */
export async function employmentMarks(tx: Tx, employeeId: string): Promise<EmploymentMark[]> {
  return tx
    .select({
      kind: employeeHistory.kind,
      effectiveDate: employeeHistory.effectiveDate,
      after: employeeHistory.after,
    })
    .from(employeeHistory)
    .where(
      and(
        eq(employeeHistory.employeeId, employeeId),
        inArray(employeeHistory.kind, ['HIRE', 'REHIRE', 'TERMINATION', 'UPDATE']),
      ),
    )
    .orderBy(asc(employeeHistory.recordedAt), asc(employeeHistory.effectiveDate), asc(employeeHistory.id));
}

/**
 * The public snapshot other subgraphs replicate (entity_refs) from employee events. `marks` are
 * the employee's hire/rehire/termination history (`employmentMarks`); a new hire has none, so
 * its one stint is the row's. Use `snapshotOf` for an employee who may have a history.
 */
export const employeeSnapshot = (
  e: Employee,
  change?: EmployeeChange,
  marks: readonly EmploymentMark[] = [],
): EmployeeSnapshot => ({
  id: e.id,
  firstName: e.firstName,
  lastName: e.lastName,
  workEmail: e.workEmail,
  departmentId: e.departmentId,
  managerId: e.managerId,
  status: e.status,
  hireDate: e.hireDate,
  terminationDate: e.terminationDate ?? null,
  stints: employmentStints(e, marks),
  employmentType: e.employmentType,
  workLocation: e.workLocation ?? null,
  ...(change ? { change } : {}),
});

/** The snapshot of an existing employee, stints read from the history (in the caller's transaction). */
export async function snapshotOf(tx: Tx, e: Employee, change?: EmployeeChange): Promise<EmployeeSnapshot> {
  return employeeSnapshot(e, change, await employmentMarks(tx, e.id));
}

/**
 * Personal data: never copied into the append-only audit log or the history (only the names of
 * changed personal fields are), so erasure can pseudonymise everything that identifies a person.
 */
const PERSONAL = [
  'firstName',
  'lastName',
  'preferredName',
  'workEmail',
  'personalEmail',
  'phone',
  'dateOfBirth',
  'avatarUrl',
  'customFields',
  'nationalIdEnc',
  'bankAccountEnc',
  'emergencyContactEnc',
  'terminationReason',
] as const;
const STRUCTURAL = [
  'employeeNumber',
  'status',
  'employmentType',
  'departmentId',
  'managerId',
  'positionId',
  'jobTitle',
  'hireDate',
  'startDate',
  'terminationDate',
  'workLocation',
  'erasedAt',
] as const;

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Audit before/after: structural fields by value, personal ones only by name when changed. */
export function auditPair(before: Employee | null, after: Employee | null) {
  const pick = (e: Employee | null) =>
    e ? Object.fromEntries(STRUCTURAL.map((k) => [k, e[k] ?? null])) : null;
  const personalChanged = PERSONAL.filter((k) => !same(before?.[k], after?.[k])).map((k) =>
    k.endsWith('Enc') ? k.slice(0, -3) : k,
  );
  const a = pick(after);
  return {
    before: pick(before),
    after: a ? { ...a, personalFieldsChanged: personalChanged } : { personalFieldsChanged: personalChanged },
  };
}

export function auditEntry(
  ctx: PeopleContext,
  action: string,
  before: Employee | null,
  after: Employee | null,
) {
  const pair = auditPair(before, after);
  return {
    tenantId: ctx.tenantId(),
    actorId: ctx.identity.userId,
    requestId: ctx.requestId,
    action,
    entityType: 'Employee',
    entityId: (after ?? before)!.id,
    before: pair.before,
    after: pair.after,
  };
}

/** Allocates `count` consecutive employee numbers; the counter row stays locked until commit. */
export async function allocateEmployeeNumbers(tx: Tx, tenantId: string, count: number): Promise<string[]> {
  if (count === 0) return [];
  const [row] = await tx
    .insert(employeeNumberCounters)
    .values({ tenantId, lastValue: count })
    .onConflictDoUpdate({
      target: employeeNumberCounters.tenantId,
      set: { lastValue: sql`${employeeNumberCounters.lastValue} + ${count}` },
    })
    .returning({ last: employeeNumberCounters.lastValue });
  const last = Number(row!.last);
  return Array.from({ length: count }, (_, i) => formatEmployeeNumber(last - count + 1 + i));
}

export const formatEmployeeNumber = (n: number) => `EMP-${String(n).padStart(6, '0')}`;

// ---- sensitive fields ------------------------------------------------------------------------

export type SensitiveField = 'nationalId' | 'bankAccount' | 'emergencyContact';

/** AAD binding a ciphertext to its tenant, record and field. */
const aad = (tenantId: string, employeeId: string, field: SensitiveField) =>
  `people.employees/${tenantId}/${employeeId}/${field}`;

export async function encryptField(
  tenantId: string,
  employeeId: string,
  field: SensitiveField,
  value: string | null | undefined,
): Promise<string | null> {
  if (value === null || value === undefined) return null;
  return (await fieldCipher()).encrypt(value, aad(tenantId, employeeId, field));
}

export async function decryptField(e: Employee, field: SensitiveField): Promise<string | null> {
  const stored =
    field === 'nationalId'
      ? e.nationalIdEnc
      : field === 'bankAccount'
        ? e.bankAccountEnc
        : e.emergencyContactEnc;
  if (!stored) return null;
  return (await fieldCipher()).decrypt(stored, aad(e.tenantId, e.id, field));
}

export const maskNationalId = (v: string) => maskTail(v, '***-**-');
export const maskBankAccount = (v: string) => maskTail(v, '****');

// ---- custom fields ---------------------------------------------------------------------------

export type CustomFieldDefinition = typeof employeeCustomFieldDefinitions.$inferSelect;

export async function customFieldDefinitions(tx: Tx): Promise<CustomFieldDefinition[]> {
  return tx.select().from(employeeCustomFieldDefinitions);
}

/**
 * Checks `values` against the tenant's definitions: unknown keys, wrong types, SELECT values not
 * in the options and missing required fields are each reported as `<prefix>.<key>`.
 */
export function validateCustomFields(
  defs: CustomFieldDefinition[],
  values: Record<string, unknown>,
  prefix: string,
): FieldError[] {
  const errors: FieldError[] = [];
  const byKey = new Map(defs.map((d) => [d.key, d]));
  for (const [key, value] of Object.entries(values)) {
    const def = byKey.get(key);
    const field = `${prefix}.${key}`;
    if (!def) {
      errors.push({ field, message: 'Unknown custom field' });
      continue;
    }
    if (value === null) {
      if (def.required) errors.push({ field, message: `${def.label} is required` });
      continue;
    }
    const ok =
      def.type === 'STRING'
        ? typeof value === 'string' && value.length <= 2000
        : def.type === 'NUMBER'
          ? typeof value === 'number' && Number.isFinite(value)
          : def.type === 'BOOLEAN'
            ? typeof value === 'boolean'
            : def.type === 'DATE'
              ? typeof value === 'string' && isValidDate(value)
              : typeof value === 'string' && def.options.includes(value);
    if (!ok) {
      errors.push({
        field,
        message:
          def.type === 'SELECT'
            ? `Must be one of: ${def.options.join(', ')}`
            : `Must be a ${def.type.toLowerCase()}${def.type === 'DATE' ? ' (YYYY-MM-DD)' : ''}`,
      });
    }
  }
  for (const def of defs) {
    if (
      def.required &&
      (values[def.key] === undefined || values[def.key] === null) &&
      !errors.some((e) => e.field === `${prefix}.${def.key}`)
    ) {
      errors.push({ field: `${prefix}.${def.key}`, message: `${def.label} is required` });
    }
  }
  return errors;
}

// ---- history and events ----------------------------------------------------------------------

export interface Change {
  kind: EmployeeChangeKind;
  eventType: EmployeeEventType;
  effectiveDate: string;
  reason?: string | null;
  before: Employee;
  after: Employee;
  /** The attributes that changed, listed in history and the event's `change`. */
  fields: readonly (keyof Employee)[];
}

/** History row + outbox event + audit record for one lifecycle change, in the caller's transaction. */
export async function recordChange(ctx: PeopleContext, tx: Tx, c: Change, action: string): Promise<void> {
  const tenantId = ctx.tenantId();
  const pick = (e: Employee) => Object.fromEntries(c.fields.map((k) => [k, e[k] ?? null]));
  const before = pick(c.before);
  const after = pick(c.after);
  await tx.insert(employeeHistory).values({
    tenantId,
    employeeId: c.after.id,
    kind: c.kind as (typeof employeeHistory.$inferInsert)['kind'],
    effectiveDate: c.effectiveDate,
    before,
    after,
    reason: c.reason ?? null,
    actorId: ctx.identity.userId,
    requestId: ctx.requestId,
  });
  const change: EmployeeChange = {
    kind: c.kind as EmployeeChange['kind'],
    effectiveDate: c.effectiveDate,
    before,
    after,
  };
  await emitEvents(tx, outbox, [
    {
      tenantId,
      type: c.eventType,
      aggregateType: 'Employee',
      aggregateId: c.after.id,
      data: await snapshotOf(tx, c.after, change),
    },
  ]);
  await recordAudit(tx, auditLog, [auditEntry(ctx, action, c.before, c.after)]);
}

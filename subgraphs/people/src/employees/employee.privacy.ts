import { auditLog, employeeHistory, employees, outbox } from '@wg/db/people';
import {
  badInput,
  conflict,
  emitEvent,
  forbidden,
  isUuid,
  notFound,
  recordAudit,
  requireScope,
} from '@wg/runtime';
import { and, asc, eq, sql } from 'drizzle-orm';
import { releaseDepartmentHeads } from '../departments/department.service';
import type { PeopleContext } from '../loaders';
import { selectRows } from '../org-chart/sql';
import { auditEntry, decryptField, snapshotOf } from './employee.records';
import { employeeColumns } from './employee.search';
import type { Employee } from './employee.type';

/** Tables of this subgraph (besides employees) that hold rows about one employee. */
const RELATED = [
  { key: 'skills', table: 'people.employee_skills' },
  { key: 'benefitEnrollments', table: 'people.benefit_enrollments' },
] as const;

export const privacyService = {
  /**
   * Right of access: everything the people subgraph holds about one person, decrypted, as JSON.
   * `employee:export:all`, or `employee:export:own` for your own record. Audited.
   */
  async export(ctx: PeopleContext, id: string): Promise<Record<string, unknown>> {
    const scope = ctx.authorize('employee:export');
    if (scope !== 'all' && ctx.identity.employeeId !== id) throw forbidden('employee:export:all');
    if (!isUuid(id)) throw badInput([{ field: 'id', message: 'Must be a valid id' }]);
    const tenantId = ctx.tenantId();
    return ctx.tx(async (tx) => {
      const [row] = await tx.select(employeeColumns).from(employees).where(eq(employees.id, id));
      if (!row) throw notFound('Employee', id);
      const e = row as Employee;
      const [history, audit, ...related] = await Promise.all([
        tx
          .select()
          .from(employeeHistory)
          .where(eq(employeeHistory.employeeId, id))
          .orderBy(asc(employeeHistory.effectiveDate)),
        tx
          .select()
          .from(auditLog)
          .where(and(eq(auditLog.entityType, 'Employee'), eq(auditLog.entityId, id)))
          .orderBy(asc(auditLog.at)),
        ...RELATED.map((r) =>
          selectRows<Record<string, unknown>>(
            tx,
            sql`select * from ${sql.raw(r.table)} where employee_id = ${id}`,
          ),
        ),
      ]);
      const { nationalIdEnc: _n, bankAccountEnc: _b, emergencyContactEnc: _c, ...record } = e;
      const emergency = await decryptField(e, 'emergencyContact');
      const data = {
        exportedAt: new Date().toISOString(),
        subject: { tenantId, employeeId: id },
        employee: {
          ...record,
          nationalId: await decryptField(e, 'nationalId'),
          bankAccount: await decryptField(e, 'bankAccount'),
          emergencyContact: emergency ? JSON.parse(emergency) : null,
        },
        history,
        auditTrail: audit,
        ...Object.fromEntries(RELATED.map((r, i) => [r.key, related[i]])),
      };
      await recordAudit(tx, auditLog, [
        {
          tenantId,
          actorId: ctx.identity.userId,
          requestId: ctx.requestId,
          action: 'employee.export',
          entityType: 'Employee',
          entityId: id,
        },
      ]);
      return JSON.parse(JSON.stringify(data)) as Record<string, unknown>;
    });
  },

  /**
   * Right to erasure: pseudonymises every personal field of a terminated employee (names, emails,
   * phone, birth date, avatar, custom fields, sensitive fields, free-text reasons in the history).
   * The row, its number, department, manager links, dates and the history structure stay, so
   * headcounts, org history and other subgraphs' aggregates remain correct. The audit trail never
   * stored personal values (only which personal fields changed). Emits people.employee.erased with
   * the pseudonymised snapshot so replicas forget the name too. `employee:erase:all`.
   */
  async erase(ctx: PeopleContext, id: string): Promise<Employee> {
    requireScope(ctx.identity, 'employee:erase', 'all');
    if (!isUuid(id)) throw badInput([{ field: 'id', message: 'Must be a valid id' }]);
    const tenantId = ctx.tenantId();
    return ctx.tx(async (tx) => {
      const [row] = await tx
        .select(employeeColumns)
        .from(employees)
        .where(eq(employees.id, id))
        .for('update');
      if (!row) throw notFound('Employee', id);
      const before = row as Employee;
      if (before.erasedAt) throw conflict('This employee has already been erased');
      if (before.status !== 'TERMINATED')
        throw conflict('Terminate the employment before erasing personal data');
      const [updated] = await tx
        .update(employees)
        .set({
          firstName: 'Erased',
          lastName: before.employeeNumber ?? 'Employee',
          preferredName: null,
          workEmail: `erased+${id}@erased.invalid`,
          personalEmail: null,
          phone: null,
          dateOfBirth: null,
          avatarUrl: null,
          customFields: {},
          nationalIdEnc: null,
          bankAccountEnc: null,
          emergencyContactEnc: null,
          terminationReason: null,
          erasedAt: new Date(),
        })
        .where(eq(employees.id, id))
        .returning(employeeColumns);
      const after = updated as Employee;
      await tx.update(employeeHistory).set({ reason: null }).where(eq(employeeHistory.employeeId, id));
      // Dependants are people too: keep each enrollment (plan, coverage dates, costs) and how many
      // dependants with which relationship, but drop their names and dates of birth (and any other
      // key the JSON may hold).
      await tx.execute(sql`
        update people.benefit_enrollments
        set dependants = (
              select coalesce(
                jsonb_agg(
                  jsonb_build_object(
                    'name', 'Erased dependant',
                    'relationship', coalesce(d.value -> 'relationship', '"OTHER"'::jsonb),
                    'dateOfBirth', null
                  ) order by d.ordinality
                ),
                '[]'::jsonb
              )
              from jsonb_array_elements(dependants) with ordinality as d(value, ordinality)
            ),
            updated_at = now()
        where employee_id = ${id}::uuid and jsonb_array_length(dependants) > 0`);
      // Legacy data only (a terminated employee cannot be made a head): no department headed by them.
      await releaseDepartmentHeads(ctx, tx, id, 'department.head_released');
      await emitEvent(tx, outbox, {
        tenantId,
        type: 'people.employee.erased',
        aggregateType: 'Employee',
        aggregateId: id,
        data: await snapshotOf(tx, after),
      });
      await recordAudit(tx, auditLog, [auditEntry(ctx, 'employee.erase', before, after)]);
      return after;
    });
  },
};

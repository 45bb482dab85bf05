import { type Database, withTenant } from '@wg/db';
import * as tables from '@wg/db/work';
import type { EmployeeSnapshot } from '@wg/people/events';
import { newId } from '@wg/runtime/testing';

/** Shared by the work tests: seeds work's replica of people's data and its own tables directly. */

export function employeeSnapshot(overrides: Partial<EmployeeSnapshot> = {}): EmployeeSnapshot {
  const id = overrides.id ?? newId();
  return {
    id,
    firstName: 'Test',
    lastName: id.slice(-6),
    workEmail: `${id.slice(-12)}@test.example`,
    departmentId: newId(),
    managerId: null,
    status: 'ACTIVE',
    hireDate: '2020-01-01',
    ...overrides,
  };
}

/** Puts employees into `work.entity_refs` as people's events would. */
export async function addEmployees(
  db: Database,
  tenantId: string,
  employees: Partial<EmployeeSnapshot>[],
): Promise<EmployeeSnapshot[]> {
  const snapshots = employees.map((e) => employeeSnapshot(e));
  await withTenant(db, { tenantId }, (tx) =>
    tx
      .insert(tables.entityRefs)
      .values(snapshots.map((s) => ({ tenantId, entityType: 'Employee', id: s.id, data: s }))),
  );
  return snapshots;
}

export async function addDepartments(db: Database, tenantId: string, count = 1): Promise<string[]> {
  const ids = Array.from({ length: count }, () => newId());
  await withTenant(db, { tenantId }, (tx) =>
    tx.insert(tables.entityRefs).values(
      ids.map((id, i) => ({
        tenantId,
        entityType: 'Department',
        id,
        data: { id, name: `Department ${i}`, parentId: null },
      })),
    ),
  );
  return ids;
}

type NewProject = typeof tables.projects.$inferInsert;

export async function addProject(
  db: Database,
  tenantId: string,
  values: Partial<Omit<NewProject, 'tenantId'>> = {},
): Promise<string> {
  const [row] = await withTenant(db, { tenantId }, (tx) =>
    tx
      .insert(tables.projects)
      .values({ tenantId, name: 'Fixture', code: `P-${newId().slice(-10)}`.toUpperCase(), ...values })
      .returning({ id: tables.projects.id }),
  );
  return row!.id;
}

type NewEntry = typeof tables.timesheetEntries.$inferInsert;

export async function addEntries(
  db: Database,
  tenantId: string,
  entries: Omit<NewEntry, 'tenantId'>[],
): Promise<void> {
  await withTenant(db, { tenantId }, (tx) =>
    tx.insert(tables.timesheetEntries).values(entries.map((e) => ({ tenantId, ...e }))),
  );
}

export { dayOffset } from '@wg/runtime/testing';

export { statementsDuring } from '@wg/runtime/testing';

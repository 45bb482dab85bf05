/**
 * Test fixtures for the people subgraph's tests (departments, positions, skills, benefits, the
 * org chart). Rows are seeded straight into the tenant-scoped database so these tests do not
 * depend on the employee lifecycle mutations; everything under test goes through GraphQL.
 */
import { type Database, withTenant } from '@wg/db';
import * as tables from '@wg/db/people';
import type { Identity } from '@wg/runtime';
import { createTestDatabase, newId, startTestSubgraph } from '@wg/runtime/testing';
import { count, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { expect } from 'vitest';
import { peopleSubgraph } from './index';

const p = tables;

export interface OrgHarness {
  db: Database & { drop(): Promise<void> };
  people: Awaited<ReturnType<typeof startTestSubgraph>>;
  stop(): Promise<void>;
}

export async function startOrgHarness(): Promise<OrgHarness> {
  const db = await createTestDatabase();
  const people = await startTestSubgraph(peopleSubgraph, db);
  return {
    db,
    people,
    stop: async () => {
      await people.stop();
      await db.drop();
    },
  };
}

let seq = 0;

export async function seedDepartment(
  db: Database,
  tenantId: string,
  values: { name?: string; parentId?: string | null } = {},
): Promise<string> {
  const [row] = await withTenant(db, { tenantId }, (tx) =>
    tx
      .insert(p.departments)
      .values({ tenantId, name: values.name ?? `Dept ${++seq}`, parentId: values.parentId ?? null })
      .returning(),
  );
  return row!.id;
}

export interface SeedEmployee {
  departmentId: string;
  managerId?: string | null;
  positionId?: string | null;
  firstName?: string;
  lastName?: string;
  status?: 'ACTIVE' | 'ON_LEAVE' | 'TERMINATED';
  employmentType?: 'FULL_TIME' | 'PART_TIME' | 'CONTRACTOR' | 'INTERN';
  hireDate?: string;
}

const employeeValues = (tenantId: string, e: SeedEmployee) => {
  const n = ++seq;
  return {
    tenantId,
    employeeNumber: `EMP-T${String(n).padStart(6, '0')}`,
    firstName: e.firstName ?? `First${n}`,
    lastName: e.lastName ?? `Last${String(n).padStart(5, '0')}`,
    workEmail: `person${n}.${newId().slice(-8)}@example.test`,
    hireDate: e.hireDate ?? '2022-01-10',
    departmentId: e.departmentId,
    managerId: e.managerId ?? null,
    positionId: e.positionId ?? null,
    status: e.status ?? 'ACTIVE',
    employmentType: e.employmentType ?? 'FULL_TIME',
  };
};

export async function seedEmployee(db: Database, tenantId: string, e: SeedEmployee): Promise<string> {
  const [row] = await withTenant(db, { tenantId }, (tx) =>
    tx.insert(p.employees).values(employeeValues(tenantId, e)).returning({ id: p.employees.id }),
  );
  return row!.id;
}

export async function seedEmployees(db: Database, tenantId: string, list: SeedEmployee[]): Promise<string[]> {
  if (list.length === 0) return [];
  const rows = await withTenant(db, { tenantId }, (tx) =>
    tx
      .insert(p.employees)
      .values(list.map((e) => employeeValues(tenantId, e)))
      .returning({ id: p.employees.id }),
  );
  return rows.map((r) => r.id);
}

/** Rows of `table` in the tenant (optionally filtered): "nothing was written" checks. */
export async function rowCount(db: Database, tenantId: string, table: PgTable, where?: SQL): Promise<number> {
  const [r] = await withTenant(db, { tenantId }, (tx) => tx.select({ n: count() }).from(table).where(where));
  return Number(r?.n ?? 0);
}

/** Outbox events of a type for an aggregate. */
export async function eventsOf(db: Database, tenantId: string, type: string, aggregateId: string) {
  return withTenant(db, { tenantId }, (tx) =>
    tx
      .select()
      .from(p.outbox)
      .where(sql`${p.outbox.type} = ${type} and ${p.outbox.aggregateId} = ${aggregateId}`),
  );
}

/**
 * Audit rows for an entity, oldest first. Ordered by id (UUIDv7, generated in insert order) as
 * `Employee.auditTrail` is: without an ORDER BY, PostgreSQL returns heap order, and each pooled
 * connection appends to its own target page, so heap order is not insert order.
 */
export async function auditOf(db: Database, tenantId: string, entityId: string) {
  return withTenant(db, { tenantId }, (tx) =>
    tx.select().from(p.auditLog).where(sql`${p.auditLog.entityId} = ${entityId}`).orderBy(p.auditLog.id),
  );
}

type Call = OrgHarness['people']['call'];

/** The error's code and the fields it names (sorted). */
export async function expectError(
  call: Call,
  query: string,
  variables: Record<string, unknown>,
  identity: Identity,
  code: string,
  fields?: string[],
) {
  const res = await call(query, variables, identity);
  expect(res.errors?.[0]?.extensions?.code, JSON.stringify(res.errors)).toBe(code);
  if (fields) {
    const named = ((res.errors?.[0]?.extensions?.fields ?? []) as { field: string }[])
      .map((f) => f.field)
      .sort();
    expect(named).toEqual([...fields].sort());
  }
  return res;
}

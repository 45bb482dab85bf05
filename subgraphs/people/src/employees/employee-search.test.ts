import { type Database, withTenant } from '@wg/db';
import * as tables from '@wg/db/people';
import {
  createTestDatabase,
  fieldsOf,
  identityFor,
  newId,
  startTestSubgraph,
  statementsDuring,
} from '@wg/runtime/testing';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { peopleSubgraph } from '../index';

const ACME = newId();
const admin = identityFor(ACME, ['admin']);

let db: Database & { drop(): Promise<void> };
let people: Awaited<ReturnType<typeof startTestSubgraph>>;
const dept: Record<string, string> = {};
const byEmail: Record<string, string> = {};

type Node = Record<string, unknown> & { id: string; firstName: string; lastName: string };
interface Page {
  employees: {
    totalCount: number;
    edges: { cursor: string; node: Node }[];
    pageInfo: { hasNextPage: boolean; endCursor: string };
  };
}
const LIST = /* GraphQL */ `
  query ($first: Int, $after: String, $filter: EmployeeFilter, $orderBy: EmployeeOrderBy) {
    employees(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      totalCount
      edges { cursor node { id firstName lastName hireDate status } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;
const list = async (vars: Record<string, unknown>, who = admin) => {
  const res = await people.call<Page>(LIST, vars, who);
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return res.data.employees;
};
const names = (p: Page['employees']) => p.edges.map((e) => `${e.node.firstName} ${e.node.lastName}`);

const CSV = `firstName,lastName,workEmail,hireDate,department,managerEmail,employmentType,workLocation
John,Smith,john.smith@acme.test,2019-04-01,Engineering,,FULL_TIME,London
Jon,Smythe,jon.smythe@acme.test,2020-02-01,Platform,john.smith@acme.test,CONTRACTOR,Berlin
Jane,Smith,jane.smith@acme.test,2021-07-15,Sales,john.smith@acme.test,FULL_TIME,London
Johnny,Appleseed,johnny@acme.test,2018-01-01,Sales,jane.smith@acme.test,PART_TIME,Remote
Joan,Smithers,joan@acme.test,2022-03-03,Platform,jon.smythe@acme.test,INTERN,Berlin
Mary,Jones,mary.jones@acme.test,2023-09-09,Engineering,john.smith@acme.test,FULL_TIME,London
`;

beforeAll(async () => {
  db = await createTestDatabase();
  people = await startTestSubgraph(peopleSubgraph, db);
  for (const [name, parent] of [
    ['Engineering', null],
    ['Platform', 'Engineering'],
    ['Sales', null],
  ] as const) {
    const res = await people.call<{ createDepartment: { id: string } }>(
      /* GraphQL */ `mutation ($n: String!, $p: ID) { createDepartment(input: { name: $n, parentId: $p }) { id } }`,
      { n: name, p: parent ? dept[parent] : null },
      admin,
    );
    dept[name] = res.data!.createDepartment.id;
  }
  const imported = await people.call<{ importEmployees: { created: number; errors: unknown[] } }>(
    /* GraphQL */ `mutation ($csv: String!) { importEmployees(csv: $csv) { created errors { line field message } } }`,
    { csv: CSV },
    admin,
  );
  expect(imported.data!.importEmployees).toEqual({ created: 6, errors: [] });
  const all = await list({ first: 100 });
  for (const e of all.edges) byEmail[`${e.node.firstName} ${e.node.lastName}`] = e.node.id;
});

afterAll(async () => {
  await people?.stop();
  await db?.drop();
});

describe('text search', () => {
  it('finds "Jhon Smtih" (two typos) with John Smith first', async () => {
    const page = await list({ filter: { search: 'Jhon Smtih' } });
    expect(names(page)[0]).toBe('John Smith');
  });

  it('pages through relevance results with a stable total', async () => {
    const p1 = await list({ first: 1, filter: { search: 'smith' } });
    expect(p1.totalCount).toBeGreaterThanOrEqual(3);
    const p2 = await list({ first: 1, after: p1.pageInfo.endCursor, filter: { search: 'smith' } });
    expect(p2.totalCount).toBe(p1.totalCount);
    expect(names(p2)[0]).not.toBe(names(p1)[0]);
    const past = await list({ first: 5, after: p1.pageInfo.endCursor, filter: { search: 'zzzzqqq' } });
    expect(past.totalCount).toBe(0);
  });

  it('ranks exact and prefix matches first', async () => {
    expect(
      names(await list({ filter: { search: 'smith' } }))
        .slice(0, 2)
        .sort(),
    ).toEqual(['Jane Smith', 'John Smith']);
    expect(names(await list({ filter: { search: 'appl' } }))).toEqual(['Johnny Appleseed']);
    expect(names(await list({ filter: { search: 'mary.jones@acme' } }))[0]).toBe('Mary Jones');
  });

  it('takes candidates from the index-backed search function, never an ILIKE scan', async () => {
    const statements = await statementsDuring(db, () => list({ filter: { search: 'Jhon Smtih' } }));
    const sqlText = statements.join('\n');
    expect(sqlText).toContain('people.employee_search_candidates(');
    expect(sqlText).toContain("to_tsquery('simple'");
    expect(sqlText.toLowerCase()).not.toContain('ilike');
  });

  it('keeps search inside the tenant even though the candidate function bypasses RLS', async () => {
    const other = identityFor(newId(), ['admin']);
    expect((await list({ filter: { search: 'John Smith' } }, other)).totalCount).toBe(0);
    const direct = await withTenant(db, { tenantId: newId() }, (tx) =>
      tx.execute(sql`select people.employee_search_candidates('john smith', null::tsquery) as id`),
    );
    expect(Array.isArray(direct) ? direct : (direct as { rows: unknown[] }).rows).toEqual([]);
  });
});

describe('filters and ordering', () => {
  it('filters by department, optionally with sub-departments', async () => {
    expect(names(await list({ filter: { departmentId: dept.Engineering } })).sort()).toEqual([
      'John Smith',
      'Mary Jones',
    ]);
    expect(
      names(await list({ filter: { departmentId: dept.Engineering, includeSubDepartments: true } })).sort(),
    ).toEqual(['Joan Smithers', 'John Smith', 'Jon Smythe', 'Mary Jones']);
  });

  it('filters by status, employment type, manager, location and hire-date range', async () => {
    expect(names(await list({ filter: { employmentType: 'CONTRACTOR' } }))).toEqual(['Jon Smythe']);
    expect(names(await list({ filter: { managerId: byEmail['John Smith'] } })).sort()).toEqual([
      'Jane Smith',
      'Jon Smythe',
      'Mary Jones',
    ]);
    expect(names(await list({ filter: { workLocation: 'berlin' } })).sort()).toEqual([
      'Joan Smithers',
      'Jon Smythe',
    ]);
    expect(names(await list({ filter: { hiredFrom: '2020-01-01', hiredTo: '2021-12-31' } })).sort()).toEqual([
      'Jane Smith',
      'Jon Smythe',
    ]);
    expect((await list({ filter: { status: 'TERMINATED' } })).totalCount).toBe(0);
  });

  it('filters by skills with a minimum proficiency', async () => {
    const skills = await withTenant(db, { tenantId: ACME }, async (tx) => {
      const [ts, pg] = await tx
        .insert(tables.skills)
        .values([
          { tenantId: ACME, name: 'TypeScript' },
          { tenantId: ACME, name: 'PostgreSQL' },
        ])
        .returning();
      await tx.insert(tables.employeeSkills).values([
        { tenantId: ACME, employeeId: byEmail['John Smith']!, skillId: ts!.id, proficiency: 5 },
        { tenantId: ACME, employeeId: byEmail['John Smith']!, skillId: pg!.id, proficiency: 4 },
        { tenantId: ACME, employeeId: byEmail['Mary Jones']!, skillId: ts!.id, proficiency: 3 },
        { tenantId: ACME, employeeId: byEmail['Mary Jones']!, skillId: pg!.id, proficiency: 2 },
      ]);
      return [ts!.id, pg!.id];
    });
    expect(names(await list({ filter: { skillIds: skills } })).sort()).toEqual(['John Smith', 'Mary Jones']);
    expect(names(await list({ filter: { skillIds: skills, minSkillProficiency: 3 } }))).toEqual([
      'John Smith',
    ]);
  });

  it('orders by name or hire date with stable cursors', async () => {
    const byName = await list({ first: 3, orderBy: 'NAME' });
    expect(names(byName)).toEqual(['Johnny Appleseed', 'Mary Jones', 'Jane Smith']);
    const next = await list({ first: 3, orderBy: 'NAME', after: byName.pageInfo.endCursor });
    expect(names(next)).toEqual(['John Smith', 'Joan Smithers', 'Jon Smythe']);
    expect(next.pageInfo.hasNextPage).toBe(false);
    const byHire = await list({ first: 2, orderBy: 'HIRE_DATE' });
    expect(names(byHire)).toEqual(['Johnny Appleseed', 'John Smith']);
    const more = await list({ first: 2, orderBy: 'HIRE_DATE', after: byHire.pageInfo.endCursor });
    expect(names(more)).toEqual(['Jon Smythe', 'Jane Smith']);
  });

  it('rejects bad arguments naming each', async () => {
    const res = await people.call(
      LIST,
      {
        orderBy: 'RELEVANCE',
        filter: { departmentId: 'x', minSkillProficiency: 9, hiredFrom: '2024-01-01', hiredTo: '2023-01-01' },
      },
      admin,
    );
    expect(fieldsOf(res)).toEqual([
      'filter.departmentId',
      'filter.hiredTo',
      'filter.minSkillProficiency',
      'orderBy',
    ]);
  });

  it('narrows non-directory filters to the caller’s own scope for employees', async () => {
    const me = identityFor(ACME, ['employee'], { employeeId: byEmail['Mary Jones'] ?? null });
    expect((await list({ first: 100 }, me)).totalCount).toBe(6);
    // Filtering by location would reveal hidden data: only their own row can match.
    expect(names(await list({ filter: { workLocation: 'London' } }, me))).toEqual(['Mary Jones']);
    const mgr = identityFor(ACME, ['manager'], { employeeId: byEmail['John Smith'] ?? null });
    expect(names(await list({ filter: { workLocation: 'Berlin' } }, mgr))).toEqual([
      'Joan Smithers',
      'Jon Smythe',
    ]);
  });
});

describe('batching', () => {
  it('lists 100 employees with department, manager, position and skills in a constant number of statements', async () => {
    const tenant = newId();
    const hr = identityFor(tenant, ['admin']);
    await withTenant(db, { tenantId: tenant }, async (tx) => {
      const depts = await tx
        .insert(tables.departments)
        .values(Array.from({ length: 5 }, (_, i) => ({ tenantId: tenant, name: `D${i}` })))
        .returning();
      const positions = await tx
        .insert(tables.positions)
        .values(depts.map((d, i) => ({ tenantId: tenant, title: `P${i}`, departmentId: d.id })))
        .returning();
      const skills = await tx
        .insert(tables.skills)
        .values(Array.from({ length: 4 }, (_, i) => ({ tenantId: tenant, name: `S${i}` })))
        .returning();
      const [boss] = await tx
        .insert(tables.employees)
        .values({
          tenantId: tenant,
          employeeNumber: 'EMP-000000',
          firstName: 'B',
          lastName: 'Oss',
          workEmail: 'boss@x.test',
          hireDate: '2020-01-01',
          departmentId: depts[0]!.id,
        })
        .returning();
      const staff = await tx
        .insert(tables.employees)
        .values(
          Array.from({ length: 120 }, (_, i) => ({
            tenantId: tenant,
            employeeNumber: `EMP-${String(i + 1).padStart(6, '0')}`,
            firstName: `E${i}`,
            lastName: 'X',
            workEmail: `e${i}@x.test`,
            hireDate: '2021-01-01',
            departmentId: depts[i % 5]!.id,
            positionId: positions[i % 5]!.id,
            managerId: boss!.id,
          })),
        )
        .returning();
      await tx.insert(tables.employeeSkills).values(
        staff.flatMap((e, i) => [
          { tenantId: tenant, employeeId: e.id, skillId: skills[i % 4]!.id, proficiency: 3 },
          { tenantId: tenant, employeeId: e.id, skillId: skills[(i + 1) % 4]!.id, proficiency: 4 },
        ]),
      );
    });
    const QUERY = /* GraphQL */ `query ($n: Int) { employees(first: $n) { edges { node {
      id displayName department { name } position { title } skills { proficiency skill { name } }
      manager { id displayName manager { id } }
    } } } }`;
    const measure = async (n: number) => {
      let rows = 0;
      const statements = await statementsDuring(db, async () => {
        const res = await people.call<{
          employees: { edges: { node: { position: unknown; skills: unknown[] } }[] };
        }>(QUERY, { n }, hr);
        expect(res.errors).toBeUndefined();
        rows = res.data!.employees.edges.length;
        expect(res.data!.employees.edges.some((e) => e.node.position && e.node.skills.length === 2)).toBe(
          true,
        );
      });
      return { statements: statements.length, rows };
    };
    const small = await measure(5);
    const large = await measure(100);
    expect(large.rows).toBe(100);
    expect(large.statements).toBe(small.statements);
    expect(large.statements).toBeLessThan(20);
    void eq;
  });
});

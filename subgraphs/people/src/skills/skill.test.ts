import { withTenant } from '@wg/db';
import * as tables from '@wg/db/people';
import { identityFor, newId } from '@wg/runtime/testing';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditOf,
  expectError,
  type OrgHarness,
  rowCount,
  seedDepartment,
  seedEmployee,
  startOrgHarness,
} from '../testing';

const ACME = newId();
const GLOBEX = newId();
const hr = identityFor(ACME, ['hr_manager']);
const viewer = identityFor(ACME, ['viewer']);

let h: OrgHarness;
let dept: string;
let boss: string;
let report: string;
let stranger: string;
let globexEmployee: string;
let globexSkill: string;

const CREATE = /* GraphQL */ `mutation ($input: CreateSkillInput!) { createSkill(input: $input) { id name category } }`;
const UPDATE = /* GraphQL */ `mutation ($id: ID!, $input: UpdateSkillInput!) { updateSkill(id: $id, input: $input) { id name category description } }`;
const DELETE = /* GraphQL */ `mutation ($id: ID!) { deleteSkill(id: $id) }`;
const SET = /* GraphQL */ `
  mutation ($input: SetEmployeeSkillInput!) {
    setEmployeeSkill(input: $input) { proficiency lastUsedOn skill { id name } }
  }
`;
const REMOVE = /* GraphQL */ `mutation ($e: ID!, $s: ID!) { removeEmployeeSkill(employeeId: $e, skillId: $s) }`;
const BY_SKILLS = /* GraphQL */ `
  query ($skills: [SkillRequirementInput!]!, $first: Int, $after: String) {
    employeesBySkills(skills: $skills, first: $first, after: $after) {
      totalCount edges { node { id } } pageInfo { hasNextPage endCursor }
    }
  }
`;

const skillCount = () => rowCount(h.db, ACME, tables.skills);
const heldCount = () => rowCount(h.db, ACME, tables.employeeSkills);

async function createSkill(name: string, category?: string) {
  const res = await h.people.call<{ createSkill: { id: string } }>(CREATE, { input: { name, category } }, hr);
  expect(res.errors).toBeUndefined();
  return res.data!.createSkill.id;
}

async function held(employeeId: string, skillId: string) {
  const [row] = await withTenant(h.db, { tenantId: ACME }, (tx) =>
    tx
      .select()
      .from(tables.employeeSkills)
      .where(
        and(eq(tables.employeeSkills.employeeId, employeeId), eq(tables.employeeSkills.skillId, skillId)),
      ),
  );
  return row;
}

beforeAll(async () => {
  h = await startOrgHarness();
  dept = await seedDepartment(h.db, ACME, { name: 'Eng' });
  boss = await seedEmployee(h.db, ACME, { departmentId: dept });
  report = await seedEmployee(h.db, ACME, { departmentId: dept, managerId: boss });
  stranger = await seedEmployee(h.db, ACME, { departmentId: dept });
  const gd = await seedDepartment(h.db, GLOBEX);
  globexEmployee = await seedEmployee(h.db, GLOBEX, { departmentId: gd });
  const [s] = await withTenant(h.db, { tenantId: GLOBEX }, (tx) =>
    tx.insert(tables.skills).values({ tenantId: GLOBEX, name: 'Espionage' }).returning(),
  );
  globexSkill = s!.id;
});
afterAll(() => h?.stop());

describe('skills catalogue', () => {
  it('creates, updates and deletes a skill (removing it from holders)', async () => {
    const id = await createSkill('TypeScript', 'Languages');
    const upd = await h.people.call<{ updateSkill: Record<string, unknown> }>(
      UPDATE,
      { id, input: { name: 'TypeScript 5', description: 'Typed JS', category: null } },
      hr,
    );
    expect(upd.errors).toBeUndefined();
    expect(upd.data!.updateSkill).toMatchObject({
      name: 'TypeScript 5',
      category: null,
      description: 'Typed JS',
    });
    await h.people.call(SET, { input: { employeeId: report, skillId: id, proficiency: 3 } }, hr);
    const del = await h.people.call<{ deleteSkill: boolean }>(DELETE, { id }, hr);
    expect(del.data?.deleteSkill).toBe(true);
    expect(await held(report, id)).toBeUndefined();
    expect((await auditOf(h.db, ACME, id)).map((a) => a.action)).toEqual([
      'skill.create',
      'skill.update',
      'skill.delete',
    ]);
  });

  it('pages the catalogue by name with search, the same limits as every connection', async () => {
    const names = ['Pagetest Zig', 'Pagetest Ada', 'Pagetest Mojo', 'Pagetest Bash'];
    for (const name of names) await createSkill(name);
    const PAGE = /* GraphQL */ `query ($after: String) {
      skills(search: "pagetest", first: 3, after: $after) { totalCount edges { node { name } } pageInfo { hasNextPage endCursor } }
    }`;
    type Page = {
      skills: {
        totalCount: number;
        edges: { node: { name: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    };
    const one = await h.people.call<Page>(PAGE, {}, hr);
    expect(one.data!.skills.totalCount).toBe(4);
    expect(one.data!.skills.pageInfo.hasNextPage).toBe(true);
    const two = await h.people.call<Page>(PAGE, { after: one.data!.skills.pageInfo.endCursor }, hr);
    expect(two.data!.skills.pageInfo.hasNextPage).toBe(false);
    expect([...one.data!.skills.edges, ...two.data!.skills.edges].map((e) => e.node.name)).toEqual(
      [...names].sort(),
    );
    await expectError(h.people.call, `{ skills(first: 101) { totalCount } }`, {}, hr, 'BAD_USER_INPUT', [
      'first',
    ]);
  });

  it('rejects bad input and duplicate names without writing', async () => {
    await createSkill('Go');
    const before = await skillCount();
    await expectError(h.people.call, CREATE, { input: { name: '  ', category: '' } }, hr, 'BAD_USER_INPUT', [
      'input.category',
      'input.name',
    ]);
    await expectError(h.people.call, CREATE, { input: { name: 'GO' } }, hr, 'BAD_USER_INPUT', ['input.name']);
    const rust = await createSkill('Rust');
    await expectError(h.people.call, UPDATE, { id: rust, input: { name: 'go' } }, hr, 'BAD_USER_INPUT', [
      'input.name',
    ]);
    await expectError(h.people.call, UPDATE, { id: rust, input: { name: null } }, hr, 'BAD_USER_INPUT', [
      'input.name',
    ]);
    expect(await skillCount()).toBe(before + 1);
  });

  it('is FORBIDDEN for non-HR callers (even with skill:assign) and NOT_FOUND across tenants', async () => {
    const before = await skillCount();
    const me = identityFor(ACME, ['employee'], { employeeId: report });
    await expectError(h.people.call, CREATE, { input: { name: 'Hacking' } }, me, 'FORBIDDEN');
    await expectError(h.people.call, CREATE, { input: { name: 'Hacking' } }, viewer, 'FORBIDDEN');
    const id = await createSkill('Kotlin');
    await expectError(h.people.call, UPDATE, { id, input: { name: 'Java' } }, me, 'FORBIDDEN');
    await expectError(h.people.call, DELETE, { id }, me, 'FORBIDDEN');
    await expectError(h.people.call, UPDATE, { id: globexSkill, input: { name: 'Mine' } }, hr, 'NOT_FOUND');
    await expectError(h.people.call, DELETE, { id: globexSkill }, hr, 'NOT_FOUND');
    expect(await skillCount()).toBe(before + 1);
    const read = await h.people.call<{ skill: unknown; skills: { edges: { node: { name: string } }[] } }>(
      /* GraphQL */ `query ($id: ID!) { skill(id: $id) { name } skills(first: 100) { edges { node { name } } } }`,
      { id: globexSkill },
      hr,
    );
    expect(read.data?.skill).toBeNull();
    expect(read.data?.skills.edges.map((e) => e.node.name)).not.toContain('Espionage');
  });
});

describe('employee skills', () => {
  it('sets (upserts) and removes a skill; Employee.skills shows it', async () => {
    // Its own employee: the others in this file give `report` skills of their own, in any order.
    const holder = await seedEmployee(h.db, ACME, { departmentId: dept, managerId: boss });
    const sql = await createSkill('SQL');
    const first = await h.people.call<{ setEmployeeSkill: Record<string, unknown> }>(
      SET,
      { input: { employeeId: holder, skillId: sql, proficiency: 2, lastUsedOn: '2024-05-01' } },
      hr,
    );
    expect(first.errors).toBeUndefined();
    expect(first.data!.setEmployeeSkill).toEqual({
      proficiency: 2,
      lastUsedOn: '2024-05-01',
      skill: { id: sql, name: 'SQL' },
    });
    await h.people.call(SET, { input: { employeeId: holder, skillId: sql, proficiency: 4 } }, hr);
    expect(await held(holder, sql)).toMatchObject({ proficiency: 4, lastUsedOn: null });
    const read = await h.people.call<{
      employee: { skills: { proficiency: number; skill: { name: string } }[] };
    }>(
      /* GraphQL */ `query ($id: ID!) { employee(id: $id) { skills { proficiency skill { name } } } }`,
      { id: holder },
      viewer,
    );
    expect(read.data?.employee.skills).toEqual([{ proficiency: 4, skill: { name: 'SQL' } }]);
    const removed = await h.people.call<{ removeEmployeeSkill: boolean }>(REMOVE, { e: holder, s: sql }, hr);
    expect(removed.data?.removeEmployeeSkill).toBe(true);
    const again = await h.people.call<{ removeEmployeeSkill: boolean }>(REMOVE, { e: holder, s: sql }, hr);
    expect(again.data?.removeEmployeeSkill).toBe(false);
    // The no-op second removal writes nothing.
    expect((await auditOf(h.db, ACME, holder)).map((a) => a.action)).toEqual([
      'employee_skill.add',
      'employee_skill.update',
      'employee_skill.remove',
    ]);
  });

  it('rejects proficiency 6 (and 0), future dates, unknown skills, without writing', async () => {
    const skill = await createSkill('Python');
    const before = await heldCount();
    for (const proficiency of [6, 0]) {
      await expectError(
        h.people.call,
        SET,
        { input: { employeeId: report, skillId: skill, proficiency } },
        hr,
        'BAD_USER_INPUT',
        ['input.proficiency'],
      );
    }
    await expectError(
      h.people.call,
      SET,
      { input: { employeeId: report, skillId: globexSkill, proficiency: 3, lastUsedOn: '2999-01-01' } },
      hr,
      'BAD_USER_INPUT',
      ['input.lastUsedOn', 'input.skillId'],
    );
    expect(await heldCount()).toBe(before);
    // The database refuses it too, should anything bypass the service.
    await expect(
      withTenant(h.db, { tenantId: ACME }, (tx) =>
        tx
          .insert(tables.employeeSkills)
          .values({ tenantId: ACME, employeeId: report, skillId: skill, proficiency: 6 }),
      ),
    ).rejects.toThrow();
  });

  it("is NOT_FOUND for another tenant's employee", async () => {
    const skill = await createSkill('C++');
    await expectError(
      h.people.call,
      SET,
      { input: { employeeId: globexEmployee, skillId: skill, proficiency: 3 } },
      hr,
      'NOT_FOUND',
    );
    await expectError(h.people.call, REMOVE, { e: globexEmployee, s: skill }, hr, 'NOT_FOUND');
    expect(await rowCount(h.db, GLOBEX, tables.employeeSkills)).toBe(0);
  });

  it('lets employees manage their own skills and managers their reporting line, nobody else', async () => {
    const skill = await createSkill('Figma');
    const me = identityFor(ACME, ['employee'], { employeeId: report });
    const mine = await h.people.call(
      SET,
      { input: { employeeId: report, skillId: skill, proficiency: 3 } },
      me,
    );
    expect(mine.errors).toBeUndefined();
    await expectError(
      h.people.call,
      SET,
      { input: { employeeId: stranger, skillId: skill, proficiency: 3 } },
      me,
      'FORBIDDEN',
    );
    await expectError(h.people.call, REMOVE, { e: stranger, s: skill }, me, 'FORBIDDEN');
    const mgr = identityFor(ACME, ['manager'], { employeeId: boss });
    const team = await h.people.call(
      SET,
      { input: { employeeId: report, skillId: skill, proficiency: 5 } },
      mgr,
    );
    expect(team.errors).toBeUndefined();
    await expectError(
      h.people.call,
      SET,
      { input: { employeeId: stranger, skillId: skill, proficiency: 1 } },
      mgr,
      'FORBIDDEN',
    );
    await expectError(
      h.people.call,
      SET,
      { input: { employeeId: report, skillId: skill, proficiency: 1 } },
      viewer,
      'FORBIDDEN',
    );
    expect(await held(stranger, skill)).toBeUndefined();
    expect((await held(report, skill))?.proficiency).toBe(5);
  });
});

describe('employeesBySkills', () => {
  it('finds employees holding all skills at the minimum proficiency, paginated', async () => {
    const d = await seedDepartment(h.db, ACME, { name: 'Data' });
    const [a, b] = [await createSkill('Spark'), await createSkill('Scala')];
    const people = [];
    for (let i = 0; i < 5; i++) people.push(await seedEmployee(h.db, ACME, { departmentId: d }));
    const gone = await seedEmployee(h.db, ACME, { departmentId: d, status: 'TERMINATED' });
    const grant = (e: string, s: string, p: number) =>
      h.people.call(SET, { input: { employeeId: e, skillId: s, proficiency: p } }, hr);
    // people[0..2] have both at 4; people[3] has Spark 5 + Scala 2; people[4] only Spark.
    for (const e of people.slice(0, 3)) {
      await grant(e, a, 4);
      await grant(e, b, 4);
    }
    await grant(people[3]!, a, 5);
    await grant(people[3]!, b, 2);
    await grant(people[4]!, a, 5);
    await grant(gone, a, 5);
    await grant(gone, b, 5);

    const skills = [
      { skillId: a, minProficiency: 3 },
      { skillId: b, minProficiency: 3 },
    ];
    type Page = {
      employeesBySkills: {
        totalCount: number;
        edges: { node: { id: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    };
    const p1 = await h.people.call<Page>(BY_SKILLS, { skills, first: 2 }, viewer);
    expect(p1.errors).toBeUndefined();
    expect(p1.data!.employeesBySkills.totalCount).toBe(3);
    expect(p1.data!.employeesBySkills.pageInfo.hasNextPage).toBe(true);
    const p2 = await h.people.call<Page>(
      BY_SKILLS,
      { skills, first: 2, after: p1.data!.employeesBySkills.pageInfo.endCursor },
      viewer,
    );
    const ids = [...p1.data!.employeesBySkills.edges, ...p2.data!.employeesBySkills.edges].map(
      (e) => e.node.id,
    );
    expect(ids.sort()).toEqual(people.slice(0, 3).sort());
    expect(p2.data!.employeesBySkills.pageInfo.hasNextPage).toBe(false);

    const lenient = await h.people.call<Page>(
      BY_SKILLS,
      { skills: [{ skillId: a }, { skillId: b, minProficiency: 2 }] },
      viewer,
    );
    expect(lenient.data!.employeesBySkills.totalCount).toBe(4);
  });

  it('validates the requirements and never matches another tenant', async () => {
    await expectError(h.people.call, BY_SKILLS, { skills: [] }, viewer, 'BAD_USER_INPUT', ['skills']);
    await expectError(
      h.people.call,
      BY_SKILLS,
      { skills: [{ skillId: 'x', minProficiency: 6 }] },
      viewer,
      'BAD_USER_INPUT',
      ['skills.0.minProficiency', 'skills.0.skillId'],
    );
    const res = await h.people.call<{ employeesBySkills: { totalCount: number } }>(
      BY_SKILLS,
      { skills: [{ skillId: globexSkill, minProficiency: 1 }] },
      hr,
    );
    expect(res.data?.employeesBySkills.totalCount).toBe(0);
  });
});

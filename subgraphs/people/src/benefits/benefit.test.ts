import { withTenant } from '@wg/db';
import * as tables from '@wg/db/people';
import { identityFor, newId } from '@wg/runtime/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditOf,
  eventsOf,
  expectError,
  type OrgHarness,
  rowCount,
  seedDepartment,
  seedEmployee,
  startOrgHarness,
} from '../testing';
import { BenefitEvents } from './benefit.service';

const ACME = newId();
const GLOBEX = newId();
const hr = identityFor(ACME, ['hr_manager']);
const viewer = identityFor(ACME, ['viewer']);

let h: OrgHarness;
let dept: string;
let alice: string;
let contractor: string;
let globexEmployee: string;
let globexPlan: string;

const PLAN_FIELDS =
  'id name type provider employeeCost { amount currency } employerCost { amount currency } eligibleEmploymentTypes archivedAt';
const CREATE_PLAN = /* GraphQL */ `mutation ($input: CreateBenefitPlanInput!) { createBenefitPlan(input: $input) { ${PLAN_FIELDS} } }`;
const UPDATE_PLAN = /* GraphQL */ `mutation ($id: ID!, $input: UpdateBenefitPlanInput!) { updateBenefitPlan(id: $id, input: $input) { ${PLAN_FIELDS} } }`;
const ARCHIVE_PLAN = /* GraphQL */ `mutation ($id: ID!) { archiveBenefitPlan(id: $id) { id archivedAt } }`;
const ENROLL = /* GraphQL */ `
  mutation ($input: EnrollInBenefitInput!) {
    enrollInBenefit(input: $input) {
      id planType coverageStart coverageEnd status dependants { name relationship dateOfBirth }
      plan { id name } employee { id }
    }
  }
`;
const END = /* GraphQL */ `mutation ($id: ID!, $end: Date!) { endBenefitEnrollment(id: $id, coverageEnd: $end) { id coverageEnd status } }`;

const planInput = (over: Record<string, unknown> = {}) => ({
  name: `Health ${newId().slice(-6)}`,
  type: 'HEALTH',
  provider: 'Allianz',
  currency: 'EUR',
  employeeCost: '45.50',
  employerCost: '120.00',
  eligibleEmploymentTypes: ['FULL_TIME', 'PART_TIME'],
  ...over,
});

async function createPlan(over: Record<string, unknown> = {}) {
  const res = await h.people.call<{ createBenefitPlan: { id: string } }>(
    CREATE_PLAN,
    { input: planInput(over) },
    hr,
  );
  expect(res.errors).toBeUndefined();
  return res.data!.createBenefitPlan.id;
}

const enrollments = (tenantId = ACME) => rowCount(h.db, tenantId, tables.benefitEnrollments);
const plans = () => rowCount(h.db, ACME, tables.benefitPlans);

beforeAll(async () => {
  h = await startOrgHarness();
  dept = await seedDepartment(h.db, ACME, { name: 'Ops' });
  alice = await seedEmployee(h.db, ACME, { departmentId: dept, hireDate: '2020-01-01' });
  contractor = await seedEmployee(h.db, ACME, { departmentId: dept, employmentType: 'CONTRACTOR' });
  const gd = await seedDepartment(h.db, GLOBEX);
  globexEmployee = await seedEmployee(h.db, GLOBEX, { departmentId: gd });
  const [p] = await withTenant(h.db, { tenantId: GLOBEX }, (tx) =>
    tx
      .insert(tables.benefitPlans)
      .values({
        tenantId: GLOBEX,
        name: 'Globex Gold',
        type: 'HEALTH',
        provider: 'X',
        currency: 'USD',
        employeeCost: '1.00',
        employerCost: '2.00',
        eligibleEmploymentTypes: ['FULL_TIME'],
      })
      .returning(),
  );
  globexPlan = p!.id;
});
afterAll(() => h?.stop());

describe('benefit plans', () => {
  it('creates a plan with exact money, updates and archives it', async () => {
    const res = await h.people.call<{ createBenefitPlan: Record<string, unknown> }>(
      CREATE_PLAN,
      {
        input: planInput({
          name: 'Dental Plus',
          type: 'DENTAL',
          employeeCost: '0.10',
          employerCost: '1234567.89',
        }),
      },
      hr,
    );
    expect(res.errors).toBeUndefined();
    const plan = res.data!.createBenefitPlan;
    expect(plan).toMatchObject({
      name: 'Dental Plus',
      type: 'DENTAL',
      employeeCost: { amount: '0.10', currency: 'EUR' },
      employerCost: { amount: '1234567.89', currency: 'EUR' },
      eligibleEmploymentTypes: ['FULL_TIME', 'PART_TIME'],
      archivedAt: null,
    });
    const id = plan.id as string;
    const upd = await h.people.call<{ updateBenefitPlan: Record<string, unknown> }>(
      UPDATE_PLAN,
      { id, input: { employeeCost: '12.00', eligibleEmploymentTypes: ['INTERN'] } },
      hr,
    );
    expect(upd.data?.updateBenefitPlan).toMatchObject({
      employeeCost: { amount: '12.00' },
      eligibleEmploymentTypes: ['INTERN'],
    });
    const arch = await h.people.call<{ archiveBenefitPlan: { archivedAt: string | null } }>(
      ARCHIVE_PLAN,
      { id },
      hr,
    );
    expect(arch.data?.archiveBenefitPlan.archivedAt).toBeTruthy();
    type Plans = { edges: { node: { id: string } }[] };
    const list = await h.people.call<{ active: Plans; all: Plans }>(
      /* GraphQL */ `{ active: benefitPlans(type: DENTAL, first: 100) { edges { node { id } } } all: benefitPlans(type: DENTAL, includeArchived: true, first: 100) { edges { node { id } } } }`,
      {},
      identityFor(ACME, ['employee']),
    );
    expect(list.data?.active.edges.map((e) => e.node.id)).not.toContain(id);
    expect(list.data?.all.edges.map((e) => e.node.id)).toContain(id);
    expect((await auditOf(h.db, ACME, id)).map((a) => a.action)).toEqual([
      'benefit_plan.create',
      'benefit_plan.update',
      'benefit_plan.archive',
    ]);
  });

  it('names every bad field and writes nothing', async () => {
    const before = await plans();
    await expectError(
      h.people.call,
      CREATE_PLAN,
      {
        input: planInput({
          name: '',
          provider: '',
          currency: 'euro',
          employeeCost: '-1',
          employerCost: '1.234',
          eligibleEmploymentTypes: [],
        }),
      },
      hr,
      'BAD_USER_INPUT',
      [
        'input.currency',
        'input.eligibleEmploymentTypes',
        'input.employeeCost',
        'input.employerCost',
        'input.name',
        'input.provider',
      ],
    );
    const id = await createPlan({ name: 'Unique Plan' });
    await expectError(
      h.people.call,
      CREATE_PLAN,
      { input: planInput({ name: 'unique plan' }) },
      hr,
      'BAD_USER_INPUT',
      ['input.name'],
    );
    await expectError(
      h.people.call,
      UPDATE_PLAN,
      { id, input: { employeeCost: null, provider: ' ' } },
      hr,
      'BAD_USER_INPUT',
      ['input.employeeCost', 'input.provider'],
    );
    expect(await plans()).toBe(before + 1);
  });

  it('is FORBIDDEN for non-HR and NOT_FOUND across tenants', async () => {
    const before = await plans();
    await expectError(
      h.people.call,
      CREATE_PLAN,
      { input: planInput() },
      identityFor(ACME, ['manager']),
      'FORBIDDEN',
    );
    const id = await createPlan();
    await expectError(h.people.call, UPDATE_PLAN, { id, input: { name: 'X' } }, viewer, 'FORBIDDEN');
    await expectError(h.people.call, ARCHIVE_PLAN, { id }, identityFor(ACME, ['employee']), 'FORBIDDEN');
    await expectError(
      h.people.call,
      UPDATE_PLAN,
      { id: globexPlan, input: { name: 'Mine' } },
      hr,
      'NOT_FOUND',
    );
    await expectError(h.people.call, ARCHIVE_PLAN, { id: globexPlan }, hr, 'NOT_FOUND');
    expect(await plans()).toBe(before + 1);
    const [g] = await withTenant(h.db, { tenantId: GLOBEX }, (tx) =>
      tx.select().from(tables.benefitPlans).where(eq(tables.benefitPlans.id, globexPlan)),
    );
    expect(g).toMatchObject({ name: 'Globex Gold', archivedAt: null });
  });
});

describe('enrollments', () => {
  it('enrols with dependants, emits an event, and refuses overlapping coverage of the same type', async () => {
    const plan = await createPlan();
    const other = await createPlan();
    const res = await h.people.call<{ enrollInBenefit: Record<string, unknown> }>(
      ENROLL,
      {
        input: {
          employeeId: alice,
          planId: plan,
          coverageStart: '2024-01-01',
          coverageEnd: '2024-12-31',
          dependants: [{ name: 'Bob', relationship: 'SPOUSE', dateOfBirth: '1990-02-03' }],
        },
      },
      hr,
    );
    expect(res.errors).toBeUndefined();
    const enrollment = res.data!.enrollInBenefit;
    expect(enrollment).toMatchObject({
      planType: 'HEALTH',
      coverageEnd: '2024-12-31',
      status: 'ENDED',
      dependants: [{ name: 'Bob', relationship: 'SPOUSE', dateOfBirth: '1990-02-03' }],
      plan: { id: plan },
      employee: { id: alice },
    });
    const events = await eventsOf(h.db, ACME, BenefitEvents.enrolled, enrollment.id as string);
    expect(events[0]?.data).toMatchObject({ employeeId: alice, employerCost: '120.00', currency: 'EUR' });

    const before = await enrollments();
    // Same type (even another plan), overlapping on the last day: CONFLICT.
    await expectError(
      h.people.call,
      ENROLL,
      { input: { employeeId: alice, planId: other, coverageStart: '2024-12-31' } },
      hr,
      'CONFLICT',
    );
    await expectError(
      h.people.call,
      ENROLL,
      { input: { employeeId: alice, planId: plan, coverageStart: '2023-06-01', coverageEnd: '2024-01-01' } },
      hr,
      'CONFLICT',
    );
    expect(await enrollments()).toBe(before);
    // Adjacent coverage is fine, and so is another type over the same dates.
    const next = await h.people.call(
      ENROLL,
      { input: { employeeId: alice, planId: other, coverageStart: '2025-01-01' } },
      hr,
    );
    expect(next.errors).toBeUndefined();
    const dental = await createPlan({ type: 'DENTAL' });
    const d = await h.people.call(
      ENROLL,
      { input: { employeeId: alice, planId: dental, coverageStart: '2024-03-01' } },
      hr,
    );
    expect(d.errors).toBeUndefined();
  });

  it('lets exactly one of two concurrent overlapping enrollments through', async () => {
    const [a, b] = [await createPlan({ type: 'WELLNESS' }), await createPlan({ type: 'WELLNESS' })];
    const before = await enrollments();
    const results = await Promise.all(
      [a, b].map((planId) =>
        h.people.call(ENROLL, { input: { employeeId: alice, planId, coverageStart: '2024-05-01' } }, hr),
      ),
    );
    const codes = results.map((r) => r.errors?.[0]?.extensions?.code ?? 'OK').sort();
    expect(codes).toEqual(['CONFLICT', 'OK']);
    expect(await enrollments()).toBe(before + 1);
  });

  it('has the database refuse overlaps even when the service is bypassed', async () => {
    const plan = await createPlan({ type: 'VISION' });
    const row = (start: string) => ({
      tenantId: ACME,
      employeeId: alice,
      planId: plan,
      planType: 'VISION' as const,
      coverageStart: start,
    });
    await withTenant(h.db, { tenantId: ACME }, (tx) =>
      tx.insert(tables.benefitEnrollments).values(row('2024-01-01')),
    );
    await expect(
      withTenant(h.db, { tenantId: ACME }, (tx) =>
        tx.insert(tables.benefitEnrollments).values(row('2030-01-01')),
      ),
    ).rejects.toThrow();
  });

  it('rejects ineligible, terminated, archived, pre-hire and malformed enrollments without writing', async () => {
    const plan = await createPlan({ type: 'LIFE' });
    const archived = await createPlan({ type: 'LIFE' });
    await h.people.call(ARCHIVE_PLAN, { id: archived }, hr);
    const gone = await seedEmployee(h.db, ACME, { departmentId: dept, status: 'TERMINATED' });
    const before = await enrollments();
    await expectError(
      h.people.call,
      ENROLL,
      { input: { employeeId: contractor, planId: plan, coverageStart: '2024-01-01' } },
      hr,
      'BAD_USER_INPUT',
      ['input.employeeId'],
    );
    await expectError(
      h.people.call,
      ENROLL,
      { input: { employeeId: gone, planId: plan, coverageStart: '2024-01-01' } },
      hr,
      'BAD_USER_INPUT',
      ['input.employeeId'],
    );
    await expectError(
      h.people.call,
      ENROLL,
      { input: { employeeId: alice, planId: archived, coverageStart: '2024-01-01' } },
      hr,
      'BAD_USER_INPUT',
      ['input.planId'],
    );
    await expectError(
      h.people.call,
      ENROLL,
      { input: { employeeId: alice, planId: globexPlan, coverageStart: '2024-01-01' } },
      hr,
      'BAD_USER_INPUT',
      ['input.planId'],
    );
    await expectError(
      h.people.call,
      ENROLL,
      {
        input: {
          employeeId: alice,
          planId: plan,
          coverageStart: '2019-12-31',
          coverageEnd: '2019-01-01',
          dependants: [{ name: '', relationship: 'CHILD', dateOfBirth: '2999-01-01' }],
        },
      },
      hr,
      'BAD_USER_INPUT',
      [
        'input.coverageEnd',
        'input.coverageStart',
        'input.dependants.0.dateOfBirth',
        'input.dependants.0.name',
      ],
    );
    expect(await enrollments()).toBe(before);
  });

  it("is NOT_FOUND for another tenant's employee and FORBIDDEN for non-HR", async () => {
    const plan = await createPlan({ type: 'RETIREMENT' });
    // Another test gives Globex an enrollment of its own: compare with before, not with zero.
    const globexBefore = await enrollments(GLOBEX);
    await expectError(
      h.people.call,
      ENROLL,
      { input: { employeeId: globexEmployee, planId: plan, coverageStart: '2024-01-01' } },
      hr,
      'NOT_FOUND',
    );
    expect(await enrollments(GLOBEX)).toBe(globexBefore);
    const me = identityFor(ACME, ['employee'], { employeeId: alice });
    const before = await enrollments();
    await expectError(
      h.people.call,
      ENROLL,
      { input: { employeeId: alice, planId: plan, coverageStart: '2024-01-01' } },
      me,
      'FORBIDDEN',
    );
    expect(await enrollments()).toBe(before);
  });

  it('ends coverage, refusing an end before the start, other tenants and non-HR', async () => {
    const plan = await createPlan({ type: 'DISABILITY' });
    const res = await h.people.call<{ enrollInBenefit: { id: string } }>(
      ENROLL,
      { input: { employeeId: alice, planId: plan, coverageStart: '2024-01-01' } },
      hr,
    );
    const id = res.data!.enrollInBenefit.id;
    const ended = await h.people.call<{ endBenefitEnrollment: Record<string, unknown> }>(
      END,
      { id, end: '2024-06-30' },
      hr,
    );
    expect(ended.data?.endBenefitEnrollment).toMatchObject({ coverageEnd: '2024-06-30', status: 'ENDED' });
    expect(await eventsOf(h.db, ACME, BenefitEvents.enrollmentEnded, id)).toHaveLength(1);
    await expectError(h.people.call, END, { id, end: '2023-12-31' }, hr, 'BAD_USER_INPUT', ['coverageEnd']);
    await expectError(h.people.call, END, { id, end: '2025-01-01' }, viewer, 'FORBIDDEN');
    await expectError(h.people.call, END, { id: newId(), end: '2025-01-01' }, hr, 'NOT_FOUND');
    // Another tenant's enrollment: NOT_FOUND, and it stays as it was.
    const [theirs] = await withTenant(h.db, { tenantId: GLOBEX }, (tx) =>
      tx
        .insert(tables.benefitEnrollments)
        .values({
          tenantId: GLOBEX,
          employeeId: globexEmployee,
          planId: globexPlan,
          planType: 'HEALTH',
          coverageStart: '2024-01-01',
        })
        .returning(),
    );
    await expectError(h.people.call, END, { id: theirs!.id, end: '2024-02-01' }, hr, 'NOT_FOUND');
    const [still] = await withTenant(h.db, { tenantId: GLOBEX }, (tx) =>
      tx.select().from(tables.benefitEnrollments).where(eq(tables.benefitEnrollments.id, theirs!.id)),
    );
    expect(still?.coverageEnd).toBeNull();
    const [row] = await withTenant(h.db, { tenantId: ACME }, (tx) =>
      tx.select().from(tables.benefitEnrollments).where(eq(tables.benefitEnrollments.id, id)),
    );
    expect(row?.coverageEnd).toBe('2024-06-30');
    // Extending into a later enrollment of the same type is a CONFLICT.
    await h.people.call(
      ENROLL,
      { input: { employeeId: alice, planId: plan, coverageStart: '2024-09-01' } },
      hr,
    );
    await expectError(h.people.call, END, { id, end: '2024-10-01' }, hr, 'CONFLICT');
  });

  it('Employee.benefits: employees read their own, HR everyone, others get null', async () => {
    // Its own employee and enrollment: the other tests enrol alice, in any order.
    const bea = await seedEmployee(h.db, ACME, { departmentId: dept, hireDate: '2020-01-01' });
    const plan = await createPlan({ name: 'Bea Health' });
    const enrolled = await h.people.call(
      ENROLL,
      { input: { employeeId: bea, planId: plan, coverageStart: '2024-01-01' } },
      hr,
    );
    expect(enrolled.errors).toBeUndefined();
    const QUERY = /* GraphQL */ `query ($id: ID!) { employee(id: $id) { benefits { planType plan { name } } } }`;
    const mine = await h.people.call<{ employee: { benefits: unknown[] | null } }>(
      QUERY,
      { id: bea },
      identityFor(ACME, ['employee'], { employeeId: bea }),
    );
    expect(mine.errors).toBeUndefined();
    expect(mine.data?.employee.benefits).toEqual([{ planType: 'HEALTH', plan: { name: 'Bea Health' } }]);
    const colleague = await h.people.call<{ employee: { benefits: unknown[] | null } }>(
      QUERY,
      { id: bea },
      identityFor(ACME, ['employee'], { employeeId: contractor }),
    );
    expect(colleague.data?.employee.benefits).toBeNull();
    const byHr = await h.people.call<{ employee: { benefits: unknown[] | null } }>(QUERY, { id: bea }, hr);
    expect(byHr.data?.employee.benefits).toEqual(mine.data?.employee.benefits);
  });
});

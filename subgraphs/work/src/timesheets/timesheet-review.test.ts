import { type Database, withTenant } from '@wg/db';
import * as tables from '@wg/db/work';
import type { EmployeeSnapshot } from '@wg/people/events';
import type { ApprovalChangedData, Identity } from '@wg/runtime';
import {
  codeOf,
  createTestDatabase,
  fieldsOf,
  identityFor,
  newId,
  startTestSubgraph,
} from '@wg/runtime/testing';
import { and, count, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { republishPendingEntries, workSubgraph } from '../index';
import { addEmployees, addEntries, addProject, dayOffset, employeeSnapshot } from '../testing';

const ACME = newId();
const GLOBEX = newId();

let db: Database & { drop(): Promise<void> };
let work: Awaited<ReturnType<typeof startTestSubgraph>>;

// Org chart (work's replica): mia -> alice -> bob; carol reports to nobody.
let mia: EmployeeSnapshot;
let alice: EmployeeSnapshot;
let bob: EmployeeSnapshot;
let carol: EmployeeSnapshot;
let project: string;
let globexProject: string;
let globexEmployee: EmployeeSnapshot;

const hr = identityFor(ACME, ['hr_manager']);
const globexAdmin = identityFor(GLOBEX, ['admin']);
const asEmployee = (e: EmployeeSnapshot) => identityFor(ACME, ['employee'], { employeeId: e.id });
const asManager = (e: EmployeeSnapshot) => identityFor(ACME, ['manager'], { employeeId: e.id });
const asHr = (e: EmployeeSnapshot) => identityFor(ACME, ['hr_manager'], { employeeId: e.id });

const ENTRY_FIELDS = 'id status hours note rejectionReason reviewedAt updatedAt';
const APPROVE = `mutation ($ids: [ID!]!) { approveTimesheetEntries(ids: $ids) { ${ENTRY_FIELDS} } }`;
const REJECT = `mutation ($ids: [ID!]!, $reason: String!) { rejectTimesheetEntries(ids: $ids, reason: $reason) { ${ENTRY_FIELDS} } }`;
const CORRECT = `mutation ($id: ID!, $input: CorrectTimesheetEntryInput!) { correctTimesheetEntry(id: $id, input: $input) { ${ENTRY_FIELDS} } }`;
const DELETE = 'mutation ($id: ID!) { deleteTimesheetEntry(id: $id) }';

interface Entry {
  id: string;
  status: string;
  hours: string;
  note: string | null;
  rejectionReason: string | null;
  reviewedAt: string | null;
}
type Res<T> = { data?: T | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };

const approve = (ids: string[], who: Identity) =>
  work.call<{ approveTimesheetEntries: Entry[] }>(APPROVE, { ids }, who) as Promise<
    Res<{ approveTimesheetEntries: Entry[] }>
  >;
const reject = (ids: string[], reason: string, who: Identity) =>
  work.call<{ rejectTimesheetEntries: Entry[] }>(REJECT, { ids, reason }, who) as Promise<
    Res<{ rejectTimesheetEntries: Entry[] }>
  >;
const correct = (id: string, input: Record<string, unknown>, who: Identity) =>
  work.call<{ correctTimesheetEntry: Entry }>(CORRECT, { id, input }, who) as Promise<
    Res<{ correctTimesheetEntry: Entry }>
  >;
const remove = (id: string, who: Identity) =>
  work.call<{ deleteTimesheetEntry: string }>(DELETE, { id }, who) as Promise<
    Res<{ deleteTimesheetEntry: string }>
  >;

let dayCursor = 0;
/** Seeds SUBMITTED entries directly (each on its own day so the daily limit never couples tests). */
async function entriesFor(
  employees: EmployeeSnapshot[],
  tenantId = ACME,
  projectId = project,
): Promise<string[]> {
  const ids = employees.map(() => newId());
  await addEntries(
    db,
    tenantId,
    employees.map((e, i) => ({
      id: ids[i]!,
      employeeId: e.id,
      projectId,
      date: dayOffset(-10 - dayCursor++),
      hours: '8.00',
    })),
  );
  return ids;
}

/** Everything a failed call must have left alone: statuses of the given entries, outbox and audit counts. */
async function snapshot(tenantId: string, ids: string[]) {
  return withTenant(db, { tenantId }, async (tx) => {
    const rows = await tx
      .select({ id: tables.timesheetEntries.id, status: tables.timesheetEntries.status })
      .from(tables.timesheetEntries)
      .where(inArray(tables.timesheetEntries.id, ids));
    const [events] = await tx.select({ n: count() }).from(tables.outbox);
    const [audit] = await tx.select({ n: count() }).from(tables.auditLog);
    return {
      statuses: Object.fromEntries(rows.map((r) => [r.id, r.status])),
      events: events?.n ?? 0,
      audit: audit?.n ?? 0,
    };
  });
}

async function eventsOfType(type: string) {
  return withTenant(db, { tenantId: ACME }, (tx) =>
    tx.select().from(tables.outbox).where(eq(tables.outbox.type, type)),
  );
}

beforeAll(async () => {
  db = await createTestDatabase();
  work = await startTestSubgraph(workSubgraph, db);
  mia = employeeSnapshot();
  alice = employeeSnapshot({ managerId: mia.id });
  bob = employeeSnapshot({ managerId: alice.id });
  carol = employeeSnapshot();
  await addEmployees(db, ACME, [mia, alice, bob, carol]);
  project = await addProject(db, ACME);
  [globexEmployee] = (await addEmployees(db, GLOBEX, [{}])) as [EmployeeSnapshot];
  globexProject = await addProject(db, GLOBEX);
});

afterAll(async () => {
  await work?.stop();
  await db?.drop();
});

describe('approveTimesheetEntries', () => {
  it('a manager approves their whole reporting line in one transaction, one event and an audit row per entry', async () => {
    const ids = await entriesFor([alice, bob]);
    const before = await snapshot(ACME, ids);
    const res = await approve(ids, asManager(mia));
    expect(res.errors).toBeUndefined();
    expect(res.data!.approveTimesheetEntries.map((e) => [e.id, e.status])).toEqual([
      [ids[0], 'APPROVED'],
      [ids[1], 'APPROVED'],
    ]);
    expect(res.data!.approveTimesheetEntries[0]!.reviewedAt).toBeTruthy();
    const after = await snapshot(ACME, ids);
    // work.timesheet.approved, and work.approval.changed for the approvals inbox.
    expect(after.events).toBe(before.events + 2);
    expect(after.audit).toBe(before.audit + 2);

    const events = (await eventsOfType('work.timesheet.approved')).filter((e) =>
      (e.data as { entries: { entryId: string }[] }).entries.some((l) => l.entryId === ids[0]),
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      aggregateType: 'TimesheetBatch',
      data: {
        entries: [
          { entryId: ids[0], employeeId: alice.id, projectId: project, hours: '8.00' },
          { entryId: ids[1], employeeId: bob.id, projectId: project, hours: '8.00' },
        ],
      },
    });
    const audit = await withTenant(db, { tenantId: ACME }, (tx) =>
      tx
        .select()
        .from(tables.auditLog)
        .where(and(eq(tables.auditLog.action, 'timesheet.approve'), inArray(tables.auditLog.entityId, ids))),
    );
    expect(audit).toHaveLength(2);
  });

  it('hr_manager (scope all) approves anyone, including people outside any line', async () => {
    const [id] = await entriesFor([carol]);
    const res = await approve([id!], hr);
    expect(res.errors).toBeUndefined();
    expect(res.data!.approveTimesheetEntries[0]!.status).toBe('APPROVED');
  });

  it('rejects bad input naming the field, writing nothing', async () => {
    const [id] = await entriesFor([bob]);
    const before = await snapshot(ACME, [id!]);
    const empty = await approve([], asManager(alice));
    expect(codeOf(empty)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(empty)).toEqual(['ids']);
    const malformed = await approve([id!, 'not-an-id'], asManager(alice));
    expect(codeOf(malformed)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(malformed)).toEqual(['ids.1']);
    const tooMany = await approve(
      Array.from({ length: 501 }, () => newId()),
      asManager(alice),
    );
    expect(fieldsOf(tooMany)).toEqual(['ids']);
    expect(await snapshot(ACME, [id!])).toEqual(before);
  });

  it('FORBIDDEN for an employee, for a manager outside their line, and for your own time; nothing written', async () => {
    const [bobEntry, carolEntry, aliceEntry] = await entriesFor([bob, carol, alice]);
    const ids = [bobEntry!, carolEntry!, aliceEntry!];
    const before = await snapshot(ACME, ids);

    expect(codeOf(await approve([bobEntry!], asEmployee(alice)))).toBe('FORBIDDEN');
    // Alice manages bob but not carol: the whole call fails.
    expect(codeOf(await approve([bobEntry!, carolEntry!], asManager(alice)))).toBe('FORBIDDEN');
    // Nobody approves their own time, not even with scope all.
    expect(codeOf(await approve([aliceEntry!], asManager(alice)))).toBe('FORBIDDEN');
    expect(codeOf(await approve([aliceEntry!], asHr(alice)))).toBe('FORBIDDEN');
    // Bob is below alice, not above: he cannot approve his manager.
    expect(codeOf(await approve([aliceEntry!], asManager(bob)))).toBe('FORBIDDEN');

    expect(await snapshot(ACME, ids)).toEqual(before);
  });

  it("another tenant's ids are NOT_FOUND and stay untouched", async () => {
    const [theirs] = await entriesFor([globexEmployee], GLOBEX, globexProject);
    const [ours] = await entriesFor([bob]);
    const beforeTheirs = await snapshot(GLOBEX, [theirs!]);
    const beforeOurs = await snapshot(ACME, [ours!]);
    const res = await approve([ours!, theirs!], hr);
    expect(codeOf(res)).toBe('NOT_FOUND');
    expect(JSON.stringify(res.errors)).not.toContain(globexEmployee.id);
    expect(codeOf(await reject([theirs!], 'No', hr))).toBe('NOT_FOUND');
    expect(await snapshot(GLOBEX, [theirs!])).toEqual(beforeTheirs);
    expect(await snapshot(ACME, [ours!])).toEqual(beforeOurs);
    // Their own admin still sees it SUBMITTED and can approve it.
    const own = await approve([theirs!], globexAdmin);
    expect(own.data!.approveTimesheetEntries[0]!.status).toBe('APPROVED');
  });

  it('approving twice, or approving a rejected entry, is a CONFLICT and changes nothing', async () => {
    const [a, b] = await entriesFor([bob, bob]);
    expect((await approve([a!], asManager(alice))).errors).toBeUndefined();
    expect((await reject([b!], 'Wrong project', asManager(alice))).errors).toBeUndefined();
    const before = await snapshot(ACME, [a!, b!]);
    expect(codeOf(await approve([a!], asManager(alice)))).toBe('CONFLICT');
    expect(codeOf(await approve([b!], asManager(alice)))).toBe('CONFLICT');
    expect(codeOf(await reject([a!], 'Too late', asManager(alice)))).toBe('CONFLICT');
    expect(await snapshot(ACME, [a!, b!])).toEqual(before);
  });
});

describe('work.approval.changed (what the approvals inbox is built from)', () => {
  /** The approval changes work announced about one entry, in outbox order. */
  const changes = async (entryId: string) =>
    (
      await withTenant(db, { tenantId: ACME }, (tx) =>
        tx
          .select()
          .from(tables.outbox)
          .where(eq(tables.outbox.type, 'work.approval.changed'))
          .orderBy(tables.outbox.seq),
      )
    )
      .flatMap((e) => (e.data as ApprovalChangedData).changes)
      .filter((c) => c.subjectId === entryId);

  it('announces a logged entry as pending, with who it is about, and each decision after it', async () => {
    const logged = await work.call<{ logTime: { id: string } }>(
      /* GraphQL */ `mutation ($e: ID!, $p: ID!, $d: String!) { logTime(input: { employeeId: $e, projectId: $p, date: $d, hours: "7.5" }) { id } }`,
      { e: bob.id, p: project, d: dayOffset(-3) },
      identityFor(ACME, ['admin']),
    );
    if (logged.errors) throw new Error(JSON.stringify(logged.errors));
    const id = logged.data!.logTime.id;
    const decider = asManager(mia);
    await reject([id], 'Wrong project', asManager(alice));
    await correct(id, { hours: '6' }, asEmployee(bob));
    await approve([id], decider);
    const list = await changes(id);
    expect(list.map((c) => c.status)).toEqual(['PENDING', 'REJECTED', 'PENDING', 'APPROVED']);
    expect(list[0]).toMatchObject({
      kind: 'timesheet_entry',
      requestedBy: null,
      requesterEmployeeId: bob.id,
      employeeId: bob.id,
      departmentId: bob.departmentId,
      decidedBy: null,
    });
    expect(list[0]!.subject).toMatch(/^7\.50 h on .+ by /);
    expect(list[2]!.subject).toMatch(/^6\.00 h /);
    expect(list[3]).toMatchObject({ decidedBy: decider.userId });
    const times = list.map((c) => c.changedAt);
    expect([...times].sort()).toEqual(times);
  });

  it('re-announces the pending entries of a tenant for a rebuild (pnpm approvals:rebuild), not decided ones', async () => {
    const [pending, decided] = await entriesFor([bob, carol]);
    await approve([decided!], hr);
    const n = await withTenant(db, { tenantId: ACME }, (tx) => republishPendingEntries(tx, ACME));
    expect(n).toBeGreaterThanOrEqual(1);
    expect((await changes(pending!)).map((c) => c.status)).toEqual(['PENDING']);
    expect((await changes(decided!)).map((c) => c.status)).toEqual(['APPROVED']);
    // Another tenant's pending entries are not touched by ACME's rebuild.
    const [foreign] = await entriesFor([globexEmployee], GLOBEX, globexProject);
    await withTenant(db, { tenantId: ACME }, (tx) => republishPendingEntries(tx, ACME));
    const globexOutbox = await withTenant(db, { tenantId: GLOBEX }, (tx) =>
      tx.select().from(tables.outbox).where(eq(tables.outbox.type, 'work.approval.changed')),
    );
    expect(
      globexOutbox.flatMap((e) => (e.data as ApprovalChangedData).changes).map((c) => c.subjectId),
    ).not.toContain(foreign);
  });

  it('announces a deleted entry as withdrawn, and nothing for a refused call', async () => {
    const [id] = await entriesFor([bob]);
    expect(codeOf(await approve([id!], asManager(carol)))).toBe('FORBIDDEN');
    expect(await changes(id!)).toEqual([]);
    await remove(id!, asEmployee(bob));
    expect((await changes(id!)).map((c) => c.status)).toEqual(['WITHDRAWN']);
  });
});

describe('rejectTimesheetEntries', () => {
  it('rejects with a reason, emits work.timesheet.rejected carrying the reason', async () => {
    const [id] = await entriesFor([bob]);
    const res = await reject([id!], '  Logged on the wrong project  ', asManager(mia));
    expect(res.errors).toBeUndefined();
    expect(res.data!.rejectTimesheetEntries[0]).toMatchObject({
      id,
      status: 'REJECTED',
      rejectionReason: 'Logged on the wrong project',
    });
    const events = (await eventsOfType('work.timesheet.rejected')).filter((e) =>
      (e.data as { entries: { entryId: string }[] }).entries.some((l) => l.entryId === id),
    );
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toMatchObject({ reason: 'Logged on the wrong project' });
  });

  it('a missing or blank reason is BAD_USER_INPUT on `reason`', async () => {
    const [id] = await entriesFor([bob]);
    const before = await snapshot(ACME, [id!]);
    const blank = await reject([id!], '   ', asManager(alice));
    expect(codeOf(blank)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(blank)).toEqual(['reason']);
    const both = await reject([], '', asManager(alice));
    expect(fieldsOf(both)).toEqual(['ids', 'reason']);
    expect(codeOf(await reject([id!], 'x'.repeat(2001), asManager(alice)))).toBe('BAD_USER_INPUT');
    expect(await snapshot(ACME, [id!])).toEqual(before);
  });
});

describe('owner corrections', () => {
  it('the owner corrects a rejected entry, which goes back to SUBMITTED and can then be approved', async () => {
    const [id] = await entriesFor([bob]);
    await reject([id!], 'Should be 6 hours', asManager(alice));
    const res = await correct(id!, { hours: '6', note: 'Fixed' }, asEmployee(bob));
    expect(res.errors).toBeUndefined();
    expect(res.data!.correctTimesheetEntry).toMatchObject({
      status: 'SUBMITTED',
      hours: '6.00',
      note: 'Fixed',
      rejectionReason: null,
      reviewedAt: null,
    });
    const events = (await eventsOfType('work.timesheet.resubmitted')).filter((e) => e.aggregateId === id);
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toMatchObject({ entry: { hours: '6.00' }, before: { hours: '8.00' } });
    expect((await approve([id!], asManager(alice))).data!.approveTimesheetEntries[0]!.status).toBe(
      'APPROVED',
    );
  });

  it('an approved entry is locked: correcting or deleting it is a CONFLICT', async () => {
    const [id] = await entriesFor([bob]);
    await approve([id!], asManager(alice));
    const before = await snapshot(ACME, [id!]);
    expect(codeOf(await correct(id!, { hours: '1' }, asEmployee(bob)))).toBe('CONFLICT');
    expect(codeOf(await remove(id!, asEmployee(bob)))).toBe('CONFLICT');
    expect(await snapshot(ACME, [id!])).toEqual(before);
  });

  it('a SUBMITTED entry is awaiting review: correcting it is a CONFLICT', async () => {
    const [id] = await entriesFor([bob]);
    expect(codeOf(await correct(id!, { hours: '1' }, asEmployee(bob)))).toBe('CONFLICT');
  });

  it('only the owner may correct or delete; bad input names the field; other tenants get NOT_FOUND', async () => {
    const [id] = await entriesFor([bob]);
    await reject([id!], 'Check hours', asManager(alice));
    const before = await snapshot(ACME, [id!]);
    expect(codeOf(await correct(id!, { hours: '1' }, asEmployee(carol)))).toBe('FORBIDDEN');
    expect(codeOf(await correct(id!, { hours: '1' }, asManager(alice)))).toBe('FORBIDDEN');
    expect(codeOf(await remove(id!, asEmployee(carol)))).toBe('FORBIDDEN');
    const badHours = await correct(id!, { hours: '25' }, asEmployee(bob));
    expect(fieldsOf(badHours)).toEqual(['input.hours']);
    const badId = await correct('nope', { hours: '1' }, asEmployee(bob));
    expect(fieldsOf(badId)).toEqual(['id']);
    expect(fieldsOf(await remove('nope', asEmployee(bob)))).toEqual(['id']);
    const [theirs] = await entriesFor([globexEmployee], GLOBEX, globexProject);
    expect(codeOf(await remove(theirs!, asEmployee(bob)))).toBe('NOT_FOUND');
    expect(await snapshot(ACME, [id!])).toEqual(before);
  });

  it('the owner deletes a rejected entry; the deletion is audited and emitted', async () => {
    const [id] = await entriesFor([bob]);
    await reject([id!], 'Duplicate', asManager(alice));
    const res = await remove(id!, asEmployee(bob));
    expect(res.errors).toBeUndefined();
    expect(res.data!.deleteTimesheetEntry).toBe(id);
    expect((await snapshot(ACME, [id!])).statuses).toEqual({});
    expect((await eventsOfType('work.timesheet.deleted')).filter((e) => e.aggregateId === id)).toHaveLength(
      1,
    );
  });
});

describe('status filter on listings', () => {
  it('Employee.timesheets(status:) returns only entries in that state', async () => {
    const [a, b] = await entriesFor([carol, carol]);
    await approve([a!], hr);
    const query = `query ($reps: [_Any!]!) { _entities(representations: $reps) {
      ... on Employee { submitted: timesheets(status: SUBMITTED, first: 100) { edges { node { id status } } }
                        approved: timesheets(status: APPROVED, first: 100) { edges { node { id status } } } } } }`;
    const res = await work.call<{
      _entities: {
        submitted: { edges: { node: { id: string; status: string } }[] };
        approved: { edges: { node: { id: string; status: string } }[] };
      }[];
    }>(query, { reps: [{ __typename: 'Employee', id: carol.id }] }, hr);
    expect(res.errors).toBeUndefined();
    const [emp] = res.data!._entities;
    const submitted = emp!.submitted.edges.map((e) => e.node);
    const approved = emp!.approved.edges.map((e) => e.node);
    expect(submitted.every((n) => n.status === 'SUBMITTED')).toBe(true);
    expect(approved.every((n) => n.status === 'APPROVED')).toBe(true);
    expect(submitted.map((n) => n.id)).toContain(b);
    expect(submitted.map((n) => n.id)).not.toContain(a);
    expect(approved.map((n) => n.id)).toContain(a);
  });
});

import type { Tx } from '@wg/db';
import { departmentFacts, employeeFacts, projectFacts } from '@wg/db/insights';
import { type DomainEvent, isUuid, isValidDate, rootLogger } from '@wg/runtime';
import { inArray, sql } from 'drizzle-orm';
import type { ChangedScopes } from './notify';

const dateOrNull = (v: unknown): string | null => (typeof v === 'string' && isValidDate(v) ? v : null);

type EmployeeRow = typeof employeeFacts.$inferSelect;

/**
 * Folds people's employee events into `employee_facts`. Every event carries the whole snapshot
 * after the change (`EmployeeSnapshot`), but a field missing from `data` keeps its previous value,
 * so a partial event (an erasure carrying only the id) cannot blank the department. An event older
 * than the row's `version` is ignored, which keeps the result independent of delivery order.
 *
 * `terminated_on` is the termination's effective date (`change.effectiveDate`, else the day the
 * event occurred); it is cleared when a later event makes the employee non-terminated (rehire).
 * Two statements whatever the batch size: read the rows involved, upsert the folded result.
 */
export async function applyEmployeeEvents(
  tx: Tx,
  tenantId: string,
  events: DomainEvent[],
  scopes: ChangedScopes,
): Promise<void> {
  const valid = events.filter((e) => isUuid(e.aggregate.id));
  if (valid.length === 0) return;
  const ids = [...new Set(valid.map((e) => e.aggregate.id))];
  const existing = await tx.select().from(employeeFacts).where(inArray(employeeFacts.employeeId, ids));
  const rows = new Map<string, EmployeeRow>(existing.map((r) => [r.employeeId, r]));
  const touched = new Set<string>();

  for (const event of valid) {
    const id = event.aggregate.id;
    const data = (event.data ?? {}) as Record<string, unknown>;
    const at = new Date(event.occurredAt);
    if (Number.isNaN(at.getTime())) continue;
    const before = rows.get(id);
    if (before && before.version.getTime() > at.getTime()) continue;
    const has = (k: string) => Object.hasOwn(data, k);
    const departmentId = has('departmentId')
      ? isUuid(data.departmentId)
        ? data.departmentId
        : null
      : (before?.departmentId ?? null);
    const managerId = has('managerId')
      ? isUuid(data.managerId)
        ? data.managerId
        : null
      : (before?.managerId ?? null);
    const status = typeof data.status === 'string' ? data.status : (before?.status ?? 'ACTIVE');
    const hireDate = has('hireDate') ? dateOrNull(data.hireDate) : (before?.hireDate ?? null);
    let terminatedOn: string | null = null;
    if (status === 'TERMINATED') {
      const change = data.change as { effectiveDate?: unknown } | undefined;
      terminatedOn =
        dateOrNull(data.terminationDate) ??
        (before?.status === 'TERMINATED' && before.terminatedOn
          ? before.terminatedOn
          : (dateOrNull(change?.effectiveDate) ?? event.occurredAt.slice(0, 10)));
    }
    // People's own stints when the snapshot carries them (a rehire, a corrected hire or
    // termination date of any stint); else folded from the snapshots (events before they existed).
    const employment =
      carriedStints(data) ?? nextEmployment(before?.employment ?? [], status, hireDate, terminatedOn);
    // A change of department holds from the change's effective date (a transfer's, a rehire's
    // hire date), else from the day the event occurred.
    const change = data.change as { effectiveDate?: unknown } | undefined;
    const departments =
      !before || before.departmentId !== departmentId || before.departments.length === 0
        ? nextDepartments(
            before?.departments ?? [],
            dateOrNull(change?.effectiveDate) ?? event.occurredAt.slice(0, 10),
            departmentId,
          )
        : before.departments;
    if (before?.departmentId && before.departmentId !== departmentId)
      scopes.add('department', before.departmentId);
    scopes.add('department', departmentId);
    // A retroactive transfer re-attributes dates of every department it overwrote; a changed
    // stint changes the employment cost and headcount of every department the employee was in.
    if (
      departments !== before?.departments ||
      JSON.stringify(employment) !== JSON.stringify(before?.employment ?? [])
    )
      for (const m of [...(before?.departments ?? []), ...departments])
        scopes.add('department', m.departmentId);
    scopes.add('employee', id);
    rows.set(id, {
      tenantId,
      employeeId: id,
      departmentId,
      managerId,
      status,
      hireDate,
      terminatedOn,
      employment,
      departments,
      version: at,
    });
    touched.add(id);
  }
  if (touched.size === 0) return;
  await tx
    .insert(employeeFacts)
    .values([...touched].map((id) => rows.get(id)!))
    .onConflictDoUpdate({
      target: [employeeFacts.tenantId, employeeFacts.employeeId],
      set: {
        departmentId: sql`excluded.department_id`,
        managerId: sql`excluded.manager_id`,
        status: sql`excluded.status`,
        hireDate: sql`excluded.hire_date`,
        terminatedOn: sql`excluded.terminated_on`,
        employment: sql`excluded.employment`,
        departments: sql`excluded.departments`,
        version: sql`excluded.version`,
      },
    });
}

type Membership = { from: string | null; departmentId: string | null };

/**
 * The department history after a change to `departmentId` effective `from`: the new department
 * holds from that date on, replacing whatever the history said for that date and later (the latest
 * recorded change wins, as it does for the current department). The first entry has `from` null
 * (since the beginning: lines outside employment count zero anyway). Returns a new array.
 */
export function nextDepartments(
  history: readonly Membership[],
  from: string,
  departmentId: string | null,
): Membership[] {
  if (history.length === 0) return [{ from: null, departmentId }];
  const out = history.filter((m) => m.from === null || m.from < from).map((m) => ({ ...m }));
  if (out.length === 0) return [{ from: null, departmentId }];
  if (out.at(-1)!.departmentId !== departmentId) out.push({ from, departmentId });
  return out;
}

type Stint = { from: string | null; to: string | null };

/**
 * The stints an employee snapshot carries (`EmployeeSnapshot.stints`, `{ start, end }` with `end`
 * inclusive and null while open), as `employee_facts.employment` stores them; null when the
 * snapshot has none or a malformed one (the fold decides then).
 */
export function carriedStints(data: Record<string, unknown>): Stint[] | null {
  const list = data.stints;
  if (!Array.isArray(list) || list.length === 0) return null;
  const out: Stint[] = [];
  for (const s of list as { start?: unknown; end?: unknown }[]) {
    const from = s && typeof s === 'object' ? dateOrNull(s.start) : null;
    const to = s?.end === null || s?.end === undefined ? null : dateOrNull(s.end);
    if (!from || (s.end != null && !to) || (to && to < from)) return null;
    out.push({ from, to });
  }
  return out;
}

/**
 * The employment stints after a snapshot: a terminated employee's open stint closes on the
 * termination date; a non-terminated one has an open stint (a rehire opens a new one; while the
 * stint is open, a changed hire date is a correction of its start). Returns a new array.
 */
export function nextEmployment(
  stints: readonly Stint[],
  status: string,
  hireDate: string | null,
  terminatedOn: string | null,
): Stint[] {
  const out = stints.map((s) => ({ ...s }));
  const last = out.at(-1);
  const open = last && last.to === null ? last : undefined;
  if (status === 'TERMINATED') {
    if (open) open.to = terminatedOn;
    else if (out.length === 0) out.push({ from: hireDate, to: terminatedOn });
  } else if (open) {
    if (hireDate) open.from = hireDate;
  } else {
    out.push({ from: hireDate, to: null });
  }
  // A stint that would end before it starts (inconsistent dates) counts as no employment.
  return out.filter((s) => !s.from || !s.to || s.from <= s.to);
}

/** Latest event per aggregate id (events arrive in order; the last one of the batch wins). */
function latestById(events: DomainEvent[]): DomainEvent[] {
  const latest = new Map<string, DomainEvent>();
  for (const e of events) {
    if (!isUuid(e.aggregate.id) || Number.isNaN(Date.parse(e.occurredAt))) continue;
    const prev = latest.get(e.aggregate.id);
    if (!prev || Date.parse(prev.occurredAt) <= Date.parse(e.occurredAt)) latest.set(e.aggregate.id, e);
  }
  return [...latest.values()];
}

/** people.department.* → `department_facts` (one upsert; an older snapshot never overwrites a newer one). */
export async function applyDepartmentEvents(
  tx: Tx,
  tenantId: string,
  events: DomainEvent[],
  scopes: ChangedScopes,
): Promise<void> {
  const rows = latestById(events).flatMap((e) => {
    const d = (e.data ?? {}) as Record<string, unknown>;
    if (typeof d.name !== 'string') {
      rootLogger.warn({ eventId: e.id }, 'insights: department event without a name skipped');
      return [];
    }
    scopes.add('department', e.aggregate.id);
    return [
      {
        tenantId,
        departmentId: e.aggregate.id,
        name: d.name,
        parentId: isUuid(d.parentId) ? d.parentId : null,
        version: new Date(e.occurredAt),
      },
    ];
  });
  if (rows.length === 0) return;
  await tx
    .insert(departmentFacts)
    .values(rows)
    .onConflictDoUpdate({
      target: [departmentFacts.tenantId, departmentFacts.departmentId],
      set: { name: sql`excluded.name`, parentId: sql`excluded.parent_id`, version: sql`excluded.version` },
      setWhere: sql`${departmentFacts.version} <= excluded.version`,
    });
}

/** work.project.* → `project_facts` (name, code, owning department, status). */
export async function applyProjectEvents(
  tx: Tx,
  tenantId: string,
  events: DomainEvent[],
  scopes: ChangedScopes,
): Promise<void> {
  const rows = latestById(events).flatMap((e) => {
    const d = (e.data ?? {}) as Record<string, unknown>;
    if (typeof d.name !== 'string') {
      rootLogger.warn({ eventId: e.id }, 'insights: project event without a name skipped');
      return [];
    }
    const departmentId = isUuid(d.departmentId) ? d.departmentId : null;
    scopes.add('project', e.aggregate.id);
    scopes.add('department', departmentId);
    return [
      {
        tenantId,
        projectId: e.aggregate.id,
        name: d.name,
        code: typeof d.code === 'string' ? d.code : null,
        departmentId,
        status: typeof d.status === 'string' ? d.status : null,
        version: new Date(e.occurredAt),
      },
    ];
  });
  if (rows.length === 0) return;
  // A project moved to another department changes the old one's figures too.
  const before = await tx
    .select({ departmentId: projectFacts.departmentId })
    .from(projectFacts)
    .where(
      inArray(
        projectFacts.projectId,
        rows.map((r) => r.projectId),
      ),
    );
  for (const b of before) scopes.add('department', b.departmentId);
  await tx
    .insert(projectFacts)
    .values(rows)
    .onConflictDoUpdate({
      target: [projectFacts.tenantId, projectFacts.projectId],
      set: {
        name: sql`excluded.name`,
        code: sql`excluded.code`,
        departmentId: sql`excluded.department_id`,
        status: sql`excluded.status`,
        version: sql`excluded.version`,
      },
      setWhere: sql`${projectFacts.version} <= excluded.version`,
    });
}

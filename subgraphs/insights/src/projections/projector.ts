import { type Database, type Tx, withTenant } from '@wg/db';
import {
  compensationFacts,
  departmentFacts,
  employeeDays,
  employeeFacts,
  employeeMonths,
  eventLog,
  laborFacts,
  processedEvents,
  projectFacts,
  recruitingApplications,
  recruitingOffers,
  recruitingPostings,
  reportingCurrencies,
} from '@wg/db/insights';
import { type Bus, type DomainEvent, isUuid, rootLogger, startConsumer } from '@wg/runtime';
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { applyCompensationEvents, applyCurrencyEvents } from './compensation.projection';
import { applyLaborCosted } from './labor-facts.projection';
import { type AnalyticsScope, ChangedScopes, publishChanged } from './notify';
import {
  applyRecruitingEvents,
  isRecruitingFunnelEvent,
  RECRUITING_FUNNEL_EVENTS,
} from '../recruiting/recruiting-funnel.projection';
import { applyDepartmentEvents, applyEmployeeEvents, applyProjectEvents } from './org.projection';

/** The consumer group (and dedup key in `processed_events`) of the projections. */
export const PROJECTIONS_GROUP = 'insights.projections';

type Kind = 'employee' | 'department' | 'project' | 'compensation' | 'currency' | 'labor' | 'recruiting';

/** Which projection an event feeds, or null when insights does not care about it. */
export function projectionOf(e: DomainEvent): Kind | null {
  if (e.type.startsWith('people.employee.')) return 'employee';
  if (e.type.startsWith('people.department.')) return 'department';
  if (e.type.startsWith('work.project.')) return 'project';
  if (e.type === 'finance.compensation.set') return 'compensation';
  if (e.type === 'finance.settings.currency_set') return 'currency';
  if (e.type === 'finance.labor.costed') return 'labor';
  if (isRecruitingFunnelEvent(e)) return 'recruiting';
  return null;
}

/** Every projection table, emptied by a rebuild before the replay. */
const PROJECTION_TABLES = [
  laborFacts,
  employeeMonths,
  employeeDays,
  employeeFacts,
  departmentFacts,
  projectFacts,
  compensationFacts,
  reportingCurrencies,
  recruitingPostings,
  recruitingApplications,
  recruitingOffers,
];

/**
 * Serialises writers of one tenant's projections (the live consumer and a rebuild), so a rebuild
 * never interleaves with an incremental batch. Transaction-scoped: released at commit/rollback.
 */
const lockTenant = (tx: Tx, tenantId: string) =>
  tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`insights.projections:${tenantId}`}, 0))`);

/**
 * Applies one tenant's events (in their delivery order) to the projections, inside the caller's
 * RLS transaction, and returns the scopes whose numbers changed. Each projection is written with
 * a constant number of statements per batch, whatever its size.
 *
 * The projections are commutative: labour facts are sums, compensations a set keyed by id, and
 * snapshots (employees, departments, projects, currency) keep the newest `occurredAt`. So replaying
 * the event log in any order that keeps each producer's order yields the same numbers.
 */
export async function applyEvents(
  tx: Tx,
  tenantId: string,
  events: DomainEvent[],
): Promise<AnalyticsScope[]> {
  const groups = new Map<Kind, DomainEvent[]>();
  for (const e of events) {
    const kind = projectionOf(e);
    if (!kind) continue;
    const list = groups.get(kind);
    if (list) list.push(e);
    else groups.set(kind, [e]);
  }
  const scopes = new ChangedScopes();
  const of = (k: Kind) => groups.get(k) ?? [];
  // Org first, so the department lookup below sees this batch's memberships.
  if (groups.has('department')) await applyDepartmentEvents(tx, tenantId, of('department'), scopes);
  if (groups.has('employee')) await applyEmployeeEvents(tx, tenantId, of('employee'), scopes);
  if (groups.has('project')) await applyProjectEvents(tx, tenantId, of('project'), scopes);
  if (groups.has('currency')) await applyCurrencyEvents(tx, tenantId, of('currency'));
  if (groups.has('recruiting')) await applyRecruitingEvents(tx, tenantId, of('recruiting'), scopes);
  const employees = new Set<string>();
  const projects = new Set<string>();
  if (groups.has('compensation')) {
    for (const id of await applyCompensationEvents(tx, tenantId, of('compensation'), scopes))
      employees.add(id);
  }
  if (groups.has('labor')) {
    for (const line of await applyLaborCosted(tx, of('labor'))) {
      employees.add(line.employeeId);
      projects.add(line.projectId);
      scopes.add('employee', line.employeeId);
      scopes.add('project', line.projectId);
    }
  }
  if (employees.size > 0 || projects.size > 0) {
    // The departments whose figures the new labour / salaries move: every department in the
    // employee's history (a line counts in the department of its date) and the project's owning one.
    const rows = await tx.execute(sql`
      select m->>'departmentId' as department_id from ${employeeFacts}
        cross join lateral jsonb_array_elements(departments) m
        where employee_id = any(${`{${[...employees].join(',')}}`}::uuid[]) and m->>'departmentId' is not null
      union
      select department_id::text from ${employeeFacts}
        where employee_id = any(${`{${[...employees].join(',')}}`}::uuid[]) and department_id is not null
      union
      select department_id::text from ${projectFacts}
        where project_id = any(${`{${[...projects].join(',')}}`}::uuid[]) and department_id is not null`);
    for (const r of rowsOf<{ department_id: string | null }>(rows)) scopes.add('department', r.department_id);
  }
  return scopes.list;
}

/** drizzle's `execute` returns an array on postgres.js and `{ rows }` on PGlite. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** Appends consumed events to insights' event log (the input of a rebuild). One statement. */
async function logEvents(tx: Tx, tenantId: string, events: DomainEvent[]): Promise<void> {
  const rows = events
    .filter((e) => projectionOf(e))
    .map((e) => ({
      tenantId,
      eventId: e.id,
      type: e.type,
      aggregateType: e.aggregate.type,
      aggregateId: e.aggregate.id,
      occurredAt: new Date(e.occurredAt),
      data: e.data,
    }));
  if (rows.length === 0) return;
  await tx.insert(eventLog).values(rows).onConflictDoNothing();
}

/**
 * The projections consumer: records each new event in the event log and applies it, in one
 * transaction per tenant (with the dedup in `processed_events`), then — after commit — publishes
 * one `analytics.changed` notice per tenant with the scopes that moved.
 */
export function startProjections(database: Database, bus: Bus) {
  return startConsumer<AnalyticsScope[]>(database, bus, {
    group: PROJECTIONS_GROUP,
    inbox: processedEvents,
    // Malformed envelopes (a non-uuid aggregate id) would fail the log insert and wedge the batch.
    accepts: (e) => projectionOf(e) !== null && isUuid(e.id) && isUuid(e.aggregate.id),
    handle: async (tx, events) => {
      const tenantId = events[0]!.tenantId;
      await lockTenant(tx, tenantId);
      await logEvents(tx, tenantId, events);
      return applyEvents(tx, tenantId, events);
    },
    // Only runs when the batch had new events. Without narrower scopes (a currency change) the
    // notice names just the company, which subscribers read as "everything may have changed".
    committed: (tenantId, scopes) => publishChanged(bus, tenantId, scopes),
  });
}

const REPLAY_PAGE = 1000;

/**
 * Recreates one tenant's projections from insights' event log: empties them and replays every
 * logged event through the same `applyEvents` the live consumer uses, in one transaction (readers
 * see the old numbers until it commits, never a half-built state). Returns the events replayed.
 */
export async function rebuildTenant(database: Database, tenantId: string): Promise<number> {
  return withTenant(database, { tenantId }, async (tx) => {
    await lockTenant(tx, tenantId);
    for (const table of PROJECTION_TABLES) await tx.delete(table);
    let after = 0;
    let total = 0;
    for (;;) {
      const page = await tx
        .select()
        .from(eventLog)
        .where(and(eq(eventLog.tenantId, tenantId), gt(eventLog.seq, after)))
        .orderBy(asc(eventLog.seq))
        .limit(REPLAY_PAGE);
      if (page.length === 0) return total;
      await applyEvents(
        tx,
        tenantId,
        page.map((r) => ({
          id: r.eventId,
          type: r.type,
          tenantId: r.tenantId,
          aggregate: { type: r.aggregateType, id: r.aggregateId },
          occurredAt: r.occurredAt.toISOString(),
          data: r.data as Record<string, unknown>,
        })),
      );
      total += page.length;
      after = page.at(-1)!.seq;
    }
  });
}

/**
 * Copies the events of the producing subgraphs' outboxes (people, work, finance, recruiting) into insights'
 * event log and marks them processed, for a database whose history predates the log. Uses the
 * owner connection (it reads across tenants and schemas); only the rebuild command calls it.
 */
export async function importFromOutboxes(database: Database): Promise<number> {
  const sources = ['people', 'work', 'finance', 'recruiting'].map(
    (s) => sql`select tenant_id, id, type, aggregate_type, aggregate_id, occurred_at, data, seq, ${s} as src
      from ${sql.identifier(s)}.outbox`,
  );
  const union = sql.join(sources, sql` union all `);
  return database.system.transaction(async (tx) => {
    const inserted = rowsOf<{ tenant_id: string; event_id: string }>(
      await tx.execute(sql`
        insert into ${eventLog} (tenant_id, event_id, type, aggregate_type, aggregate_id, occurred_at, data)
        select tenant_id, id, type, aggregate_type, aggregate_id, occurred_at, data
        from (${union}) o
        where o.type like 'people.employee.%' or o.type like 'people.department.%'
           or o.type like 'work.project.%'
           or o.type in (${'finance.compensation.set'}, ${'finance.settings.currency_set'}, ${'finance.labor.costed'})
           or o.type = any(${`{${RECRUITING_FUNNEL_EVENTS.join(',')}}`}::text[])
        order by occurred_at, src, seq
        on conflict (tenant_id, event_id) do nothing
        returning tenant_id, event_id`),
    );
    if (inserted.length > 0) {
      // Whatever is still unpublished in an outbox will reach the live consumer later: it must not
      // be applied on top of the replay.
      await tx.execute(sql`
        insert into ${processedEvents} (tenant_id, consumer, event_id)
        select tenant_id, ${PROJECTIONS_GROUP}, event_id
        from jsonb_to_recordset(${JSON.stringify(inserted)}::jsonb) as x(tenant_id uuid, event_id uuid)
        on conflict do nothing`);
    }
    return inserted.length;
  });
}

/** Every tenant with logged events (owner connection: a listing across tenants). */
export async function loggedTenants(database: Database): Promise<string[]> {
  const rows = rowsOf<{ tenant_id: string }>(
    await database.system.execute(sql`select distinct tenant_id::text from ${eventLog} order by 1`),
  );
  return rows.map((r) => r.tenant_id);
}

/**
 * `pnpm insights:rebuild`: replays the log of every tenant (or of `tenants`) and announces a
 * company-wide change per tenant so live dashboards refetch.
 */
export async function rebuildProjections(
  database: Database,
  options: { tenants?: string[]; fromOutboxes?: boolean; bus?: Bus } = {},
): Promise<{ imported: number; tenants: { tenantId: string; events: number }[] }> {
  const imported = options.fromOutboxes ? await importFromOutboxes(database) : 0;
  const tenants = options.tenants ?? (await loggedTenants(database));
  const out: { tenantId: string; events: number }[] = [];
  for (const tenantId of tenants) {
    const events = await rebuildTenant(database, tenantId);
    out.push({ tenantId, events });
    await options.bus
      ?.publishTransient('analytics.changed', {
        tenantId,
        scopes: [{ kind: 'company' }],
        at: new Date().toISOString(),
      })
      .catch((error) => rootLogger.warn({ err: error }, 'insights: rebuild notice failed'));
  }
  return { imported, tenants: out };
}

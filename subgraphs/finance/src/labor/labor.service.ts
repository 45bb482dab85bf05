import type { Tx } from '@wg/db';
import { laborEntries, outbox } from '@wg/db/finance';
import { emitEvents, type EventOf, isUuid, isValidDate, type NewEvent, rootLogger } from '@wg/runtime';
import type { TimesheetLine } from '@wg/work/events';
import { and, inArray, type SQL, sql } from 'drizzle-orm';
import { annualisedSalary, WORK_HOURS_PER_YEAR } from '../compensations/compensation.salary';
import type { CostedLine } from '../events';
import { DEFAULT_CURRENCY } from '../settings/settings.type';
import { selectRows } from '../sql';

/** Lines per INSERT … SELECT: large enough to amortise the round trip, small enough for one jsonb. */
const CHUNK = 5000;
/** numeric(7,2): what labor_entries.hours holds. */
const HOURS_RE = /^\d{1,5}(\.\d{1,2})?$/;

/** A labour row as the pricing statements read it back (numeric columns as text). */
interface PricedRow {
  entryId: string;
  employeeId: string;
  projectId: string;
  date: string;
  hours: string;
  cost: string;
  revenue: string;
  currency: string;
  counted: boolean;
  costPriced: boolean;
  ratePriced: boolean;
}

/** The columns of a `PricedRow`, from the labor_entries row aliased `a` (a constant, never input). */
const pricedColumns = (a: string) =>
  sql.raw(`${a}.timesheet_entry_id::text as "entryId", ${a}.employee_id::text as "employeeId",
  ${a}.project_id::text as "projectId", ${a}.date::text as date, ${a}.hours::text as hours,
  ${a}.cost::text as cost, ${a}.revenue::text as revenue, ${a}.currency::text as currency,
  ${a}.counted, ${a}.cost_priced as "costPriced", ${a}.rate_priced as "ratePriced"`);

const isValidLine = (l: Partial<TimesheetLine> | null | undefined): l is TimesheetLine =>
  !!l &&
  isUuid(l.entryId) &&
  isUuid(l.employeeId) &&
  isUuid(l.projectId) &&
  typeof l.date === 'string' &&
  isValidDate(l.date) &&
  typeof l.hours === 'string' &&
  HOURS_RE.test(l.hours);

const ISO_DATE = sql.raw(`'^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`);

/**
 * The pricing rule, once, as a SELECT over `source` (columns entry_id, employee_id, project_id,
 * work_date, hours, status). Every path — a new line, a correction, a review, a compensation or a
 * rate change — prices through it, so a line's amounts depend only on its own date, hours and
 * status and on the rates effective on that date:
 *   cost    = round(hours × annual salary / 2080, 2), the compensation effective on the date
 *             ([effective_from, next effective_from); same day: the later-recorded one wins)
 *   revenue = round(hours × hourly rate, 2), the project rate effective on the date (same rule;
 *             a rate without `effective_from` applies from the beginning)
 *   counted = status is not REJECTED and the date is inside one of the employee's employment
 *             stints (each hire or rehire date to its termination date, inclusive, from people's
 *             replicated snapshot `stints`; a snapshot without them: its hire date to termination
 *             date). Days between two stints are not employment; an employee finance has no
 *             snapshot of yet counts (the first snapshot does not re-price)
 * Without a compensation (a rate) on the date the cost (revenue) is 0 and `cost_priced`
 * (`rate_priced`) is false, so the figures can say how many hours are unpriced.
 */
function pricedSelect(source: SQL): SQL {
  return sql`with e as materialized (${source}),
    periods as (
      select comp.employee_id, comp.effective_from as starts,
        lead(comp.effective_from) over (
          partition by comp.employee_id order by comp.effective_from, comp.created_at, comp.id
        ) as ends,
        ${annualisedSalary('comp')} as annual
      from finance.compensations comp
      where comp.employee_id in (select employee_id from e)
    ),
    rates as (
      select rp.project_id, coalesce(rp.effective_from, '-infinity'::date) as starts,
        lead(coalesce(rp.effective_from, '-infinity'::date)) over (
          partition by rp.project_id order by coalesce(rp.effective_from, '-infinity'::date), rp.created_at, rp.id
        ) as ends,
        rp.hourly_rate
      from finance.project_rate_periods rp
      where rp.project_id in (select project_id from e)
    ),
    emp as (
      select r.id as employee_id, r.data from finance.entity_refs r
      where r.entity_type = 'Employee' and r.id in (select employee_id from e)
    ),
    stints as (
      select m.employee_id,
        case when st->>'start' ~ ${ISO_DATE} then (st->>'start')::date end as starts,
        case when st->>'end' ~ ${ISO_DATE} then (st->>'end')::date end as ends
      from emp m
      cross join lateral jsonb_array_elements(
        case when jsonb_typeof(m.data->'stints') = 'array' and jsonb_array_length(m.data->'stints') > 0
          then m.data->'stints'
          else jsonb_build_array(jsonb_build_object('start', m.data->'hireDate', 'end', m.data->'terminationDate'))
        end) st
    )
    select e.entry_id, e.employee_id, e.project_id, e.work_date, e.hours, e.status,
      round(e.hours * coalesce(p.annual, 0) / ${sql.raw(String(WORK_HOURS_PER_YEAR))}, 2) as cost,
      round(e.hours * coalesce(r.hourly_rate, 0), 2) as revenue,
      s.currency,
      (e.status <> 'REJECTED'
        and (not exists (select 1 from emp m where m.employee_id = e.employee_id)
          or exists (select 1 from stints st where st.employee_id = e.employee_id
            and (st.starts is null or e.work_date >= st.starts)
            and (st.ends is null or e.work_date <= st.ends)))) as counted,
      (p.annual is not null) as cost_priced,
      (r.hourly_rate is not null) as rate_priced
    from e
    cross join (
      select coalesce((select currency from finance.tenant_settings), ${DEFAULT_CURRENCY}) as currency
    ) s
    left join periods p
      on p.employee_id = e.employee_id and e.work_date >= p.starts and (p.ends is null or e.work_date < p.ends)
    left join rates r
      on r.project_id = e.project_id and e.work_date >= r.starts and (r.ends is null or e.work_date < r.ends)`;
}

/**
 * Prices new timesheet lines in one `INSERT … SELECT` per chunk (the lines arrive as one jsonb
 * parameter). `on conflict do nothing` makes a redelivered line a no-op; only the lines priced
 * now come back.
 */
async function priceLines(tx: Tx, lines: TimesheetLine[]): Promise<PricedRow[]> {
  const records = lines.map((l) => ({
    entry_id: l.entryId,
    employee_id: l.employeeId,
    project_id: l.projectId,
    work_date: l.date,
    hours: l.hours,
  }));
  const source = sql`select r.*, 'SUBMITTED'::text as status
    from jsonb_to_recordset(${JSON.stringify(records)}::jsonb)
      as r(entry_id uuid, employee_id uuid, project_id uuid, work_date date, hours numeric(7, 2))`;
  return selectRows<PricedRow>(
    tx,
    sql`insert into finance.labor_entries (tenant_id, timesheet_entry_id, employee_id, project_id, date,
        hours, cost, revenue, currency, status, counted, cost_priced, rate_priced)
      select nullif(current_setting('app.tenant_id', true), '')::uuid, x.entry_id, x.employee_id,
        x.project_id, x.work_date, x.hours, x.cost, x.revenue, x.currency, x.status, x.counted,
        x.cost_priced, x.rate_priced
      from (${pricedSelect(source)}) x
      on conflict do nothing
      returning ${pricedColumns('labor_entries')}`,
  );
}

/** Which priced lines a re-pricing covers (`alias` is the labor_entries alias of the caller). */
export type LaborFilter = (alias: string) => SQL;

export const linesOfEmployee =
  (employeeId: string): LaborFilter =>
  (a) =>
    sql`${sql.raw(a)}.employee_id = ${employeeId}::uuid`;
export const linesOfProject =
  (projectId: string): LaborFilter =>
  (a) =>
    sql`${sql.raw(a)}.project_id = ${projectId}::uuid`;
const linesWithIds =
  (ids: readonly string[]): LaborFilter =>
  (a) =>
    sql`${sql.raw(a)}.timesheet_entry_id in (select value::uuid from jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`;
export const everyLine: LaborFilter = () => sql`true`;

/**
 * Re-prices the priced lines `filter` selects under the current rule (compensations, rates,
 * employment, status) and returns the signed difference of every line whose announced amounts
 * changed. `change` runs between reading the old amounts and re-pricing (a review sets the
 * status, a correction the hours). Lines are locked for the transaction.
 */
async function reprice(tx: Tx, filter: LaborFilter, change?: () => Promise<unknown>): Promise<CostedLine[]> {
  const before = await selectRows<PricedRow>(
    tx,
    sql`select ${pricedColumns('l')} from finance.labor_entries l where ${filter('l')} for update`,
  );
  if (before.length === 0) return [];
  if (change) await change();
  const after = await selectRows<PricedRow>(
    tx,
    sql`update finance.labor_entries l set cost = x.cost, revenue = x.revenue, counted = x.counted,
        cost_priced = x.cost_priced, rate_priced = x.rate_priced
      from (${pricedSelect(sql`select l2.timesheet_entry_id as entry_id, l2.employee_id, l2.project_id,
          l2.date as work_date, l2.hours, l2.status from finance.labor_entries l2 where ${filter('l2')}`)}) x
      where l.timesheet_entry_id = x.entry_id
      returning ${pricedColumns('l')}`,
  );
  const old = new Map(before.map((r) => [r.entryId, r]));
  const out: CostedLine[] = [];
  for (const row of after) {
    const prev = old.get(row.entryId);
    const delta = prev ? difference(announced(row), announced(prev)) : announced(row);
    if (delta) out.push(delta);
  }
  return out;
}

const ZERO = '0.00';

/** What a line contributes to the figures: its amounts when it counts, zero otherwise. */
function announced(row: PricedRow): CostedLine {
  const on = row.counted;
  return {
    entryId: row.entryId,
    employeeId: row.employeeId,
    projectId: row.projectId,
    date: row.date,
    hours: on ? row.hours : ZERO,
    cost: on ? row.cost : ZERO,
    revenue: on ? row.revenue : ZERO,
    currency: row.currency,
    unpricedHours: on && !row.costPriced ? row.hours : ZERO,
    unbilledHours: on && !row.ratePriced ? row.hours : ZERO,
  };
}

const AMOUNTS = ['hours', 'cost', 'revenue', 'unpricedHours', 'unbilledHours'] as const;

/** `a − b` per amount, or null when nothing changed. */
function difference(a: CostedLine, b: CostedLine): CostedLine | null {
  const d = { ...a };
  for (const k of AMOUNTS) d[k] = subtractDecimal(a[k] ?? ZERO, b[k] ?? ZERO);
  return AMOUNTS.every((k) => d[k] === ZERO) ? null : d;
}

/** The line taken back (a deletion): every amount negated. */
const negation = (line: CostedLine): CostedLine | null =>
  difference(announced({ ...line, counted: false, costPriced: true, ratePriced: true }), line);

/** `a − b` for decimal strings of at most two fractional digits (hours, money), exactly. */
export function subtractDecimal(a: string, b: string): string {
  const hundredths = (v: string) => {
    const negative = v.startsWith('-');
    const [whole = '0', frac = ''] = (negative ? v.slice(1) : v).split('.');
    const n = BigInt(whole) * 100n + BigInt(frac.padEnd(2, '0').slice(0, 2));
    return negative ? -n : n;
  };
  const d = hundredths(a) - hundredths(b);
  const abs = d < 0n ? -d : d;
  return `${d < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/** What finance consumes from work. Typed by work's catalogue; still checked line by line below,
 * because one malformed event would otherwise be redelivered forever. */
export const LABOR_EVENTS = [
  'work.timesheet.logged',
  'work.timesheet.approved',
  'work.timesheet.rejected',
  'work.timesheet.resubmitted',
  'work.timesheet.deleted',
] as const;
type TimesheetEvent = EventOf<(typeof LABOR_EVENTS)[number]>;
type ChangeEvent = Exclude<TimesheetEvent, EventOf<'work.timesheet.logged'>>;

const isChangeEvent = (event: TimesheetEvent): event is ChangeEvent => event.type !== 'work.timesheet.logged';

/**
 * Serialises everything that prices one tenant's labour (the labour consumer, compensation and
 * rate changes): a line priced concurrently with a compensation change would otherwise read the
 * compensations from before the change while the change's re-pricing cannot see the new line yet.
 * Transaction-scoped; statements after it see every committed compensation, rate and line.
 */
export const lockPricing = (tx: Tx, tenantId: string) =>
  tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`finance.pricing:${tenantId}`}, 0))`);

/**
 * One review, correction or deletion event: the entries' status (approved / rejected /
 * resubmitted), hours (resubmitted) or existence (deleted) change and the lines are re-priced by
 * the same rule as a new line. Returns the signed lines to announce (new − old; nothing when no
 * announced amount changed). Entries finance never priced and malformed payloads are logged and
 * skipped. Explicitly filtered by tenant as well as by RLS.
 */
async function applyChange(tx: Tx, event: ChangeEvent): Promise<CostedLine[]> {
  const entries: TimesheetLine[] =
    event.type === 'work.timesheet.approved' || event.type === 'work.timesheet.rejected'
      ? Array.isArray(event.data.entries)
        ? event.data.entries
        : []
      : event.data.entry
        ? [event.data.entry]
        : [];
  const resubmitted = event.type === 'work.timesheet.resubmitted';
  const valid = entries.filter(
    (e) =>
      e && isUuid(e.entryId) && (!resubmitted || (typeof e.hours === 'string' && HOURS_RE.test(e.hours))),
  );
  if (valid.length === 0 || valid.length !== entries.length) {
    rootLogger.warn(
      { eventId: event.id, type: event.type },
      'finance.labor: skipping malformed timesheet change',
    );
    if (valid.length === 0) return [];
  }
  const ids = valid.map((e) => e.entryId);
  const mine = sql`${laborEntries.tenantId} = ${event.tenantId}::uuid`;
  const inIds = inArray(laborEntries.timesheetEntryId, ids);

  if (event.type === 'work.timesheet.deleted') {
    const removed = await selectRows<PricedRow>(
      tx,
      sql`delete from finance.labor_entries l where l.tenant_id = ${event.tenantId}::uuid
        and ${linesWithIds(ids)('l')} returning ${pricedColumns('l')}`,
    );
    if (removed.length === 0) warnUnknown(event, ids);
    return removed.flatMap((r) => negation(announced(r)) ?? []);
  }
  const filter: LaborFilter = (a) =>
    sql`${sql.raw(a)}.tenant_id = ${event.tenantId}::uuid and ${linesWithIds(ids)(a)}`;
  const status =
    event.type === 'work.timesheet.approved'
      ? 'APPROVED'
      : event.type === 'work.timesheet.rejected'
        ? 'REJECTED'
        : 'SUBMITTED';
  const hours = resubmitted ? valid[0]!.hours : undefined;
  let touched = 0;
  const lines = await reprice(tx, filter, async () => {
    const updated = await tx
      .update(laborEntries)
      .set(hours ? { status, hours } : { status })
      .where(and(sql`${mine}`, inIds))
      .returning({ id: laborEntries.timesheetEntryId });
    touched = updated.length;
  });
  if (touched === 0) warnUnknown(event, ids);
  return lines;
}

function warnUnknown(event: ChangeEvent, ids: string[]) {
  rootLogger.warn(
    { eventId: event.id, type: event.type, entryIds: ids.slice(0, 5) },
    'finance.labor: timesheet change for an entry never priced; skipped',
  );
}

/** Announces signed lines as one `finance.labor.costed` event (aggregate `LaborBatch`, id `aggregateId`). */
async function announce(tx: Tx, tenantId: string, aggregateId: string, entries: CostedLine[]) {
  if (entries.length === 0) return;
  await emitEvents(tx, outbox, [
    { tenantId, type: 'finance.labor.costed', aggregateType: 'LaborBatch', aggregateId, data: { entries } },
  ]);
}

export const laborService = {
  /**
   * Applies one tenant's timesheet events in their order (inside the consumer's RLS transaction):
   * runs of `work.timesheet.logged` are priced together; each review, resubmission or deletion
   * re-prices its entries and announces the signed difference as its own `finance.labor.costed`
   * event (aggregate `LaborBatch`, id = the source event id), in the same transaction.
   */
  async applyTimesheetEvents(tx: Tx, events: TimesheetEvent[]): Promise<void> {
    const tenantId = events[0]?.tenantId;
    if (!tenantId) return;
    await lockPricing(tx, tenantId);
    let logged: EventOf<'work.timesheet.logged'>[] = [];
    for (const event of events) {
      if (!isChangeEvent(event)) {
        logged.push(event);
        continue;
      }
      if (logged.length > 0) await laborService.costTimesheets(tx, logged);
      logged = [];
      await announce(tx, event.tenantId, event.id, await applyChange(tx, event));
    }
    if (logged.length > 0) await laborService.costTimesheets(tx, logged);
  },

  /**
   * Re-prices every priced line `filter` selects under the current rule and announces what changed
   * as one `finance.labor.costed` event (aggregate `LaborBatch`, id `aggregateId`: the compensation
   * or rate that caused it). Called in the transaction of the change, after `lockPricing`.
   * Returns the number of lines whose announced amounts changed.
   */
  async repriceAndAnnounce(
    tx: Tx,
    tenantId: string,
    filter: LaborFilter,
    aggregateId: string,
  ): Promise<number> {
    const lines = await reprice(tx, filter);
    await announce(tx, tenantId, aggregateId, lines);
    return lines.length;
  },

  /**
   * Applies `work.timesheet.logged` events of one tenant (inside the consumer's RLS transaction):
   * prices their lines and writes one `finance.labor.costed` event per source event (aggregate
   * `LaborBatch`, id = the source event id) with the lines priced now, in the same transaction.
   * Lines that do not count (outside employment) are stored but announce zero amounts.
   */
  async costTimesheets(tx: Tx, events: EventOf<'work.timesheet.logged'>[]): Promise<void> {
    const tenantId = events[0]?.tenantId;
    if (!tenantId) return;
    const sourceOf = new Map<string, string>();
    const lines: TimesheetLine[] = [];
    for (const event of events) {
      const entries: unknown = event.data.entries;
      for (const line of Array.isArray(entries) ? entries : []) {
        // A malformed line would fail the whole statement and the batch would be redelivered
        // forever; it is logged and skipped instead.
        if (!isValidLine(line)) {
          rootLogger.warn({ eventId: event.id, line }, 'finance.labor: skipping malformed timesheet line');
          continue;
        }
        if (sourceOf.has(line.entryId)) continue;
        sourceOf.set(line.entryId, event.id);
        lines.push(line);
      }
    }
    const priced: PricedRow[] = [];
    for (let i = 0; i < lines.length; i += CHUNK) {
      priced.push(...(await priceLines(tx, lines.slice(i, i + CHUNK))));
    }
    const bySource = new Map<string, CostedLine[]>();
    for (const row of priced) {
      const source = sourceOf.get(row.entryId)!;
      const line = announced(row);
      const list = bySource.get(source);
      if (list) list.push(line);
      else bySource.set(source, [line]);
    }
    const out: NewEvent<'finance.labor.costed'>[] = [];
    for (const event of events) {
      const entries = bySource.get(event.id);
      if (!entries) continue;
      out.push({
        tenantId,
        type: 'finance.labor.costed',
        aggregateType: 'LaborBatch',
        aggregateId: event.id,
        data: { entries },
      });
    }
    await emitEvents(tx, outbox, out);
  },
};

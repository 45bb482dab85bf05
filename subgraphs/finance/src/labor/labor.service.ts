import type { Tx } from '@wg/db';
import { laborEntries, outbox } from '@wg/db/finance';
import { emitEvents, type EventOf, isUuid, isValidDate, type NewEvent, rootLogger } from '@wg/runtime';
import type { TimesheetLine } from '@wg/work/events';
import { and, eq, sql } from 'drizzle-orm';
import { annualisedSalary, WORK_HOURS_PER_YEAR } from '../compensations/compensation.service';
import type { CostedLine } from '../events';
import { DEFAULT_CURRENCY } from '../settings/settings.type';

/** Lines per INSERT … SELECT: large enough to amortise the round trip, small enough for one jsonb. */
const CHUNK = 5000;
/** numeric(7,2): what labor_entries.hours holds. */
const HOURS_RE = /^\d{1,5}(\.\d{1,2})?$/;

/** What a priced line reads back as (RETURNING). */
const COSTED_COLUMNS = {
  entryId: laborEntries.timesheetEntryId,
  employeeId: laborEntries.employeeId,
  projectId: laborEntries.projectId,
  date: laborEntries.date,
  hours: laborEntries.hours,
  cost: laborEntries.cost,
  revenue: laborEntries.revenue,
  currency: laborEntries.currency,
};

const isValidLine = (l: Partial<TimesheetLine> | null | undefined): l is TimesheetLine =>
  !!l &&
  isUuid(l.entryId) &&
  isUuid(l.employeeId) &&
  isUuid(l.projectId) &&
  typeof l.date === 'string' &&
  isValidDate(l.date) &&
  typeof l.hours === 'string' &&
  HOURS_RE.test(l.hours);

/**
 * Prices timesheet lines in one `INSERT … SELECT` per chunk. The lines arrive as one jsonb
 * parameter; the compensations of the employees involved become pay periods
 * [effective_from, next effective_from) — hash-joined by employee, rather than one index probe per
 * line — and the project rates are hash-joined too. All arithmetic is numeric in SQL:
 *   cost    = round(hours × annual salary / 2080, 2)   (HOURLY: annual = rate × 2080, so hours × rate)
 *   revenue = round(hours × project hourly rate, 2)    (0 without a rate)
 * A line dated before any compensation of its employee costs 0. Several compensations effective
 * on the same day: the later-recorded one wins (the earlier one's period is empty).
 * `on conflict do nothing` makes a redelivered line a no-op; `returning` yields only the lines
 * priced now.
 */
async function priceLines(tx: Tx, tenantId: string, lines: TimesheetLine[]): Promise<CostedLine[]> {
  const records = lines.map((l) => ({
    entry_id: l.entryId,
    employee_id: l.employeeId,
    project_id: l.projectId,
    work_date: l.date,
    hours: l.hours,
  }));
  // Drizzle's insert-select takes the table's insertable columns in declaration order:
  // tenant_id, timesheet_entry_id, employee_id, project_id, date, hours, cost, revenue, currency, created_at.
  return tx
    .insert(laborEntries)
    .select(
      sql`with e as materialized (
          select * from jsonb_to_recordset(${JSON.stringify(records)}::jsonb)
            as r(entry_id uuid, employee_id uuid, project_id uuid, work_date date, hours numeric(7, 2))
        ),
        periods as (
          select comp.employee_id, comp.effective_from as starts,
            lead(comp.effective_from) over (
              partition by comp.employee_id order by comp.effective_from, comp.created_at, comp.id
            ) as ends,
            ${annualisedSalary('comp')} as annual
          from finance.compensations comp
          where comp.employee_id in (select employee_id from e)
        )
        select ${tenantId}::uuid, e.entry_id, e.employee_id, e.project_id, e.work_date, e.hours,
          round(e.hours * coalesce(p.annual, 0) / ${sql.raw(String(WORK_HOURS_PER_YEAR))}, 2),
          round(e.hours * coalesce(r.hourly_rate, 0), 2),
          s.currency, now()
        from e
        cross join (
          select coalesce((select currency from finance.tenant_settings), ${DEFAULT_CURRENCY}) as currency
        ) s
        left join periods p
          on p.employee_id = e.employee_id and e.work_date >= p.starts and (p.ends is null or e.work_date < p.ends)
        left join finance.project_rates r on r.project_id = e.project_id`,
    )
    .onConflictDoNothing()
    .returning(COSTED_COLUMNS);
}

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
type TimesheetEvent = EventOf<
  'work.timesheet.logged' | 'work.timesheet.resubmitted' | 'work.timesheet.deleted'
>;
type ChangeEvent = EventOf<'work.timesheet.resubmitted' | 'work.timesheet.deleted'>;

const isChangeEvent = (event: TimesheetEvent): event is ChangeEvent =>
  event.type === 'work.timesheet.resubmitted' || event.type === 'work.timesheet.deleted';

/**
 * The line finance priced for `entryId`, removed (the caller re-prices it or not). Explicitly
 * filtered by tenant as well as by RLS: another tenant's event can never reach this tenant's rows.
 */
async function removePriced(tx: Tx, tenantId: string, entryId: string): Promise<CostedLine | undefined> {
  const [row] = await tx
    .delete(laborEntries)
    .where(and(eq(laborEntries.tenantId, tenantId), eq(laborEntries.timesheetEntryId, entryId)))
    .returning(COSTED_COLUMNS);
  return row;
}

/**
 * One `work.timesheet.resubmitted` / `work.timesheet.deleted` event: the priced line is removed
 * (deletion) or re-priced at the corrected hours by the same SQL as a logged line — compensation
 * effective on the entry's date, the project's rate (correction). Returns the signed line to
 * announce (negation, or new − old), or null when there is nothing to say: an entry finance never
 * priced, a malformed payload, or a correction that changes no amount.
 */
async function applyChange(tx: Tx, event: ChangeEvent): Promise<CostedLine | null> {
  const entry: TimesheetLine | undefined = event.data.entry; // typed, checked anyway below
  const deletion = event.type === 'work.timesheet.deleted';
  if (
    !entry ||
    !isUuid(entry.entryId) ||
    (!deletion && !(typeof entry.hours === 'string' && HOURS_RE.test(entry.hours)))
  ) {
    rootLogger.warn(
      { eventId: event.id, type: event.type, entry },
      'finance.labor: skipping malformed timesheet change',
    );
    return null;
  }
  const old = await removePriced(tx, event.tenantId, entry.entryId);
  if (!old) {
    rootLogger.warn(
      { eventId: event.id, type: event.type, entryId: entry.entryId },
      'finance.labor: timesheet change for an entry never priced; skipped',
    );
    return null;
  }
  const zero = '0.00';
  if (deletion) {
    return {
      ...old,
      hours: subtractDecimal(zero, old.hours),
      cost: subtractDecimal(zero, old.cost),
      revenue: subtractDecimal(zero, old.revenue),
    };
  }
  // Employee, project and date are what finance priced; only the hours change on a correction.
  const [priced] = await priceLines(tx, event.tenantId, [{ ...old, hours: entry.hours }]);
  if (!priced) throw new Error(`finance.labor: re-pricing entry ${entry.entryId} inserted nothing`);
  const delta: CostedLine = {
    ...priced,
    hours: subtractDecimal(priced.hours, old.hours),
    cost: subtractDecimal(priced.cost, old.cost),
    revenue: subtractDecimal(priced.revenue, old.revenue),
  };
  return delta.hours === zero && delta.cost === zero && delta.revenue === zero ? null : delta;
}

export const laborService = {
  /**
   * Applies one tenant's timesheet events in their order (inside the consumer's RLS transaction):
   * runs of `work.timesheet.logged` are priced together; each resubmission or deletion adjusts its
   * entry's line and announces the signed difference as its own `finance.labor.costed` event
   * (aggregate `LaborBatch`, id = the source event id), in the same transaction.
   */
  async applyTimesheetEvents(tx: Tx, events: TimesheetEvent[]): Promise<void> {
    let logged: EventOf<'work.timesheet.logged'>[] = [];
    for (const event of events) {
      if (!isChangeEvent(event)) {
        logged.push(event);
        continue;
      }
      if (logged.length > 0) await laborService.costTimesheets(tx, logged);
      logged = [];
      const line = await applyChange(tx, event);
      if (!line) continue;
      await emitEvents(tx, outbox, [
        {
          tenantId: event.tenantId,
          type: 'finance.labor.costed',
          aggregateType: 'LaborBatch',
          aggregateId: event.id,
          data: { entries: [line] },
        },
      ]);
    }
    if (logged.length > 0) await laborService.costTimesheets(tx, logged);
  },

  /**
   * Applies `work.timesheet.logged` events of one tenant (inside the consumer's RLS transaction):
   * prices their lines and writes one `finance.labor.costed` event per source event (aggregate
   * `LaborBatch`, id = the source event id) with the lines priced now, in the same transaction.
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
    const priced: CostedLine[] = [];
    for (let i = 0; i < lines.length; i += CHUNK) {
      priced.push(...(await priceLines(tx, tenantId, lines.slice(i, i + CHUNK))));
    }
    const bySource = new Map<string, CostedLine[]>();
    for (const line of priced) {
      const source = sourceOf.get(line.entryId)!;
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

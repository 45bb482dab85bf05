import type { Tx } from '@wg/db';
import { employeeDays, employeeMonths, laborFacts } from '@wg/db/insights';
import type { CostedLine, LaborCostedData } from '@wg/finance/events';
import { type DomainEvent, isValidDate, rootLogger, rules, z } from '@wg/runtime';
import { sql } from 'drizzle-orm';

/** Signed: finance may price a correction (negative hours / amounts) as a line of its own. */
const decimal = z.string().regex(/^-?\d{1,14}(\.\d{1,6})?$/);

const lineSchema = z.object({
  employeeId: rules.uuid(),
  projectId: rules.uuid(),
  date: z.string().refine(isValidDate),
  hours: decimal,
  cost: decimal,
  revenue: decimal,
  // Added with issue #12; events from before carry neither (read as 0).
  unpricedHours: decimal.default('0'),
  unbilledHours: decimal.default('0'),
  currency: z.string().regex(/^[A-Z]{3}$/),
});

export type FactLine = Pick<
  CostedLine,
  'employeeId' | 'projectId' | 'date' | 'hours' | 'cost' | 'revenue' | 'currency'
> & { unpricedHours: string; unbilledHours: string };

/**
 * Folds `finance.labor.costed` events into `labor_facts` (one row per employee, project and month).
 * All lines of the batch travel as one jsonb parameter and are summed in SQL, so a 500-line event
 * (or a batch of many events) is a single statement whatever its size; the upsert adds to what is
 * already there with numeric arithmetic, never through a JavaScript float.
 */
export async function applyLaborCosted(tx: Tx, events: DomainEvent[]): Promise<FactLine[]> {
  // startConsumer dedupes against earlier batches; the same event twice in one batch would
  // still arrive twice, so drop in-batch repeats here.
  const unique = new Map(events.map((e) => [e.id, e] as const));
  const lines: FactLine[] = [];
  for (const event of unique.values()) {
    const entries = (event.data as Partial<LaborCostedData>).entries;
    for (const entry of Array.isArray(entries) ? entries : []) {
      const parsed = lineSchema.safeParse(entry);
      // A malformed line must not wedge the consumer (the batch would be retried forever):
      // skip it and say so, the rest of the event still counts.
      if (parsed.success) lines.push(parsed.data);
      else rootLogger.warn({ eventId: event.id, entry }, 'insights: skipped malformed labour line');
    }
  }
  const tenantId = events[0]?.tenantId;
  if (!tenantId || lines.length === 0) return [];

  // Grouped on the table's key only: one row per key per statement, as ON CONFLICT DO UPDATE
  // requires. A tenant reports in one currency; `min` just picks it, and an existing row keeps its own.
  await tx.execute(sql`
    insert into ${laborFacts} (tenant_id, employee_id, project_id, month, hours, cost, revenue,
      unpriced_hours, unbilled_hours, currency)
    select ${tenantId}::uuid, l."employeeId", l."projectId",
           date_trunc('month', l.date::timestamp)::date,
           sum(l.hours), sum(l.cost), sum(l.revenue), sum(l."unpricedHours"), sum(l."unbilledHours"),
           min(l.currency)
    from jsonb_to_recordset(${JSON.stringify(lines)}::jsonb)
      as l("employeeId" uuid, "projectId" uuid, date date, hours numeric, cost numeric, revenue numeric,
           "unpricedHours" numeric, "unbilledHours" numeric, currency text)
    group by 2, 3, 4
    on conflict (tenant_id, employee_id, project_id, month) do update set
      hours = labor_facts.hours + excluded.hours,
      cost = labor_facts.cost + excluded.cost,
      revenue = labor_facts.revenue + excluded.revenue,
      unpriced_hours = labor_facts.unpriced_hours + excluded.unpriced_hours,
      unbilled_hours = labor_facts.unbilled_hours + excluded.unbilled_hours,
      updated_at = now()
  `);
  // The same lines rolled up per employee and month (what company / department / employee read).
  await tx.execute(sql`
    insert into ${employeeMonths} (tenant_id, employee_id, month, hours, cost, revenue, currency)
    select ${tenantId}::uuid, l."employeeId", date_trunc('month', l.date::timestamp)::date,
           sum(l.hours), sum(l.cost), sum(l.revenue), min(l.currency)
    from jsonb_to_recordset(${JSON.stringify(lines)}::jsonb)
      as l("employeeId" uuid, date date, hours numeric, cost numeric, revenue numeric, currency text)
    group by 2, 3
    on conflict (tenant_id, employee_id, month) do update set
      hours = employee_months.hours + excluded.hours,
      cost = employee_months.cost + excluded.cost,
      revenue = employee_months.revenue + excluded.revenue,
      updated_at = now()
  `);
  // And per employee and day: department figures attribute a line by the department on its date.
  await tx.execute(sql`
    insert into ${employeeDays} (tenant_id, employee_id, date, hours, cost, revenue, currency)
    select ${tenantId}::uuid, l."employeeId", l.date, sum(l.hours), sum(l.cost), sum(l.revenue), min(l.currency)
    from jsonb_to_recordset(${JSON.stringify(lines)}::jsonb)
      as l("employeeId" uuid, date date, hours numeric, cost numeric, revenue numeric, currency text)
    group by 2, 3
    on conflict (tenant_id, employee_id, date) do update set
      hours = employee_days.hours + excluded.hours,
      cost = employee_days.cost + excluded.cost,
      revenue = employee_days.revenue + excluded.revenue,
      updated_at = now()
  `);
  return lines;
}

import type { Tx } from '@wg/db';
import { compensationFacts, reportingCurrencies } from '@wg/db/insights';
import { type DomainEvent, isUuid, isValidDate, rootLogger, rules, z } from '@wg/runtime';
import { sql } from 'drizzle-orm';
import type { ChangedScopes } from './notify';

/**
 * Pay periods per year, to annualise a base salary. The same table finance prices labour with
 * (HOURLY assumes 2080 working hours); copied rather than imported because a subgraph never
 * depends on another subgraph's code — the event contract is the interface.
 */
export const PERIODS_PER_YEAR: Record<string, number> = {
  ANNUAL: 1,
  MONTHLY: 12,
  BIWEEKLY: 26,
  WEEKLY: 52,
  HOURLY: 2080,
};

const compensationSchema = z.object({
  employeeId: rules.uuid(),
  baseSalary: z.string().regex(/^\d{1,14}(\.\d{1,6})?$/),
  currency: z.string().regex(/^[A-Z]{3}$/),
  payFrequency: z.enum(Object.keys(PERIODS_PER_YEAR) as [string, ...string[]]),
  effectiveFrom: z.string().refine(isValidDate),
});

/**
 * finance.compensation.set → `compensation_facts`, one row per compensation (finance keeps history:
 * a new compensation is a new row, effective from its date). The annual salary is computed in SQL
 * numeric (`base × periods per year`), never in a float. Redelivery is a no-op (primary key).
 */
export async function applyCompensationEvents(
  tx: Tx,
  tenantId: string,
  events: DomainEvent[],
  scopes: ChangedScopes,
): Promise<string[]> {
  const rows: Record<string, unknown>[] = [];
  for (const e of events) {
    const parsed = compensationSchema.safeParse(e.data);
    if (!parsed.success || !isUuid(e.aggregate.id)) {
      rootLogger.warn({ eventId: e.id }, 'insights: malformed compensation event skipped');
      continue;
    }
    const c = parsed.data;
    rows.push({
      id: e.aggregate.id,
      employeeId: c.employeeId,
      baseSalary: c.baseSalary,
      periods: PERIODS_PER_YEAR[c.payFrequency],
      currency: c.currency,
      effectiveFrom: c.effectiveFrom,
      recordedAt: e.occurredAt,
    });
    scopes.add('employee', c.employeeId);
  }
  if (rows.length === 0) return [];
  await tx.execute(sql`
    insert into ${compensationFacts}
      (tenant_id, compensation_id, employee_id, annual_salary, currency, effective_from, recorded_at)
    select ${tenantId}::uuid, c.id, c."employeeId", round(c."baseSalary" * c.periods, 2), c.currency,
           c."effectiveFrom", c."recordedAt"
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as c(id uuid, "employeeId" uuid,
      "baseSalary" numeric, periods int, currency text, "effectiveFrom" date, "recordedAt" timestamptz)
    on conflict do nothing`);
  return rows.map((r) => r.employeeId as string);
}

/** finance.settings.currency_set → the tenant's reporting currency (newest event wins). */
export async function applyCurrencyEvents(tx: Tx, tenantId: string, events: DomainEvent[]): Promise<void> {
  const last = events
    .filter((e) => /^[A-Z]{3}$/.test(String((e.data as { currency?: unknown }).currency)))
    .at(-1);
  if (!last) return;
  const version = new Date(last.occurredAt);
  await tx
    .insert(reportingCurrencies)
    .values({ tenantId, currency: String((last.data as { currency: string }).currency), version })
    .onConflictDoUpdate({
      target: reportingCurrencies.tenantId,
      set: { currency: sql`excluded.currency`, version: sql`excluded.version` },
      setWhere: sql`${reportingCurrencies.version} <= excluded.version`,
    });
}

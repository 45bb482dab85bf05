/**
 * @wg/finance/events — the events finance publishes (its outbox), by type. Other subgraphs import
 * these types with `import type` only. `data` is what is listed here; adding an optional field is
 * compatible, renaming or removing one is breaking.
 */
import type { TimesheetLine } from '@wg/work/events';

/** finance.compensation.set — aggregate `Compensation`. Amounts are decimal strings. */
export interface CompensationSetData {
  employeeId: string;
  baseSalary: string;
  currency: string;
  payFrequency: string;
  effectiveFrom: string;
}

/** finance.project_rate.set — aggregate `Project`. */
export interface ProjectRateSetData {
  projectId: string;
  hourlyRate: string;
  currency: string;
}

/**
 * One timesheet line priced by finance. cost and revenue are decimal strings in `currency`
 * (cost = hours × the compensation's hourly equivalent on `date`, revenue = hours × the
 * project's rate). Corrections are signed differences (new − old; a deletion is the negation).
 */
export interface CostedLine extends TimesheetLine {
  cost: string;
  revenue: string;
  currency: string;
}

/** finance.labor.costed — aggregate `LaborBatch`: the priced lines of one timesheet event. */
export interface LaborCostedData {
  entries: CostedLine[];
}

/** finance.settings.currency_set — aggregate `FinanceSettings` (id = tenant id). */
export interface ReportingCurrencySetData {
  currency: string;
}

/** Every event finance publishes: type → payload. */
export interface FinanceEvents {
  'finance.compensation.set': CompensationSetData;
  'finance.project_rate.set': ProjectRateSetData;
  'finance.labor.costed': LaborCostedData;
  'finance.settings.currency_set': ReportingCurrencySetData;
}

export type FinanceEventType = keyof FinanceEvents;

declare module '@wg/runtime/events' {
  interface EventCatalogue extends FinanceEvents {}
}

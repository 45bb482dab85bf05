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
  /** The first day the rate applies to (null: from the beginning); it runs until the next rate's. */
  effectiveFrom?: string | null;
}

/**
 * One timesheet line priced by finance, as it counts in the figures. cost and revenue are decimal
 * strings in `currency` (cost = hours × the hourly equivalent of the compensation effective on
 * `date`, revenue = hours × the project rate effective on `date`). A line that does not count
 * (REJECTED, or dated outside the employee's employment) carries zeros. Every later change — a
 * correction, a review, a deletion, a compensation or rate change covering `date` — is announced
 * as a signed difference (new − old; a deletion is the negation), so the sum of all lines for an
 * entry is what it counts for now.
 */
export interface CostedLine extends TimesheetLine {
  cost: string;
  revenue: string;
  currency: string;
  /** Counted hours priced without a compensation on `date` (their cost is 0). Signed like `hours`. */
  unpricedHours?: string;
  /** Counted hours priced without a billing rate on `date` (their revenue is 0). Signed like `hours`. */
  unbilledHours?: string;
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

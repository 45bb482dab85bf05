import type { Tx } from '@wg/db';
import { entityRefs } from '@wg/db/finance';
import { checkInput, z } from '@wg/runtime';
import { and, eq } from 'drizzle-orm';
import { settingsService } from './settings/settings.service';

/**
 * A positive (or, for rates, non-negative) money amount as a decimal string: at most 2 decimal
 * places and 12 integer digits, which is what numeric(14,2) holds.
 */
export function moneyAmount(options: { allowZero: boolean }) {
  return z.string().superRefine((value, issue) => {
    const fail = (message: string) => issue.addIssue({ code: 'custom', message });
    const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value);
    if (!m) return fail('Must be a decimal string such as "1234.50"');
    const [, minus, whole = '', fraction = ''] = m;
    const zero = /^0*$/.test(whole) && /^0*$/.test(fraction);
    if (minus && !zero) return fail(options.allowZero ? 'Must not be negative' : 'Must be greater than 0');
    if (zero && !options.allowZero) return fail('Must be greater than 0');
    if (fraction.length > 2) return fail('Must have at most 2 decimal places');
    if (whole.replace(/^0+(?=\d)/, '').length > 12) return fail('Must be less than 1000000000000');
  });
}

/** The message every amount in a non-reporting currency gets. */
export const currencyMismatch = (reporting: string) =>
  `Must be the tenant's reporting currency ${reporting}: multi-currency is not supported yet`;

/** Which input field names the priced entity, and how finance knows it (its entity references). */
export interface PricedReference<I> {
  field: keyof I & string;
  entityType: 'Employee' | 'Project';
  unknownMessage: string;
}

/**
 * The checks every priced input shares (a compensation, a project's billing rate), in `tx`:
 * its shape (`schema`), that the entity it prices exists, and that its amount is in the tenant's
 * reporting currency. One BAD_USER_INPUT names every bad field; a field already malformed is not
 * looked up. Returns the parsed input.
 */
export async function checkPricedInput<S extends z.ZodType, I extends { currency: string }>(
  tx: Tx,
  schema: S,
  input: I,
  reference: PricedReference<I>,
): Promise<z.infer<S>> {
  const check = checkInput(schema, input);
  const referenceField = `input.${reference.field}`;
  const [known, reporting] = await Promise.all([
    check.bad(referenceField)
      ? null
      : tx
          .select({ id: entityRefs.id })
          .from(entityRefs)
          .where(
            and(
              eq(entityRefs.entityType, reference.entityType),
              eq(entityRefs.id, String(input[reference.field])),
            ),
          ),
    settingsService.reportingCurrency(tx),
  ]);
  if (known && known.length === 0) check.fail(referenceField, reference.unknownMessage);
  if (!check.bad('input.currency') && input.currency !== reporting) {
    check.fail('input.currency', currencyMismatch(reporting));
  }
  return check.valid();
}

import { z } from 'zod';
import { fromZod } from './errors';
import { isValidDate } from './graphql/scalars';

/** Validates `input` with a zod schema; failure is BAD_USER_INPUT naming every bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, prefix = 'input'): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw fromZod(result.error, prefix);
  return result.data;
}

/** Reusable field rules, so every subgraph words the same problem the same way. */
export const rules = {
  name: (label = 'Name') =>
    z
      .string()
      .trim()
      .min(1, `${label} must not be empty`)
      .max(200, `${label} must be at most 200 characters`),
  email: () => z.string().trim().toLowerCase().pipe(z.email('Must be a valid email address').max(254)),
  date: () => z.string().refine(isValidDate, 'Must be a real calendar date in YYYY-MM-DD form'),
  uuid: () => z.uuid('Must be a valid id'),
  currency: () => z.string().regex(/^[A-Z]{3}$/, 'Must be an ISO-4217 currency code such as EUR'),
  decimal: (opts: { min?: number; max?: number } = {}) =>
    z
      .string()
      .regex(/^\d{1,12}(\.\d{1,2})?$/, 'Must be a decimal string with at most 2 decimal places')
      .refine((v) => opts.min === undefined || Number(v) >= opts.min, `Must be at least ${opts.min}`)
      .refine((v) => opts.max === undefined || Number(v) <= opts.max, `Must be at most ${opts.max}`),
};

export { z };

import { z } from 'zod';
import { badInput, type FieldError, fromZod, zodFieldErrors } from './errors';
import { isValidDate } from './graphql/scalars';
import { UUID_PATTERN } from './ids';

export { isUuid } from './ids';

/** Validates `input` with a zod schema; failure is BAD_USER_INPUT naming every bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, prefix = 'input'): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw fromZod(result.error, prefix);
  return result.data;
}

/**
 * Validation that keeps going: the zod result plus the problems later checks (references, state)
 * add, so one BAD_USER_INPUT names every bad field. `valid()` returns the parsed input or throws.
 *
 *     const check = checkInput(schema, input);
 *     if (!check.bad('input.employeeId') && !(await exists(input.employeeId)))
 *       check.fail('input.employeeId', 'Unknown employee');
 *     const data = check.valid();
 */
export class InputCheck<T> {
  readonly errors: FieldError[];
  constructor(
    private readonly data: T | undefined,
    errors: FieldError[],
  ) {
    this.errors = errors;
  }
  /** Whether a problem is already reported for `field` (skip reference checks on a malformed value). */
  bad(field: string): boolean {
    return this.errors.some((e) => e.field === field);
  }
  fail(field: string, message: string): void {
    this.errors.push({ field, message });
  }
  get ok(): boolean {
    return this.data !== undefined && this.errors.length === 0;
  }
  /** The parsed input, or BAD_USER_INPUT naming everything reported. */
  valid(): T {
    if (this.data === undefined || this.errors.length > 0) throw badInput(this.errors);
    return this.data;
  }
}

export function checkInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  prefix: string | number = 'input',
): InputCheck<z.infer<S>> {
  const result = schema.safeParse(input);
  return result.success
    ? new InputCheck<z.infer<S>>(result.data, [])
    : new InputCheck<z.infer<S>>(undefined, zodFieldErrors(result.error, prefix));
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
  /** An id: the same check as `isUuid`. */
  uuid: () => z.string('Must be a valid id').regex(UUID_PATTERN, 'Must be a valid id'),
  currency: () => z.string().regex(/^[A-Z]{3}$/, 'Must be an ISO-4217 currency code such as EUR'),
  decimal: (opts: { min?: number; max?: number } = {}) =>
    z
      .string()
      .regex(/^\d{1,12}(\.\d{1,2})?$/, 'Must be a decimal string with at most 2 decimal places')
      .refine((v) => opts.min === undefined || Number(v) >= opts.min, `Must be at least ${opts.min}`)
      .refine((v) => opts.max === undefined || Number(v) <= opts.max, `Must be at most ${opts.max}`),
};

export { z };

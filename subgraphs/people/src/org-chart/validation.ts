import { type FieldError, type z, zodFieldErrors } from '@wg/runtime';

/**
 * A zod failure as field errors under `prefix` (`input.name`), one per field: a value that breaks
 * two rules (e.g. "-1" is neither a valid amount nor ≥ 0) is reported once, with the first message.
 */
export function fieldIssues(
  result: { success: boolean; error?: z.ZodError },
  prefix = 'input',
): FieldError[] {
  if (result.success || !result.error) return [];
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const issue of zodFieldErrors(result.error, prefix)) {
    if (seen.has(issue.field)) continue;
    seen.add(issue.field);
    out.push(issue);
  }
  return out;
}

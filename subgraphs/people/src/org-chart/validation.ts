import type { FieldError, z } from '@wg/runtime';

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
  for (const issue of result.error.issues) {
    const field = [prefix, ...issue.path.map(String)].join('.');
    if (seen.has(field)) continue;
    seen.add(field);
    out.push({ field, message: issue.message });
  }
  return out;
}

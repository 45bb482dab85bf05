import { parse } from 'csv-parse/sync';
import { badInput, type FieldError } from './errors';

/** One data row of an import file: its line number in the file and its cells by canonical column. */
export interface CsvRecord {
  /** Line number in the file (the header is line 1; a quoted multi-line cell counts its lines). */
  line: number;
  /** Non-empty cells by canonical column name (trimmed; empty cells are absent). */
  values: Record<string, string>;
}

export interface CsvSpec {
  /** Columns understood, in their canonical spelling; headers match case-insensitively. */
  columns: readonly string[];
  /** Columns every file must have. */
  required?: readonly string[];
  /** At least one column of each group is required (e.g. `['employeeId', 'employeeEmail']`). */
  oneOf?: readonly (readonly string[])[];
  /** Further headers accepted as they are (e.g. people's `custom.<key>`). */
  extra?: RegExp;
  /** Most data rows per file. */
  maxRows: number;
}

/**
 * Reads an import file (RFC 4180 CSV with a header row) for the bulk imports (`importEmployees`,
 * `importTimesheets`): parses with csv-parse, canonicalises header names and refuses a file with
 * unknown or missing columns, no data rows or too many rows, as BAD_USER_INPUT on `csv`.
 */
export function readCsv(csv: string, spec: CsvSpec): CsvRecord[] {
  let parsed: { record: Record<string, string>; info: { lines: number } }[];
  try {
    parsed = parse(csv, {
      columns: (header: string[]) => header.map((h) => h.trim()),
      skip_empty_lines: true,
      trim: true,
      info: true,
      bom: true,
    }) as { record: Record<string, string>; info: { lines: number } }[];
  } catch (error) {
    throw badInput([{ field: 'csv', message: `Not valid CSV: ${(error as Error).message.split('\n')[0]}` }]);
  }
  if (parsed.length === 0) throw badInput([{ field: 'csv', message: 'No data rows' }]);
  if (parsed.length > spec.maxRows) {
    throw badInput([{ field: 'csv', message: `At most ${spec.maxRows} rows per import` }]);
  }
  const canonical = new Map<string, string>();
  const problems: FieldError[] = [];
  for (const header of Object.keys(parsed[0]!.record)) {
    const known = spec.columns.find((c) => c.toLowerCase() === header.toLowerCase());
    if (known) canonical.set(header, known);
    else if (spec.extra?.test(header)) canonical.set(header, header);
    else problems.push({ field: 'csv', message: `Unknown column ${header}` });
  }
  const present = new Set(canonical.values());
  const missing: FieldError[] = [
    ...(spec.required ?? [])
      .filter((column) => !present.has(column))
      .map((column) => ({ field: 'csv', message: `Missing column ${column}` })),
    ...(spec.oneOf ?? [])
      .filter((group) => !group.some((c) => present.has(c)))
      .map((group) => ({ field: 'csv', message: `Missing column: one of ${group.join(', ')}` })),
  ];
  if (missing.length + problems.length > 0) throw badInput([...missing, ...problems]);
  return parsed.map(({ record, info }) => {
    const values: Record<string, string> = {};
    for (const [header, column] of canonical) {
      const cell = record[header];
      if (cell !== undefined && cell !== '') values[column] = cell;
    }
    return { line: info.lines, values };
  });
}

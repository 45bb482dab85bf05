import { describe, expect, it } from 'vitest';
import { readCsv } from './csv';
import { InvalidInputError } from './errors';

const spec = {
  columns: ['employeeEmail', 'projectCode', 'date', 'hours', 'note'],
  required: ['date', 'hours'],
  oneOf: [['employeeEmail', 'employeeId']],
  extra: /^custom\.[a-z]+$/,
  maxRows: 3,
};

const fieldsOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as InvalidInputError).fields.map((f) => `${f.field}: ${f.message}`);
  }
  throw new Error('expected BAD_USER_INPUT');
};

describe('readCsv', () => {
  it('canonicalises headers case-insensitively, trims cells, numbers lines and drops empty cells', () => {
    const rows = readCsv(
      '\uFEFFEMPLOYEEEMAIL, Date ,hours,note,custom.x\n a@x.io ,2026-01-05,7.5,,1\n"b@x.io",2026-01-06,8,"two\nlines",\n',
      spec,
    );
    expect(rows).toEqual([
      { line: 2, values: { employeeEmail: 'a@x.io', date: '2026-01-05', hours: '7.5', 'custom.x': '1' } },
      { line: 4, values: { employeeEmail: 'b@x.io', date: '2026-01-06', hours: '8', note: 'two\nlines' } },
    ]);
  });

  it('names every missing and unknown column at once', () => {
    expect(fieldsOf(() => readCsv('projectCode,colour\nX,red\n', spec))).toEqual([
      'csv: Missing column date',
      'csv: Missing column hours',
      'csv: Missing column: one of employeeEmail, employeeId',
      'csv: Unknown column colour',
    ]);
  });

  it('refuses malformed CSV, a file without data rows and a file over the row limit', () => {
    expect(fieldsOf(() => readCsv('employeeEmail,date,hours\n"a,2026-01-05,1\n', spec))[0]).toMatch(
      /^csv: Not valid CSV: /,
    );
    expect(fieldsOf(() => readCsv('employeeEmail,date,hours\n', spec))).toEqual(['csv: No data rows']);
    const four = 'employeeEmail,date,hours\n' + 'a@x.io,2026-01-05,1\n'.repeat(4);
    expect(fieldsOf(() => readCsv(four, spec))).toEqual(['csv: At most 3 rows per import']);
  });
});

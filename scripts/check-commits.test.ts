import { describe, expect, it } from 'vitest';
import { commitProblems } from './check-commits';

describe('commit message guard', () => {
  it('accepts a short subject with a body', () => {
    expect(
      commitProblems({ parents: 1, message: 'test: faster databases\n\nBecause migrating took 4 s.\n' }),
    ).toEqual([]);
  });

  it('refuses long subjects, missing bodies and a missing blank line', () => {
    const long = `people: ${'x'.repeat(70)}`;
    expect(commitProblems({ parents: 1, message: `${long}\n\nwhy` })).toEqual([
      `subject is ${long.length} characters (max 72); move the rest to the body`,
    ]);
    expect(commitProblems({ parents: 1, message: 'work: fix\n' })).toEqual(['no body saying why']);
    expect(commitProblems({ parents: 1, message: 'work: fix\n\nSigned-off-by: A <a@b.c>\n' })).toEqual([
      'no body saying why',
    ]);
    expect(commitProblems({ parents: 1, message: 'work: fix\nbecause\n' })).toEqual([
      'no blank line after the subject',
    ]);
  });

  it('needs no body for a merge', () => {
    expect(commitProblems({ parents: 2, message: "Merge branch 'main' into infra\n" })).toEqual([]);
  });
});

/**
 * `pnpm check:commits` (run by CI): commit messages since the commit recorded in
 * `.ci/commits-base` follow the house style — a subject of at most 72 characters, then a blank
 * line and a body that says why. Merge commits need no body. History up to the base is already
 * landed and never re-judged (rewriting main is not an option), so the check only ever fails on
 * new commits. `pnpm check:commits <rev>` checks `<rev>..HEAD` instead, e.g. before landing:
 * `pnpm check:commits main`.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const MAX_SUBJECT = 72;

export interface Commit {
  hash: string;
  parents: number;
  message: string;
}

/** What is wrong with one commit message (empty when nothing is). */
export function commitProblems(commit: Pick<Commit, 'parents' | 'message'>): string[] {
  const lines = commit.message.replace(/\s+$/, '').split('\n');
  const subject = lines[0] ?? '';
  const problems: string[] = [];
  if (subject.trim() === '') problems.push('empty subject');
  if (subject.length > MAX_SUBJECT)
    problems.push(`subject is ${subject.length} characters (max ${MAX_SUBJECT}); move the rest to the body`);
  if (lines.length > 1 && (lines[1] ?? '').trim() !== '') problems.push('no blank line after the subject');
  const body = lines
    .slice(1)
    .filter((l) => !/^(Signed-off-by|Co-authored-by|Change-Id):/i.test(l))
    .join('\n')
    .trim();
  if (commit.parents < 2 && body === '') problems.push('no body saying why');
  return problems;
}

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export function commitsSince(base: string): Commit[] {
  // NUL-separated records: hash, parent hashes, raw message.
  const out = git('log', '--format=%H%x00%P%x00%B%x00', `${base}..HEAD`);
  const fields = out.split('\0');
  const commits: Commit[] = [];
  for (let i = 0; i + 2 < fields.length; i += 3) {
    const hash = fields[i]!.trim();
    if (!hash) continue;
    commits.push({
      hash,
      parents: fields[i + 1]!.trim().split(/\s+/).filter(Boolean).length,
      message: fields[i + 2]!,
    });
  }
  return commits;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const base =
    process.argv[2] ??
    readFileSync(join(root, '.ci', 'commits-base'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .find((l) => /^[0-9a-f]{7,40}$/.test(l));
  if (!base) throw new Error('.ci/commits-base holds no commit hash');
  let commits: Commit[];
  try {
    commits = commitsSince(base);
  } catch (error) {
    console.error(
      `cannot list commits since ${base} (a shallow clone needs \`git fetch --unshallow\`): ` +
        String((error as { stderr?: string }).stderr ?? error),
    );
    process.exit(1);
  }
  let bad = 0;
  for (const c of commits) {
    const problems = commitProblems(c);
    if (problems.length === 0) continue;
    bad++;
    console.error(`${c.hash.slice(0, 10)} ${c.message.split('\n')[0]}\n  - ${problems.join('\n  - ')}`);
  }
  if (bad > 0) {
    console.error(
      `\n${bad} of ${commits.length} commit(s) since ${base.slice(0, 12)} break the message rules`,
    );
    process.exit(1);
  }
  console.log(
    `${commits.length} commit(s) since ${base.slice(0, 12)}: subjects <= ${MAX_SUBJECT}, bodies present`,
  );
}

/**
 * `pnpm check:schema` (part of `pnpm check`): every breaking or dangerous change of the public
 * schema since the recorded base must be listed in the README's "Schema changes that break clients"
 * section.
 *
 * - Base: the commit in `schema/base-commit` (the last release). On a clean clone of main that is a
 *   fixed, reachable point — unlike "the previous commit", which would forget a change as soon as
 *   anything else lands on top of it. Cutting a release = write its commit there and start a new list.
 * - Compared: the API schema clients see — `schema/supergraph.graphql` without the federation
 *   machinery (`join__*` / `link__*`, their directives) and without `@inaccessible` elements — at the
 *   base and in the working tree, with graphql-js `findBreakingChanges` and `findDangerousChanges`.
 * - Listed: a change's schema coordinate (`Type`, `Type.field`, `Type.field(arg:)`, `Enum.VALUE`,
 *   `Input.field`) appears in backticks in that section. An argument change is also covered by its
 *   field (`Type.field`), a change to an enum value, input field or union member by its type, and
 *   a root field may be written bare (`users` for `Query.users`).
 *   The check prints the coordinates it misses, ready to paste.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type ASTNode,
  buildASTSchema,
  type DirectiveNode,
  findBreakingChanges,
  findDangerousChanges,
  type GraphQLSchema,
  Kind,
  parse,
  visit,
} from 'graphql';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SUPERGRAPH = 'schema/supergraph.graphql';
const BASE_FILE = 'schema/base-commit';
export const SECTION = 'Schema changes that break clients';

/** The schema clients see: federation machinery and `@inaccessible` elements removed. */
export function apiSchema(supergraphSdl: string): GraphQLSchema {
  const machinery = (name: string) => name.startsWith('join__') || name.startsWith('link__');
  const inaccessible = (node: { directives?: readonly DirectiveNode[] }) =>
    node.directives?.some((d) => d.name.value === 'inaccessible') ?? false;
  const keep = new Set(['deprecated', 'specifiedBy', 'oneOf']);
  const document = visit(parse(supergraphSdl), {
    enter(node: ASTNode) {
      switch (node.kind) {
        case Kind.DIRECTIVE_DEFINITION:
          return keep.has(node.name.value) ? undefined : null;
        case Kind.DIRECTIVE:
          return keep.has(node.name.value) ? undefined : null;
        case Kind.SCHEMA_DEFINITION:
        case Kind.SCHEMA_EXTENSION:
          return undefined;
        case Kind.OBJECT_TYPE_DEFINITION:
        case Kind.INTERFACE_TYPE_DEFINITION:
        case Kind.UNION_TYPE_DEFINITION:
        case Kind.ENUM_TYPE_DEFINITION:
        case Kind.INPUT_OBJECT_TYPE_DEFINITION:
        case Kind.SCALAR_TYPE_DEFINITION:
          return machinery(node.name.value) || inaccessible(node) ? null : undefined;
        case Kind.FIELD_DEFINITION:
        case Kind.INPUT_VALUE_DEFINITION:
        case Kind.ENUM_VALUE_DEFINITION:
          return inaccessible(node) ? null : undefined;
        default:
          return undefined;
      }
    },
  });
  return buildASTSchema(document, { assumeValidSDL: true });
}

export interface SchemaChange {
  kind: 'breaking' | 'dangerous';
  type: string;
  description: string;
  /** The most precise schema coordinate of the change. */
  coordinate: string;
  /** Coordinates whose listing also covers it (the change's own first). */
  accepted: string[];
}

const ident = '[_A-Za-z][_0-9A-Za-z]*';
const ROOT = /^(Query|Mutation|Subscription)\./;
/** graphql-js describes each change in one of these shapes (graphql 16 findBreakingChanges.js). */
const shapes: [RegExp, (m: RegExpMatchArray) => string[]][] = [
  // "T.f arg a was removed." / "T.f arg a has changed type …" / "… defaultValue …"
  [
    new RegExp(`^(${ident})\\.(${ident}) arg (${ident}) `),
    (m) => [`${m[1]}.${m[2]}(${m[3]}:)`, `${m[1]}.${m[2]}`],
  ],
  // "A required arg a on T.f was added." / "An optional arg a on T.f was added."
  [
    new RegExp(`^An? \\w+ arg (${ident}) on (${ident})\\.(${ident}) `),
    (m) => [`${m[2]}.${m[3]}(${m[1]}:)`, `${m[2]}.${m[3]}`],
  ],
  // "A required field f on input type T was added." (and optional)
  [new RegExp(`^An? \\w+ field (${ident}) on input type (${ident}) `), (m) => [`${m[2]}.${m[1]}`, m[2]!]],
  // "V was added to enum type E." / "V was removed from enum type E." / union members
  [
    new RegExp(`^(${ident}) was (?:added to|removed from) (?:enum|union) type (${ident})`),
    (m) => [`${m[2]}.${m[1]}`, m[2]!],
  ],
  // "I added to interfaces implemented by T." / "T no longer implements interface I."
  [new RegExp(`^(${ident}) added to interfaces implemented by (${ident})`), (m) => [m[2]!]],
  [new RegExp(`^(${ident}) no longer implements interface `), (m) => [m[1]!]],
  // "T.f was removed." / "T.f changed type from …"
  [new RegExp(`^(${ident})\\.(${ident}) `), (m) => [`${m[1]}.${m[2]}`]],
  // "T was removed." / "T changed from an Object type to …" / directives
  [new RegExp(`^(${ident}) `), (m) => [m[1]!]],
];

export function schemaChanges(oldSchema: GraphQLSchema, newSchema: GraphQLSchema): SchemaChange[] {
  const describe = (kind: SchemaChange['kind'], type: string, description: string): SchemaChange => {
    for (const [re, coords] of shapes) {
      const m = description.match(re);
      if (m) {
        const own = coords(m);
        // Root fields are usually written bare (`users`, `login(email:)`): accept that too.
        const bare = own.flatMap((c) => (ROOT.test(c) ? [c.replace(ROOT, '')] : []));
        const accepted = [...own, ...bare];
        return { kind, type, description, coordinate: accepted[0]!, accepted };
      }
    }
    return { kind, type, description, coordinate: description, accepted: [description] };
  };
  return [
    ...findBreakingChanges(oldSchema, newSchema).map((c) => describe('breaking', c.type, c.description)),
    ...findDangerousChanges(oldSchema, newSchema).map((c) => describe('dangerous', c.type, c.description)),
  ];
}

/** The backticked spans of the README's breaking-changes section. */
export function listedCoordinates(readme: string): string[] {
  const start = readme.indexOf(`## ${SECTION}`);
  if (start < 0) throw new Error(`README.md has no "## ${SECTION}" section`);
  const rest = readme.slice(start + SECTION.length + 3);
  const end = rest.search(/^## /m);
  const section = end < 0 ? rest : rest.slice(0, end);
  return [...section.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!.trim());
}

/** Is the change covered by a listed span (the coordinate itself, or followed by `(`, `:`, space …)? */
export function isListed(change: SchemaChange, spans: string[]): boolean {
  return change.accepted.some((c) =>
    spans.some((s) => s === c || (s.startsWith(c) && /^[\s(:!{[]/.test(s.slice(c.length)))),
  );
}

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const base = readFileSync(join(root, BASE_FILE), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .find((l) => /^[0-9a-f]{7,40}$/.test(l));
  if (!base) throw new Error(`${BASE_FILE} holds no commit hash`);
  let oldSdl: string;
  try {
    oldSdl = git('show', `${base}:${SUPERGRAPH}`);
  } catch (error) {
    console.error(
      `cannot read ${SUPERGRAPH} at the base commit ${base} (${BASE_FILE}); a shallow clone needs ` +
        `\`git fetch --unshallow\` first.\n${String((error as { stderr?: string }).stderr ?? error)}`,
    );
    process.exit(1);
  }
  const changes = schemaChanges(apiSchema(oldSdl), apiSchema(readFileSync(join(root, SUPERGRAPH), 'utf8')));
  const spans = listedCoordinates(readFileSync(join(root, 'README.md'), 'utf8'));
  const missing = changes.filter((c) => !isListed(c, spans));
  const verbose = process.argv.includes('--list');
  if (verbose || missing.length > 0) {
    for (const c of changes)
      console.log(`${isListed(c, spans) ? 'listed ' : 'MISSING'} ${c.kind.padEnd(9)} ${c.description}`);
  }
  if (missing.length > 0) {
    const coords = [...new Set(missing.map((c) => c.coordinate))];
    console.error(
      `\n${missing.length} schema change(s) since ${base.slice(0, 12)} are not listed in README.md's ` +
        `"${SECTION}" section. Add a line per change saying why, naming it in backticks, e.g.\n\n` +
        coords.map((c) => `- \`${c}\` — <what changed and why>`).join('\n'),
    );
    process.exit(1);
  }
  console.log(`${changes.length} schema change(s) since ${base.slice(0, 12)}, all listed in README.md`);
}

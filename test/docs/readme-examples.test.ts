import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadApiSchema } from '@wg/gateway';
import { type GraphQLSchema, parse, validate } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';

// The README stays true: every ```graphql example in the READMEs must be valid against the
// public API schema composed from the checked-in supergraph.
const root = fileURLToPath(new URL('../..', import.meta.url));
const readmes = [
  'README.md',
  'gateway/README.md',
  'subgraphs/people/README.md',
  'subgraphs/security/README.md',
  'subgraphs/insights/README.md',
  'subgraphs/work/README.md',
  'subgraphs/recruiting/README.md',
];

function examples(file: string): { file: string; line: number; source: string }[] {
  const text = readFileSync(join(root, file), 'utf8');
  const found: { file: string; line: number; source: string }[] = [];
  const fence = /^```graphql\n([\s\S]*?)^```/gm;
  for (let m = fence.exec(text); m; m = fence.exec(text)) {
    found.push({ file, line: text.slice(0, m.index).split('\n').length, source: m[1] ?? '' });
  }
  return found;
}

const all = readmes.flatMap(examples);

describe('README examples', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await loadApiSchema();
  });

  it('has examples to check', () => {
    expect(all.length).toBeGreaterThanOrEqual(5);
  });

  it.each(all.map((e) => [`${e.file}:${e.line}`, e] as const))(
    '%s is valid against the API schema',
    (_, e) => {
      const errors = validate(schema, parse(e.source)).map((err) => err.message);
      expect(errors).toEqual([]);
    },
  );
});

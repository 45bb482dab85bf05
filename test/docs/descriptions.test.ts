import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type DefinitionNode, Kind, parse } from 'graphql';
import { describe, expect, it } from 'vitest';

// ARCHITECTURE: "descriptions on every type and field". Every type, field, argument, input field
// and enum value of the public supergraph carries a description; federation's own machinery
// (join__*, link__*) is not ours to document.
const supergraph = readFileSync(
  fileURLToPath(new URL('../../schema/supergraph.graphql', import.meta.url)),
  'utf8',
);

const machinery = (name: string) => name.startsWith('join__') || name.startsWith('link__');

export function undocumented(sdl: string): string[] {
  const missing: string[] = [];
  for (const def of parse(sdl).definitions as readonly DefinitionNode[]) {
    if (!('name' in def) || !def.name || def.kind === Kind.DIRECTIVE_DEFINITION) continue;
    const type = def.name.value;
    if (machinery(type)) continue;
    if (!('description' in def) || !def.description?.value.trim()) missing.push(`type ${type}`);
    if ('fields' in def) {
      for (const field of def.fields ?? []) {
        if (!field.description?.value.trim()) missing.push(`field ${type}.${field.name.value}`);
        if ('arguments' in field) {
          for (const arg of field.arguments ?? []) {
            if (!arg.description?.value.trim())
              missing.push(`argument ${type}.${field.name.value}(${arg.name.value})`);
          }
        }
      }
    }
    if ('values' in def) {
      for (const value of def.values ?? []) {
        if (!value.description?.value.trim()) missing.push(`enum value ${type}.${value.name.value}`);
      }
    }
  }
  return missing;
}

describe('schema descriptions', () => {
  it('every type, field, argument and enum value of the supergraph has a description', () => {
    expect(undocumented(supergraph)).toEqual([]);
  });

  it('notices a missing description (positive control)', () => {
    expect(undocumented('"A thing." type Thing { "Its id." id: ID! name(upper: Boolean): String }')).toEqual([
      'field Thing.name',
      'argument Thing.name(upper)',
    ]);
    expect(undocumented('enum Colour { "Red." RED BLUE }')).toEqual([
      'type Colour',
      'enum value Colour.BLUE',
    ]);
  });
});

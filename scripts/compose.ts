/**
 * Writes schema/<subgraph>.graphql for every subgraph and composes schema/supergraph.graphql with
 * @apollo/composition, plus what Apollo Client users need from the public (API) schema:
 * schema/possible-types.json (interface/union -> object types, for `possibleTypes`) and
 * schema/type-policies.json (`merge: true` for every id-less value type, for `typePolicies`).
 * `--check` writes nothing and exits 1 when a checked-in file is stale.
 */
import 'reflect-metadata';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { composeServices } from '@apollo/composition';
import { printSubgraphSchema } from '@apollo/subgraph';
import { type GraphQLSchema, isAbstractType, isObjectType, parse } from 'graphql';
import { subgraphs } from './subgraphs';

// SCHEMA_DIR lets the staleness test check a copy without touching the real files.
const schemaDir = process.env.SCHEMA_DIR
  ? `${process.env.SCHEMA_DIR.replace(/\/$/, '')}/`
  : fileURLToPath(new URL('../schema/', import.meta.url));
const check = process.argv.includes('--check');

export async function composeSupergraph() {
  const services = [];
  const files: Record<string, string> = {};
  for (const module of subgraphs) {
    const sdl = printSubgraphSchema(await module.buildSchema());
    files[`${module.name}.graphql`] = `${sdl.trim()}\n`;
    services.push({
      name: module.name,
      url: `http://localhost:${module.defaultPort}/graphql`,
      typeDefs: parse(sdl),
    });
  }
  const result = composeServices(services);
  if (result.errors) {
    throw new Error(`Composition failed:\n${result.errors.map((e) => `  - ${e.message}`).join('\n')}`);
  }
  files['supergraph.graphql'] = `${result.supergraphSdl.trim()}\n`;
  const api = result.schema.toAPISchema().toGraphQLJSSchema();
  files['possible-types.json'] = json(possibleTypes(api));
  files['type-policies.json'] = json(typePolicies(api));
  return { files, hints: result.hints ?? [] };
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
const sorted = (names: Iterable<string>) => [...names].sort((a, b) => a.localeCompare(b));

/** Apollo Client's `possibleTypes`: every interface and union of the public schema -> its object types. */
export function possibleTypes(api: GraphQLSchema): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const name of sorted(Object.keys(api.getTypeMap()))) {
    const type = api.getType(name);
    if (!type || name.startsWith('__') || !isAbstractType(type)) continue;
    out[name] = sorted(api.getPossibleTypes(type).map((t) => t.name));
  }
  return out;
}

/**
 * Apollo Client's `typePolicies`: objects with an `id` normalise on their own (`__typename:id`);
 * every other object type (Money, ProjectFinancials, MonthlyAnalytics, connections, …) is a value
 * owned by its parent field, so a second query selecting other fields of it must merge into what
 * the cache holds instead of replacing it (and warning "Cache data may be lost").
 */
export function typePolicies(api: GraphQLSchema): Record<string, { merge: true }> {
  const roots = new Set(
    [api.getQueryType(), api.getMutationType(), api.getSubscriptionType()].map((t) => t?.name),
  );
  const out: Record<string, { merge: true }> = {};
  for (const name of sorted(Object.keys(api.getTypeMap()))) {
    const type = api.getType(name);
    if (!isObjectType(type) || name.startsWith('__') || roots.has(name) || 'id' in type.getFields()) continue;
    out[name] = { merge: true };
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const { files, hints } = await composeSupergraph();
    const stale: string[] = [];
    for (const [name, content] of Object.entries(files)) {
      const path = `${schemaDir}${name}`;
      const current = existsSync(path) ? readFileSync(path, 'utf8') : null;
      if (current === content) continue;
      if (check) stale.push(name);
      else writeFileSync(path, content);
    }
    if (check && stale.length > 0) {
      console.error(`Stale schema files: ${stale.join(', ')}. Run \`pnpm compose\` and commit the result.`);
      process.exit(1);
    }
    for (const h of hints) console.warn(`hint: ${h.toString()}`);
    console.log(check ? 'schema/ is up to date' : `wrote ${Object.keys(files).length} files to schema/`);
    process.exit(0);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}

/**
 * Gateway guard overhead: `pnpm bench gateway-guard [iterations]`.
 *
 * What the operation limits add to a request before planning: parse + validate against the
 * supergraph's API schema with graphql-js' rules alone, then with our limit rules and the cost
 * estimate, for a realistic cross-subgraph query (the README's first example), GraphiQL's full
 * introspection query and a 101-alias probe. CPU only (no subgraphs). Results:
 * scripts/bench/results/gateway-guard.md.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gatewayConfigFromEnv, limitRules, loadApiSchema, operationCost } from '@wg/gateway';
import { getIntrospectionQuery, parse, specifiedRules, validate } from 'graphql';

const ITERATIONS = Number(process.argv[2] ?? 2000);
const here = dirname(fileURLToPath(import.meta.url));

const schema = await loadApiSchema();
const config = gatewayConfigFromEnv({});
const rules = [...specifiedRules, ...limitRules(config.limits)];

const queries: Record<string, string> = {
  'README cross-subgraph query': /* GraphQL */ `{
    departments { name employees(first: 5) { totalCount edges { node { displayName manager { displayName }
      compensation { baseSalary { amount currency } } hoursLogged } } } openings { title openings } } }`,
  'GraphiQL introspection query': getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }),
  '101-alias probe (refused)': `{ ${Array.from({ length: 101 }, (_, i) => `a${i}: departments { id }`).join(' ')} }`,
};

function time(fn: () => void): number {
  for (let i = 0; i < Math.min(200, ITERATIONS); i++) fn(); // warm-up
  const start = process.hrtime.bigint();
  for (let i = 0; i < ITERATIONS; i++) fn();
  return Number(process.hrtime.bigint() - start) / 1000 / ITERATIONS;
}

const lines = [
  '# Gateway guard overhead',
  '',
  `Command: \`pnpm bench gateway-guard ${ITERATIONS}\` — ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${ITERATIONS} iterations each.`,
  '',
  '| operation | parse + graphql-js validation | + limit rules | + cost estimate | added | cost |',
  '| --- | ---: | ---: | ---: | ---: | ---: |',
];
for (const [name, query] of Object.entries(queries)) {
  const base = time(() => validate(schema, parse(query), specifiedRules));
  const limited = time(() => validate(schema, parse(query, { maxTokens: config.limits.tokens }), rules));
  const withCost = time(() => {
    const document = parse(query, { maxTokens: config.limits.tokens });
    validate(schema, document, rules);
    operationCost(schema, document, undefined, {}, config.defaultListSize);
  });
  const cost = operationCost(schema, parse(query), undefined, {}, config.defaultListSize);
  lines.push(
    `| ${name} | ${base.toFixed(0)} µs | ${limited.toFixed(0)} µs | ${withCost.toFixed(0)} µs | ${(withCost - base).toFixed(0)} µs | ${cost} |`,
  );
}
lines.push(
  '',
  'Measured on the shared 2-core machine while other test suites ran: read the columns relative',
  'to each other, not as absolute latencies.',
  '',
  'Apollo Server caches validated documents by query hash, so a repeated operation pays the',
  'validation part once; the cost estimate runs per request because it depends on the variables.',
);
const out = join(here, 'results', 'gateway-guard.md');
writeFileSync(out, `${lines.join('\n')}\n`);
console.log(lines.join('\n'));
console.log(`\nwritten to ${out}`);

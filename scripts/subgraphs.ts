import { DOMAINS, type Domain } from '@wg/db/domains';
import type { SubgraphModule } from '@wg/runtime';

/**
 * Every subgraph, in port order (people 4001 … insights 4006): one per entry of DOMAINS
 * (drizzle/domains.ts), loaded from its package `@wg/<domain>`, which exports `<domain>Subgraph`.
 * A new subgraph needs no line here.
 */
async function load(domain: Domain): Promise<SubgraphModule<never>> {
  const module = (await import(`@wg/${domain}`)) as Record<string, unknown>;
  const subgraph = module[`${domain}Subgraph`];
  if (!subgraph) throw new Error(`@wg/${domain} does not export ${domain}Subgraph`);
  return subgraph as SubgraphModule<never>;
}

// One after another, in DOMAINS order, so module evaluation order is the same on every run.
export const subgraphs: SubgraphModule<never>[] = [];
for (const domain of DOMAINS) subgraphs.push(await load(domain));

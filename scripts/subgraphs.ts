import { financeSubgraph } from '@wg/finance';
import { insightsSubgraph } from '@wg/insights';
import { peopleSubgraph } from '@wg/people';
import { recruitingSubgraph } from '@wg/recruiting';
import type { SubgraphModule } from '@wg/runtime';
import { securitySubgraph } from '@wg/security';
import { workSubgraph } from '@wg/work';

/** Every subgraph, in port order (people 4001 … insights 4006). Add a new one here. */
export const subgraphs: SubgraphModule<never>[] = [
  peopleSubgraph,
  workSubgraph,
  financeSubgraph,
  recruitingSubgraph,
  securitySubgraph,
  insightsSubgraph,
] as SubgraphModule<never>[];

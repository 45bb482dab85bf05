import 'reflect-metadata';
import { runSubgraph } from '@wg/runtime';
import { insightsSubgraph } from './index';

await runSubgraph(insightsSubgraph);

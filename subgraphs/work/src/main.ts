import 'reflect-metadata';
import { runSubgraph } from '@wg/runtime';
import { workSubgraph } from './index';

await runSubgraph(workSubgraph);

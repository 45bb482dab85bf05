import 'reflect-metadata';
import { runSubgraph } from '@wg/runtime';
import { recruitingSubgraph } from './index';

await runSubgraph(recruitingSubgraph);

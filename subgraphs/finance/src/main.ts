import 'reflect-metadata';
import { runSubgraph } from '@wg/runtime';
import { financeSubgraph } from './index';

await runSubgraph(financeSubgraph);

import 'reflect-metadata';
import { runSubgraph } from '@wg/runtime';
import { securitySubgraph } from './index';

await runSubgraph(securitySubgraph);

import 'reflect-metadata';
import { runSubgraph } from '@wg/runtime';
import { peopleSubgraph } from './index';

await runSubgraph(peopleSubgraph);

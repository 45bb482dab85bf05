// @wg/runtime/subgraph — running a subgraph: the SubgraphModule contract, the request context
// and loaders, the HTTP server (with health and metrics) and `runSubgraph` for a main.ts.
import 'reflect-metadata';

export * from '../context';
export * from '../loaders';
export * from '../subgraph';
export * from './run';
export * from './subgraph-server';

// @wg/runtime/jobs — durable jobs in each subgraph's own `jobs` table (see the runtime README).
// Not re-exported by the `@wg/runtime` barrel: only subgraphs that run jobs load it.
export * from './jobs';
export * from './runner';
export * from './schedules';

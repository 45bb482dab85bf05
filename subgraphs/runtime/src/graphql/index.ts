// @wg/runtime/graphql — what a subgraph's types and resolvers use: the schema builder, shared
// scalars, connection/pagination types and field-level permissions.
// type-graphql's decorators need the Reflect metadata API before any decorated class loads.
import 'reflect-metadata';

export * from '../auth/field-permission';
export * from './build-schema';
export * from './pagination';
export * from './scalars';

// type-graphql's decorators need the Reflect metadata API before any decorated class loads.
import 'reflect-metadata';

export * from './auth/access-token';
export * from './auth/field-permission';
export * from './auth/identity';
export * from './auth/internal-token';
export * from './auth/permissions';
export * from './clock';
export * from './config';
export * from './context';
export * from './crypto/field-encryption';
export * from './errors';
export * from './events/bus';
export * from './events/consumer';
export * from './events/contracts';
export * from './events/outbox';
export * from './events/relay';
export * from './events/types';
export * from './graphql/build-schema';
export * from './graphql/pagination';
export * from './graphql/scalars';
export * from './http/metrics';
export * from './http/run';
export * from './http/subgraph-server';
export * from './loaders';
export * from './logger';
export * from './subgraph';
export * from './validation';

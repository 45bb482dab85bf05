export * from './client';
export { DOMAIN_SCHEMAS, migrate, migrationsFolder } from './migrate';
export * from './pglite-snapshot';
export * as schema from './schema/index';

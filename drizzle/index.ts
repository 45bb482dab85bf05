export * from './client';
export { DOMAIN_SCHEMAS, migrate, migrationsFolder } from './migrate';
export * as schema from './schema/index';

export * from './client';
export { migrate, DOMAIN_SCHEMAS, migrationsFolder } from './migrate';
export * as schema from './schema/index';

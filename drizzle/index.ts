export * from './client';
export { DOMAINS, type Domain } from './domains';
export { DOMAIN_SCHEMAS, migrate, migrationsFolder } from './migrate';
export * from './pglite-snapshot';
// Every domain's tables, for scripts and cross-domain tests. Subgraphs import their own domain
// (`@wg/db/<domain>`); `pnpm check:imports` refuses this namespace there.
export * as schema from './schema/index';

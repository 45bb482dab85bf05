/**
 * The domains, in port order (people 4001 … insights 4006). This is the one list: each name is
 * a subgraph folder (`subgraphs/<name>`, package `@wg/<name>`), a PostgreSQL schema and a table
 * module (`drizzle/schema/<name>.ts`, imported as `@wg/db/<name>`). drizzle.config.ts, migrate(),
 * scripts/subgraphs.ts, the import-boundary check and the subgraph URLs all derive from it.
 */
export const DOMAINS = ['people', 'work', 'finance', 'recruiting', 'security', 'insights'] as const;

export type Domain = (typeof DOMAINS)[number];

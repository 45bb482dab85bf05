import { defineConfig } from 'drizzle-kit';
import { DOMAINS } from './domains';

// Generation only: migrations are applied at start-up with drizzle's `migrate()` (see migrate.ts),
// never with `drizzle-kit push`.
export default defineConfig({
  dialect: 'postgresql',
  schema: DOMAINS.map((domain) => `./drizzle/schema/${domain}.ts`),
  out: './drizzle/migrations',
  schemaFilter: [...DOMAINS],
  casing: 'snake_case',
});

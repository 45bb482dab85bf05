import { defineConfig } from 'drizzle-kit';

// Generation only: migrations are applied at start-up with drizzle's `migrate()` (see migrate.ts),
// never with `drizzle-kit push`.
export default defineConfig({
  dialect: 'postgresql',
  schema: [
    './drizzle/schema/people.ts',
    './drizzle/schema/work.ts',
    './drizzle/schema/finance.ts',
    './drizzle/schema/recruiting.ts',
    './drizzle/schema/security.ts',
    './drizzle/schema/insights.ts',
  ],
  out: './drizzle/migrations',
  schemaFilter: ['people', 'work', 'finance', 'recruiting', 'security', 'insights'],
  casing: 'snake_case',
});

import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Two projects, as in Hive Gateway's own suite: co-located unit/integration tests per package,
// and end-to-end scenarios that go through the gateway.
export default defineConfig({
  resolve: {
    // graphql 16 ships CJS (`main`) and ESM (`module`). Node loads the CJS build for dependencies
    // while Vite would pick the ESM one for our sources: two graphql instances break `instanceof`.
    // Point everything at the build Node uses, as at run time under tsx.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    // One fork per core: test files each start a database (a PGlite copy of a migrated snapshot,
    // or a PostgreSQL clone of a migrated template) and a server, which is CPU-bound work; more
    // forks than cores only thrash.
    maxWorkers: availableParallelism(),
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        // `extends: true` so the timeouts and worker limits above apply inside each project.
        extends: true,
        test: {
          name: 'unit',
          include: [
            'subgraphs/*/src/**/*.test.ts',
            'gateway/src/**/*.test.ts',
            'drizzle/**/*.test.ts',
            'scripts/**/*.test.ts',
          ],
          setupFiles: ['./test/setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/**/*.test.ts'],
          exclude: ['**/node_modules/**', 'test/faults/**'],
          setupFiles: ['./test/setup.ts'],
        },
      },
      {
        // Restarts and kills its own PostgreSQL, Redis and platform processes (test/faults/README.md).
        extends: true,
        test: {
          name: 'faults',
          include: ['test/faults/**/*.test.ts'],
          setupFiles: ['./test/setup.ts'],
          testTimeout: 240_000,
        },
      },
    ],
  },
});

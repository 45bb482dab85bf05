import { defineConfig } from 'vitest/config';

// Two projects, as in Hive Gateway's own suite: co-located unit/integration tests per package,
// and end-to-end scenarios that go through the gateway.
export default defineConfig({
  test: {
    // Subgraph tests each boot a database; on a 2-core machine more forks only thrash.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['subgraphs/*/src/**/*.test.ts', 'gateway/src/**/*.test.ts', 'drizzle/**/*.test.ts', 'scripts/**/*.test.ts'],
          setupFiles: ['./test/setup.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/**/*.test.ts'],
          setupFiles: ['./test/setup.ts'],
        },
      },
    ],
  },
});

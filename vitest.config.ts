import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['graph/**/*.test.ts', 'services/**/*.test.ts', 'web/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
          // Property tests run thousands of cases: give them room on a busy 2-core machine.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['graph/**/*.int.test.ts', 'services/**/*.int.test.ts', 'web/**/*.int.test.ts'],
          exclude: ['**/node_modules/**'],
          globalSetup: ['graph/test/global-setup.ts'],
          // One database: files run one after another, each resetting the data it uses.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});

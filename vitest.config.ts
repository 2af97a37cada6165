import { defineConfig } from 'vitest/config';

// Tests run from TypeScript sources: every package exports a "source" condition pointing at src/.
// (Top-level resolve.conditions does not apply to node tests; ssr.resolve does.)
const ssr = { resolve: { conditions: ['source'] } };

export default defineConfig({
  test: {
    projects: [
      {
        ssr,
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'test/src/**/*.test.ts'],
          exclude: ['**/*.engine.test.ts', '**/node_modules/**', '**/dist/**'],
        },
      },
      {
        ssr,
        test: {
          // Tests that drive a real Docker engine: one file at a time on 2-core machines.
          name: 'engine',
          include: ['packages/*/src/**/*.engine.test.ts', 'test/src/**/*.engine.test.ts'],
          fileParallelism: false,
          // The CLI's engine tests spawn the built binary: build the workspace once before them.
          globalSetup: ['packages/cli/src/build-global-setup-test-utils.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});

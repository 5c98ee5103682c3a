import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    globalSetup: ['test/setup/drop-test-schemas.ts', 'test/setup/pglite-template.ts'],
    setupFiles: ['test/setup/quiet-logs.ts', 'test/setup/store-database.ts'],
  },
});

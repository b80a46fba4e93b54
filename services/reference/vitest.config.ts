import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Some tests start the services as child processes; on a loaded 2-core machine that takes seconds.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Synthesising a stack takes seconds on a busy machine; the CLI run takes longer still.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

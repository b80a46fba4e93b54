import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Test files of a worker share modules, so a synthesised template (test/synth.ts) is built once.
    isolate: false,
    // Synthesising a stack takes seconds on a busy machine; the CLI run takes longer still.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

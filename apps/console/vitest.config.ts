import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Dates are shown in the viewer's zone; the tests pin one.
    env: { TZ: 'UTC' },
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Conformance runs start one AWS DynamoDB Local JVM per file; on a busy machine that takes seconds.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // Inherited by the DynamoDB Local JVM, which otherwise sends usage telemetry to AWS.
      DDB_LOCAL_TELEMETRY: '0',
    },
  },
});

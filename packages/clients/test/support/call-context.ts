import type { CallContext, CallRecord } from '../../src/index';

/** A call context with a generous deadline whose per-call sink collects the attempts. */
export function recordingContext(overrides: Partial<CallContext> = {}): {
  ctx: CallContext;
  records: CallRecord[];
} {
  const records: CallRecord[] = [];
  const ctx: CallContext = {
    deadline: Date.now() + 10_000,
    requestId: 'req-test-1',
    sink: (record) => records.push(record),
    ...overrides,
  };
  return { ctx, records };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls a condition the test cannot await directly (e.g. "the server has received the request"). */
export async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await sleep(5);
}

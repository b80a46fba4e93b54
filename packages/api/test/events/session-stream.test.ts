import { describe, expect, it } from 'vitest';
import { followSessionEvents, type StreamedRequest } from '../../src/events/session-stream';
import { eventsOfRequest } from '../../src/events/workflow-events';
import type { WorkflowRecord } from '../../src/workflow/record';
import { clarifiedRunCheckpoints } from '../workflow/clarified-run';

/** A stored request that counts how often its record is read. */
function counted(record: WorkflowRecord, version: number, reads: { count: number }): StreamedRequest {
  return {
    request_id: 'r1',
    request_type: 'search',
    version,
    get workflow_state() {
      reads.count += 1;
      return record;
    },
  };
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 1));
}

describe('following a session', () => {
  it("decodes a request's record once per version, however often an unchanged request is polled", async () => {
    const records = await clarifiedRunCheckpoints();
    const midway = records.find((record) => record.current === 'CLARIFICATION')!;
    const final = records.at(-1)!;
    const reads = { count: 0 };
    let current = counted(midway, 1, reads);
    let polls = 0;
    const controller = new AbortController();
    const stream = followSessionEvents({
      loadRequests: async () => {
        polls += 1;
        return [current];
      },
      pollMs: 1,
      signal: controller.signal,
    });

    const before = eventsOfRequest({ request_id: 'r1', workflow_state: midway });
    for (let i = 0; i < before.length; i += 1) await stream.next();
    const waiting = stream.next();
    await until(() => polls >= 5);
    expect(reads.count).toBe(1);

    current = counted(final, 2, reads);
    const next = await waiting;
    controller.abort();
    expect(next.value?.event).toEqual(
      eventsOfRequest({ request_id: 'r1', workflow_state: final })[before.length],
    );
    expect(reads.count).toBe(2);
  });
});

import { describe, expect, it } from 'vitest';
import { decodeEventId, encodeEventId, eventsOfRequest, newEvents } from '../../src/events/workflow-events';
import { clarifiedRunCheckpoints } from '../workflow/clarified-run';

describe('workflow events', () => {
  it('are an append-only sequence as the record grows', async () => {
    const records = await clarifiedRunCheckpoints();
    let previous: ReturnType<typeof eventsOfRequest> = [];
    for (const record of records) {
      const events = eventsOfRequest({ request_id: 'r1', workflow_state: record });
      expect(events.slice(0, previous.length)).toEqual(previous);
      previous = events;
    }
    const kinds = previous.map((e) => (e.type === 'state_entered' ? e.state : e.type));
    // Scripted activities make no HTTP calls, so there are no call_finished events here.
    expect(kinds).toEqual([
      'INITIAL',
      'REQUIREMENT_BUILDING',
      'CLARIFICATION',
      'clarification_asked',
      'REQUIREMENT_BUILDING',
      'SEARCHING',
      'RANKING',
      'COMPLETED',
      'completed',
    ]);
  });

  it('resume exactly after the last event seen', async () => {
    const records = await clarifiedRunCheckpoints();
    const final = [{ request_id: 'r1', workflow_state: records.at(-1) }];
    const all = newEvents(final, []).events;
    const resumed = newEvents(final, decodeEventId(all[3]!.id)).events;
    expect(resumed.map((e) => e.event)).toEqual(all.slice(4).map((e) => e.event));
    expect(newEvents(final, decodeEventId(all.at(-1)!.id)).events).toEqual([]);
  });

  it('ignore ids they did not issue', () => {
    expect(decodeEventId('garbage')).toEqual([]);
    expect(decodeEventId(encodeEventId([3, 4]))).toEqual([3, 4]);
  });
});

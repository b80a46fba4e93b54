import { describe, expect, it } from 'vitest';
import { decodeEventId, encodeEventId, eventsOfRequest, newEvents } from '../../src/events/workflow-events';
import { createRuleBasedExtractor, DEFAULT_VOCABULARY } from '../../src/requirements';
import { newRecord, type WorkflowRecord } from '../../src/workflow/record';
import { runWorkflow } from '../../src/workflow/run';
import { scriptedActivities, workflowInput } from '../workflow/scripted-activities';

const extractor = createRuleBasedExtractor(DEFAULT_VOCABULARY);
const input = workflowInput({ text: 'something nice' });

/** A clarified run, checkpoint by checkpoint: the records a subscriber would read one after another. */
async function checkpoints(): Promise<WorkflowRecord[]> {
  const { activities, checkpoints: saved } = scriptedActivities({});
  const first = await runWorkflow(input, newRecord(new Date(Date.UTC(2026, 0, 1))), [], {
    activities,
    extractor,
    policy: { maxClarificationRounds: 2 },
  });
  await runWorkflow(input, first.record, [{ text: 'shoes under 100' }], {
    activities,
    extractor,
    policy: { maxClarificationRounds: 2 },
  });
  return saved;
}

describe('workflow events', () => {
  it('are an append-only sequence as the record grows', async () => {
    const records = await checkpoints();
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
    const records = await checkpoints();
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

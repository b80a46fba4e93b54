import { createRuleBasedExtractor, DEFAULT_VOCABULARY } from '../../src/requirements';
import { newRecord, type WorkflowRecord } from '../../src/workflow/record';
import { runWorkflow } from '../../src/workflow/run';
import { scriptedActivities, workflowInput } from './scripted-activities';

/**
 * A vague search that asks a question and completes once answered, checkpoint by checkpoint: the records a
 * follower of the request's events reads one after another.
 */
export async function clarifiedRunCheckpoints(): Promise<WorkflowRecord[]> {
  const deps = {
    extractor: createRuleBasedExtractor(DEFAULT_VOCABULARY),
    policy: { maxClarificationRounds: 2 },
  };
  const input = workflowInput({ text: 'something nice' });
  const { activities, checkpoints } = scriptedActivities({});
  const first = await runWorkflow(input, newRecord(new Date(Date.UTC(2026, 0, 1))), [], {
    activities,
    ...deps,
  });
  await runWorkflow(input, first.record, [{ text: 'shoes under 100' }], { activities, ...deps });
  return checkpoints;
}

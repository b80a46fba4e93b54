import { itemSizeBytes } from '@talknshop/db';
import { describe, expect, it } from 'vitest';
import { createRuleBasedExtractor, DEFAULT_VOCABULARY } from '../../src/requirements';
import { newRecord, WorkflowRecordSchema } from '../../src/workflow/record';
import { runWorkflow } from '../../src/workflow/run';
import { readableWorkflowState, storedRecord } from '../../src/workflow/stored-record';
import { hit, scriptedActivities, workflowInput } from './scripted-activities';

const extractor = createRuleBasedExtractor(DEFAULT_VOCABULARY);

async function completedRecord() {
  const products = Array.from({ length: 12 }, (_, i) => hit(`p${i}`));
  const { activities } = scriptedActivities({
    searches: [() => ({ ok: true, value: { products, total: products.length, next_cursor: null } })],
  });
  const { record } = await runWorkflow(
    workflowInput({ text: 'red running shoes under $150' }),
    newRecord(new Date(Date.UTC(2026, 11, 2))),
    [],
    { activities, extractor, policy: { maxClarificationRounds: 2 } },
  );
  return record;
}

describe('the stored workflow record', () => {
  it('keeps the recorded responses as one compressed binary and reads back the same record', async () => {
    const record = await completedRecord();
    const stored = await storedRecord(record);
    expect(stored.activities).toBeInstanceOf(Uint8Array);
    expect(stored.history).toEqual(record.history);
    expect(WorkflowRecordSchema.parse(stored)).toEqual(record);
  });

  it('costs DynamoDB far fewer bytes than the plain record', async () => {
    const record = await completedRecord();
    const plain = itemSizeBytes({ workflow_state: record });
    const stored = itemSizeBytes({ workflow_state: await storedRecord(record) });
    expect(stored).toBeLessThan(plain / 2);
  });

  it('still reads records stored before compression, with the list inline', async () => {
    const record = await completedRecord();
    expect(WorkflowRecordSchema.parse(structuredClone(record))).toEqual(record);
  });

  it('refuses a record whose compressed responses are damaged', async () => {
    const stored = await storedRecord(await completedRecord());
    const damaged = { ...stored, activities: new Uint8Array([1, 2, 3]) };
    expect(WorkflowRecordSchema.safeParse(damaged).success).toBe(false);
  });

  it('shows operators the responses as JSON', async () => {
    const record = await completedRecord();
    const readable = readableWorkflowState(await storedRecord(record));
    expect(readable.activities).toEqual(JSON.parse(JSON.stringify(record.activities)));
  });
});

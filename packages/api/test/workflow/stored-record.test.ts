import { gzipSync } from 'node:zlib';
import { itemSizeBytes } from '@talknshop/db';
import { describe, expect, it } from 'vitest';
import { createRuleBasedExtractor, DEFAULT_VOCABULARY } from '../../src/requirements';
import { newRecord, StoredWorkflowRecordSchema, type WorkflowRecord } from '../../src/workflow/record';
import { runWorkflow } from '../../src/workflow/run';
import {
  PACKED_RECORD_ENCODING,
  readableWorkflowState,
  storedRecord,
} from '../../src/workflow/stored-record';
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

/** How records were stored before they were packed whole: a map, the recorded responses compressed alone. */
function storedWithActivitiesCompressed(record: WorkflowRecord) {
  return { ...structuredClone(record), activities: gzipSync(JSON.stringify(record.activities)) };
}

describe('the stored workflow record', () => {
  it('is the whole record as one compressed binary, read back as the same record', async () => {
    const record = await completedRecord();
    const stored = storedRecord(record);
    expect(Object.keys(stored).sort()).toEqual(['encoding', 'record']);
    expect(stored.encoding).toBe(PACKED_RECORD_ENCODING);
    expect(stored.record).toBeInstanceOf(Uint8Array);
    expect(StoredWorkflowRecordSchema.parse(stored)).toEqual(record);
  });

  it('costs DynamoDB far fewer bytes than the plain record', async () => {
    const record = await completedRecord();
    const plain = itemSizeBytes({ workflow_state: record });
    const stored = itemSizeBytes({ workflow_state: storedRecord(record) });
    expect(stored).toBeLessThan(plain / 2);
  });

  it('still reads records stored as maps, with the responses inline or compressed alone', async () => {
    const record = await completedRecord();
    expect(StoredWorkflowRecordSchema.parse(structuredClone(record))).toEqual(record);
    expect(StoredWorkflowRecordSchema.parse(storedWithActivitiesCompressed(record))).toEqual(record);
  });

  it('refuses a record whose compressed bytes are damaged, in either format', async () => {
    const record = await completedRecord();
    const damaged = { ...storedRecord(record), record: new Uint8Array([1, 2, 3]) };
    expect(StoredWorkflowRecordSchema.safeParse(damaged).success).toBe(false);
    const damagedMap = { ...storedWithActivitiesCompressed(record), activities: new Uint8Array([1, 2, 3]) };
    expect(StoredWorkflowRecordSchema.safeParse(damagedMap).success).toBe(false);
  });

  it('shows operators the record as JSON, in either format', async () => {
    const record = await completedRecord();
    const json = JSON.parse(JSON.stringify(record));
    expect(readableWorkflowState(storedRecord(record))).toEqual(json);
    expect(readableWorkflowState(storedWithActivitiesCompressed(record) as never)).toEqual(json);
  });
});

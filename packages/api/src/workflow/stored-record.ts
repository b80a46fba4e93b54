import { gunzipSync, gzipSync } from 'node:zlib';
import type { JsonObject } from '@talknshop/db';
import type { WorkflowRecord } from './record';

/**
 * The record as a request item stores it in `workflow_state`. The recorded downstream responses
 * (`activities`) are most of a record's bytes, and only a replay or a resumed run reads them: they are kept
 * as one gzip-compressed JSON binary inside the map. That is about a quarter of their size in DynamoDB (and
 * of what a write is billed for), and one attribute for the SDK and the engine to (de)serialise instead of
 * several hundred. Everything an operator or a query looks at stays a plain map.
 */
export function storedRecord(record: WorkflowRecord): JsonObject {
  return { ...record, activities: encodeActivities(record.activities) } as unknown as JsonObject;
}

function encodeActivities(activities: WorkflowRecord['activities']): Uint8Array | never[] {
  // The fastest level: it keeps most of the size gain at a fraction of the default level's CPU.
  return activities.length === 0 ? [] : gzipSync(JSON.stringify(activities), { level: 1 });
}

/** What `storedRecord` wrote (or a plain list) back as the list; `WorkflowRecordSchema` then checks it. */
export function decodeActivities(stored: unknown): unknown {
  if (!(stored instanceof Uint8Array)) return stored;
  try {
    return JSON.parse(gunzipSync(stored).toString('utf8'));
  } catch {
    // Left as it is, so the schema reports a broken record instead of this throwing.
    return stored;
  }
}

/** A stored `workflow_state` with its activities readable, for the operator console's raw JSON view. */
export function readableWorkflowState(stored: JsonObject): JsonObject {
  if (!(stored.activities instanceof Uint8Array)) return stored;
  return { ...stored, activities: decodeActivities(stored.activities) } as JsonObject;
}

import { promisify } from 'node:util';
import { gunzipSync, gzip } from 'node:zlib';
import type { JsonObject } from '@talknshop/db';
import type { WorkflowRecord } from './record';

const gzipAsync = promisify(gzip);

/**
 * The record as a request item stores it in `workflow_state`. The recorded downstream responses
 * (`activities`) are most of a record's bytes, and only a replay or a resumed run reads them: they are kept
 * as one gzip-compressed JSON binary inside the map. That is about a quarter of their size in DynamoDB (and
 * of what a write is billed for), and one attribute for the SDK and the engine to (de)serialise instead of
 * several hundred. Everything an operator or a query looks at stays a plain map.
 */
export async function storedRecord(record: WorkflowRecord): Promise<JsonObject> {
  // The record is read now, before the compression's await: a caller may change it meanwhile.
  const { activities, ...fields } = record;
  const json = activities.length === 0 ? null : JSON.stringify(activities);
  return { ...fields, activities: await compress(json) } as unknown as JsonObject;
}

/**
 * On libuv's thread pool rather than the event loop: under load the orchestrator is bound by its one
 * JavaScript thread, and compression is a sizeable share of that thread's work per request. The fastest
 * level keeps most of the size gain at a fraction of the default level's CPU.
 */
async function compress(json: string | null): Promise<Uint8Array | never[]> {
  return json === null ? [] : gzipAsync(json, { level: 1 });
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

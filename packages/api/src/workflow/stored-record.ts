import { gunzipSync, gzipSync } from 'node:zlib';
import type { JsonObject } from '@talknshop/db';
import type { WorkflowRecord } from './record';

/** `workflow_state.encoding` of a record stored whole, as one gzip-compressed JSON binary. */
export const PACKED_RECORD_ENCODING = 'gzip-json';

/**
 * The record as a request item stores it in `workflow_state`: `{ encoding, record }`, the whole record as one
 * gzip-compressed JSON binary. Only the orchestrator reads it back (queries and console filters use the
 * item's top-level `status` and `state`; the console is shown it decoded, see `readableWorkflowState`).
 * Stored as a map, its few hundred values (history, steps, calls, the recorded responses) were the largest
 * share of the SDK's per-write CPU, marshalled and serialised one by one; packed, they are one attribute,
 * and about a quarter of the bytes a write is billed for.
 *
 * The fastest level keeps most of the size gain at a fraction of the default level's CPU. Synchronous on
 * purpose: zlib's asynchronous one-shot API drives a stream per call, and measured here that costs the
 * event loop several times the whole synchronous compression of a searched record (~23 KB of JSON).
 */
export function storedRecord(record: WorkflowRecord): JsonObject {
  return {
    encoding: PACKED_RECORD_ENCODING,
    record: gzipSync(JSON.stringify(record), { level: 1 }),
  } as unknown as JsonObject;
}

/**
 * A stored `workflow_state` as the plain record map, for `WorkflowRecordSchema` to check. Maps written before
 * records were packed are returned as they are; damaged data too, so the schema reports a broken record
 * instead of this throwing.
 */
export function unpackedWorkflowState(stored: unknown): unknown {
  if (!isPacked(stored)) return stored;
  try {
    return JSON.parse(gunzipSync(stored.record).toString('utf8'));
  } catch {
    return stored;
  }
}

function isPacked(stored: unknown): stored is { encoding: string; record: Uint8Array } {
  return (
    typeof stored === 'object' &&
    stored !== null &&
    (stored as { encoding?: unknown }).encoding === PACKED_RECORD_ENCODING &&
    (stored as { record?: unknown }).record instanceof Uint8Array
  );
}

/**
 * The list of recorded responses of a record map. Maps written before records were packed whole kept the
 * list alone as a gzip-compressed JSON binary; it is decoded here, and anything unreadable left as it is.
 */
export function decodeActivities(stored: unknown): unknown {
  if (!(stored instanceof Uint8Array)) return stored;
  try {
    return JSON.parse(gunzipSync(stored).toString('utf8'));
  } catch {
    return stored;
  }
}

/** A stored `workflow_state` as plain JSON, for the operator console's raw view. */
export function readableWorkflowState(stored: JsonObject): JsonObject {
  const unpacked = unpackedWorkflowState(stored);
  if (typeof unpacked !== 'object' || unpacked === null) return stored;
  const record = unpacked as JsonObject;
  return record.activities instanceof Uint8Array
    ? ({ ...record, activities: decodeActivities(record.activities) } as JsonObject)
    : record;
}

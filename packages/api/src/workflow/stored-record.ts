import { gunzipSync, gzipSync } from 'node:zlib';
import type { RankedProduct, SearchHit } from '@talknshop/contracts';
import type { JsonObject } from '@talknshop/db';
import type { ActivityRecord, WorkflowRecord } from './record';

/** `workflow_state.encoding` of a record stored whole, as one gzip-compressed JSON binary. */
export const PACKED_RECORD_ENCODING = 'gzip-json';
/** `workflow_state.encoding` of a record stored whole as JSON text: a small one, see `storedRecord`. */
export const PLAIN_RECORD_ENCODING = 'json';

/**
 * Below this many characters of JSON a record is stored as text. Every zlib call has a fixed cost (a stream
 * object and a compressor's state, some 256 KB, set up and torn down): timed under load, compressing a new
 * request's first checkpoint (~700 characters) took about half as long as compressing its final one
 * (~23 KB), to save a few hundred bytes.
 */
const COMPRESSED_FROM_CHARS = 2048;

/**
 * The record as a request item stores it in `workflow_state`: `{ encoding, record }`, the whole record as one
 * gzip-compressed JSON binary, or as JSON text when it is small. Only the orchestrator reads it back (queries
 * and console filters use the item's top-level `status` and `state`; the console is shown it decoded, see
 * `readableWorkflowState`). Stored as a map, its few hundred values (history, steps, calls, the recorded
 * responses) were the largest share of the SDK's per-write CPU, marshalled and serialised one by one;
 * packed, they are one attribute, and about a quarter of the bytes a write is billed for.
 *
 * A ranking the composer answered with the search's own products, each with its score and reasons, is
 * stored by reference to them (see `rankingsByReference`): it was the largest part of a searched record.
 *
 * The fastest level keeps most of the size gain at a fraction of the default level's CPU. Synchronous on
 * purpose: zlib's asynchronous one-shot API drives a stream per call, and measured here that costs the
 * event loop several times the whole synchronous compression of a searched record.
 */
export function storedRecord(record: WorkflowRecord): JsonObject {
  const json = JSON.stringify({ ...record, activities: rankingsByReference(record.activities) });
  const stored =
    json.length < COMPRESSED_FROM_CHARS
      ? { encoding: PLAIN_RECORD_ENCODING, record: json }
      : { encoding: PACKED_RECORD_ENCODING, record: gzipSync(json, { level: 1 }) };
  return stored as unknown as JsonObject;
}

/**
 * A stored `workflow_state` as the plain record map, for `WorkflowRecordSchema` to check. Maps written before
 * records were packed are returned as they are; damaged data too, so the schema reports a broken record
 * instead of this throwing.
 */
export function unpackedWorkflowState(stored: unknown): unknown {
  try {
    const json = packedJson(stored);
    return json === null ? stored : withRankingsInline(JSON.parse(json));
  } catch {
    return stored;
  }
}

function packedJson(stored: unknown): string | null {
  if (typeof stored !== 'object' || stored === null) return null;
  const { encoding, record } = stored as { encoding?: unknown; record?: unknown };
  if (encoding === PACKED_RECORD_ENCODING && record instanceof Uint8Array) {
    return gunzipSync(record).toString('utf8');
  }
  if (encoding === PLAIN_RECORD_ENCODING && typeof record === 'string') return record;
  return null;
}

/** A ranked product stored by reference: the search hit it is, by id, and what ranking added to it. */
interface RankingReference {
  product_id: string;
  score: number;
  why_ranked: string[];
}

/** Marks a rank outcome whose products are stored as `RankingReference`s to the search before it. */
const RANKED_FROM_SEARCH = 'ranked_from_search';

/**
 * The recorded responses with each successful ranking whose products are exactly the preceding search's
 * hits (plus score and reasons) stored as references to them. Any other ranking is stored as it came, so
 * reading a record back always gives the responses the workflow saw.
 */
function rankingsByReference(activities: readonly ActivityRecord[]): unknown[] {
  let hits: ReadonlyMap<string, SearchHit> = new Map();
  return activities.map((entry) => {
    if (entry.name === 'search' && entry.outcome.ok) hits = hitsById(entry.outcome.value.products);
    if (entry.name !== 'rank' || !entry.outcome.ok) return entry;
    const ranked = entry.outcome.value.products;
    if (!ranked.every((product) => isHitWithRanking(product, hits.get(product.product_id)))) return entry;
    const references: RankingReference[] = ranked.map(({ product_id, score, why_ranked }) => ({
      product_id,
      score,
      why_ranked,
    }));
    const outcome = { ...entry.outcome, value: { ...entry.outcome.value, products: references } };
    return { ...entry, outcome, [RANKED_FROM_SEARCH]: true };
  });
}

/** A recorded response as read back, before the record's schema has checked it. */
interface StoredEntry {
  name?: unknown;
  outcome?: { ok?: unknown; value?: { products?: unknown } };
  [RANKED_FROM_SEARCH]?: unknown;
}

/** The record as the workflow wrote it: each ranking stored by reference gets its products back. */
function withRankingsInline(record: unknown): unknown {
  const activities = (record as { activities?: unknown } | null)?.activities;
  if (!Array.isArray(activities)) return record;
  let hits: ReadonlyMap<string, SearchHit> = new Map();
  const inline = (activities as (StoredEntry | null)[]).map((entry) => {
    const products = entry?.outcome?.value?.products;
    if (!entry?.outcome?.ok || !Array.isArray(products)) return entry;
    if (entry.name === 'search') hits = hitsById(products as SearchHit[]);
    if (entry[RANKED_FROM_SEARCH] !== true) return entry;
    const { [RANKED_FROM_SEARCH]: _, ...rest } = entry;
    // A reference to no hit stays as it is, and the schema then reports the record as damaged.
    const inlined = (products as RankingReference[]).map((reference) => {
      const hit = hits.get(reference.product_id);
      return hit ? { ...hit, score: reference.score, why_ranked: reference.why_ranked } : reference;
    });
    return { ...rest, outcome: { ...entry.outcome, value: { ...entry.outcome.value, products: inlined } } };
  });
  return { ...(record as object), activities: inline };
}

function hitsById(products: readonly SearchHit[]): ReadonlyMap<string, SearchHit> {
  const byId = new Map<string, SearchHit>();
  for (const product of products) if (!byId.has(product.product_id)) byId.set(product.product_id, product);
  return byId;
}

/** The composer's product is the hit itself with a score and reasons: nothing added, dropped or changed. */
function isHitWithRanking(product: RankedProduct, hit: SearchHit | undefined): boolean {
  if (!hit) return false;
  const rankedKeys = Object.keys(product);
  if (rankedKeys.length !== Object.keys(hit).length + 2) return false;
  for (const key of rankedKeys) {
    if (key === 'score' || key === 'why_ranked') continue;
    if (!Object.hasOwn(hit, key)) return false;
    if (!sameValue(product[key as keyof RankedProduct], hit[key as keyof SearchHit])) return false;
  }
  return true;
}

/** Product fields are scalars and lists of strings. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  return a.every((item, index) => item === b[index]);
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

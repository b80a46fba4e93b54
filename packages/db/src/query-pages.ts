import type { Documents, QueryInput } from './documents';
import type { Key } from './item-keys';

/** One Query (a partition and key condition) that a listing walks; paging fields are added here. */
export type QuerySegment = Omit<QueryInput, 'TableName' | 'ExclusiveStartKey' | 'Limit'>;
export type RawItem = Record<string, unknown>;

export interface SegmentPosition {
  segment: number;
  key: Key | null;
}

export interface SegmentedPageRequest {
  segments: readonly QuerySegment[];
  /** Table and index key attributes: what a resume key is made of. */
  keyAttributes: readonly string[];
  limit: number;
  start: SegmentPosition;
  /** The caller filters out many items, so each Query evaluates a wider batch. */
  selective: boolean;
}

const SELECTIVE_BATCH = 100;
const MAX_BATCH = 1000;

/**
 * Reads up to `limit` items walking the segments in order, querying again while a filter leaves the
 * page short. `next` is null only when the walk is exhausted.
 */
export async function readSegmentedPage(
  doc: Documents,
  tableName: string,
  request: SegmentedPageRequest,
): Promise<{ items: RawItem[]; next: SegmentPosition | null }> {
  const { segments, limit } = request;
  const items: RawItem[] = [];
  let segment = request.start.segment;
  let startKey: Key | undefined = request.start.key ?? undefined;
  while (segment < segments.length) {
    const remaining = limit - items.length;
    const out = await doc.query({
      ...segments[segment],
      TableName: tableName,
      ExclusiveStartKey: startKey,
      // One more than needed tells whether another page exists without a further round trip.
      Limit: Math.min(
        MAX_BATCH,
        request.selective ? Math.max(remaining + 1, SELECTIVE_BATCH) : remaining + 1,
      ),
    });
    const found = out.Items;
    const taken = found.slice(0, remaining);
    items.push(...taken);
    if (found.length > taken.length) {
      return { items, next: { segment, key: pickKey(taken.at(-1)!, request.keyAttributes) } };
    }
    if (out.LastEvaluatedKey) {
      startKey = out.LastEvaluatedKey as Key;
    } else {
      segment += 1;
      startKey = undefined;
    }
    if (items.length === limit) {
      return { items, next: segment < segments.length ? { segment, key: startKey ?? null } : null };
    }
  }
  return { items, next: null };
}

/**
 * Reads the first `limit` items, by `sortAttribute` ascending, of several partitions at once (sharded
 * indexes). Each segment must already start at the cursor; `exclude` drops the item the cursor points
 * at, since key conditions can only express inclusive ranges.
 */
export async function readMergedPage(
  doc: Documents,
  tableName: string,
  request: Omit<SegmentedPageRequest, 'start' | 'selective'> & { sortAttribute: string; exclude?: string },
): Promise<{ items: RawItem[]; more: boolean }> {
  const { sortAttribute, exclude, limit } = request;
  const perSegment = await Promise.all(
    request.segments.map((segment) =>
      readSegmentedPage(doc, tableName, {
        segments: [segment],
        keyAttributes: request.keyAttributes,
        limit: limit + 2,
        start: { segment: 0, key: null },
        selective: false,
      }),
    ),
  );
  const merged = perSegment
    .flatMap((page) => page.items)
    .filter((item) => item[sortAttribute] !== exclude)
    .sort((a, b) => compareAsDynamo(String(a[sortAttribute]), String(b[sortAttribute])));
  return { items: merged.slice(0, limit), more: merged.length > limit };
}

function pickKey(item: RawItem, attributes: readonly string[]): Key {
  const key: Key = {};
  for (const name of attributes) {
    const value = item[name];
    if (typeof value !== 'string') throw new TypeError(`key attribute ${name} is not a string`);
    key[name] = value;
  }
  return key;
}

/** DynamoDB orders strings by their UTF-8 bytes, which differs from JS's UTF-16 order. */
function compareAsDynamo(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

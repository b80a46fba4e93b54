import {
  CLARIFY_ANSWER,
  mediaInputs,
  mediaSearchInput,
  textSearchInput,
  userIds,
  VAGUE_QUERY,
} from '../load/bodies';
import { postJson } from '../load/orchestrator-api';
import { delta, scrape, sumBy } from './prom-metrics';

const READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

/** DynamoDB calls per completed request, averaged over a batch. */
export interface DynamoCost {
  requests: number;
  reads: number;
  writes: number;
  writeBytes: number;
  /** Calls per request by operation (PutItem, UpdateItem, GetItem, Query, ...). */
  operations: Record<string, number>;
  writeBytesByOperation: Record<string, number>;
}

export interface DynamoCostResults {
  counting: string;
  textSearch: DynamoCost;
  clarifiedSearch: DynamoCost;
  /** Voice note + photo + text: the critical-path request (no target; for context). */
  mediaSearch: DynamoCost;
  targets: { writesPerTextSearch: number; readsPerTextSearch: number };
}

export interface DynamoCostScale {
  textSearches: number;
  clarifiedSearches: number;
  mediaSearches: number;
}

interface Answer {
  session_id: string;
  status: string;
}

/**
 * Reads the orchestrator's own SDK-level counters (`talknshop_dynamodb_operations_total`,
 * `talknshop_dynamodb_write_bytes_total` at GET /metrics) before and after a batch of N requests that
 * nothing else overlaps, and divides the difference by N.
 */
export async function measureDynamoCost(url: string, scale: DynamoCostScale): Promise<DynamoCostResults> {
  const user = userIds('dynamo');
  const media = mediaInputs();
  const textSearch = await measureBatch(url, scale.textSearches, async () => {
    await expectStatus(postJson<Answer>(url, '/api/v1/search', textSearchInput(user())), 'completed');
  });
  const clarifiedSearch = await measureBatch(url, scale.clarifiedSearches, async () => {
    const userId = user();
    const asked = await expectStatus(
      postJson<Answer>(url, '/api/v1/search', { user_id: userId, query: VAGUE_QUERY }),
      'awaiting_clarification',
    );
    await expectStatus(
      postJson<Answer>(url, `/api/v1/sessions/${asked.session_id}/clarify`, {
        user_id: userId,
        answer: CLARIFY_ANSWER,
      }),
      'completed',
    );
  });
  const mediaSearch = await measureBatch(url, scale.mediaSearches, async () => {
    await expectStatus(postJson<Answer>(url, '/api/v1/search', mediaSearchInput(user(), media)), 'completed');
  });
  return {
    counting: 'orchestrator GET /metrics: SDK middleware counters, deltas around each batch',
    textSearch,
    clarifiedSearch,
    mediaSearch,
    targets: { writesPerTextSearch: 4, readsPerTextSearch: 2 },
  };
}

async function expectStatus(answer: Promise<Answer>, status: string): Promise<Answer> {
  const value = await answer;
  if (value.status !== status) throw new Error(`expected a ${status} answer, got ${value.status}`);
  return value;
}

/** A few at a time, as clients would send them; the counters only ever see this batch. */
async function measureBatch(url: string, count: number, run: () => Promise<void>): Promise<DynamoCost> {
  const before = await scrape(url);
  let started = 0;
  const worker = async () => {
    while (started < count) {
      started += 1;
      await run();
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, count) }, worker));
  const after = await scrape(url);
  const operations = delta(
    sumBy(before, 'talknshop_dynamodb_operations_total', 'operation'),
    sumBy(after, 'talknshop_dynamodb_operations_total', 'operation'),
  );
  const bytes = delta(
    sumBy(before, 'talknshop_dynamodb_write_bytes_total', 'operation'),
    sumBy(after, 'talknshop_dynamodb_write_bytes_total', 'operation'),
  );
  const per = (value: number) => value / count;
  const total = (names: Set<string>) =>
    per(Object.entries(operations).reduce((sum, [name, n]) => sum + (names.has(name) ? n : 0), 0));
  return {
    requests: count,
    reads: total(READS),
    writes: total(WRITES),
    writeBytes: per(Object.values(bytes).reduce((sum, n) => sum + n, 0)),
    operations: mapValues(operations, per),
    writeBytesByOperation: mapValues(bytes, per),
  };
}

function mapValues(record: Record<string, number>, map: (value: number) => number): Record<string, number> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value)]));
}

import { gunzipSync, gzipSync } from 'node:zlib';
import type { SearchHit } from '@talknshop/contracts';
import { itemSizeBytes } from '@talknshop/db';
import { describe, expect, it } from 'vitest';
import { createRuleBasedExtractor, DEFAULT_VOCABULARY } from '../../src/requirements';
import { newRecord, StoredWorkflowRecordSchema, type WorkflowRecord } from '../../src/workflow/record';
import { runWorkflow } from '../../src/workflow/run';
import {
  PACKED_RECORD_ENCODING,
  PLAIN_RECORD_ENCODING,
  readableWorkflowState,
  storedRecord,
  unpackedWorkflowState,
} from '../../src/workflow/stored-record';
import { hit, scriptedActivities, workflowInput } from './scripted-activities';

const extractor = createRuleBasedExtractor(DEFAULT_VOCABULARY);

type Ranking = (products: SearchHit[]) => { ok: true; value: { products: RankedHit[] } };
type RankedHit = SearchHit & { score: number; why_ranked: string[] };

/** The composer's answer: the hits it was given, best first, each with a score and reasons. */
const rankAsGiven: Ranking = (products) => ({
  ok: true,
  value: {
    products: products.map((p, i) => ({ ...p, score: 1 - i / 20, why_ranked: [`rated ${p.rating}★`] })),
  },
});

async function completedRecord(rank: Ranking = rankAsGiven) {
  const products = Array.from({ length: 12 }, (_, i) => hit(`p${i}`, { sizes: ['9', '10', `${i}`] }));
  const { activities } = scriptedActivities({
    searches: [() => ({ ok: true, value: { products, total: products.length, next_cursor: null } })],
    rank,
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

  it('is JSON text when it is small, read back as the same record', () => {
    const record = newRecord(new Date(Date.UTC(2026, 11, 2)));
    const stored = storedRecord(record);
    expect(stored.encoding).toBe(PLAIN_RECORD_ENCODING);
    expect(stored.record).toBe(JSON.stringify(record));
    expect(StoredWorkflowRecordSchema.parse(stored)).toEqual(record);
    expect(readableWorkflowState(stored)).toEqual(JSON.parse(JSON.stringify(record)));
  });

  it("stores a ranking of the search's own hits by reference to them, and reads it back whole", async () => {
    const record = await completedRecord();
    const stored = storedRecord(record);
    const json = JSON.parse(gunzipSync(stored.record as unknown as Uint8Array).toString('utf8'));
    const rank = json.activities.find((entry: { name: string }) => entry.name === 'rank');
    expect(rank.ranked_from_search).toBe(true);
    expect(rank.outcome.value.products[0]).toEqual({
      product_id: 'p0',
      score: 1,
      why_ranked: ['rated 4.5★'],
    });
    const whole = JSON.stringify({ ...record, activities: record.activities });
    expect(JSON.stringify(json).length).toBeLessThan(whole.length * 0.75);
    expect(StoredWorkflowRecordSchema.parse(stored)).toEqual(record);
  });

  it('stores a ranking whole when the composer changed, added or left out anything of a hit', async () => {
    const changes: ((product: RankedHit) => RankedHit)[] = [
      (product) => ({ ...product, title: `${product.title} (renamed)` }),
      (product) => ({ ...product, sizes: [...product.sizes, '11'] }),
      (product) => ({ ...product, badge: 'new' }) as RankedHit,
      ({ description: _, ...product }) => product as RankedHit,
      (product) => ({ ...product, product_id: 'not-in-the-search' }),
    ];
    for (const change of changes) {
      const rank: Ranking = (products) => {
        const answer = rankAsGiven(products);
        const [first, ...rest] = answer.value.products;
        return { ok: true, value: { products: [...rest, change(first!)] } };
      };
      const record = await completedRecord(rank);
      const stored = storedRecord(record);
      const json = JSON.parse(gunzipSync(stored.record as unknown as Uint8Array).toString('utf8'));
      const entry = json.activities.find((e: { name: string }) => e.name === 'rank');
      expect(entry.ranked_from_search).toBeUndefined();
      expect(unpackedWorkflowState(stored)).toEqual(JSON.parse(JSON.stringify(record)));
    }
  });

  it('refuses a ranking stored by reference to a hit its search does not have', async () => {
    const stored = storedRecord(await completedRecord());
    const json = JSON.parse(gunzipSync(stored.record as unknown as Uint8Array).toString('utf8'));
    const search = json.activities.find((entry: { name: string }) => entry.name === 'search');
    search.outcome.value.products = search.outcome.value.products.slice(1);
    const damaged = { encoding: PACKED_RECORD_ENCODING, record: gzipSync(JSON.stringify(json)) };
    expect(StoredWorkflowRecordSchema.safeParse(damaged).success).toBe(false);
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

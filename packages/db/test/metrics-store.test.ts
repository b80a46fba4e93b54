import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucketOf, MAX_BUCKET, MetricsStore, type MinuteDelta, minuteOf, type SlowCall } from '../src/index';
import { startTestDynamo, type TestDynamo } from '../src/testing';

/**
 * Items are written in the future (2031), so DynamoDB Local's real TTL deletion never touches them; each
 * test reads with a clock of its choosing.
 */
const T0 = Date.parse('2031-05-01T10:00:00.000Z');
const MINUTE = 60_000;

let db: TestDynamo;

beforeAll(async () => {
  db = await startTestDynamo();
});
afterAll(async () => {
  await db?.close();
});

function store(nowMs = T0, ttlSeconds?: number): MetricsStore {
  return new MetricsStore({
    doc: db.doc,
    tableName: db.tableName,
    clock: () => new Date(nowMs),
    ...(ttlSeconds === undefined ? {} : { ttlSeconds }),
  });
}

function delta(endpoint: string, at: number, latencies: number[], errors = 0): MinuteDelta {
  const buckets = new Map<number, number>();
  for (const ms of latencies) buckets.set(bucketOf(ms), (buckets.get(bucketOf(ms)) ?? 0) + 1);
  return {
    service: 'catalog',
    endpoint,
    minute: minuteOf(at),
    count: latencies.length,
    errors,
    sum_ms: latencies.reduce((sum, ms) => sum + ms, 0),
    buckets,
  };
}

function slow(endpoint: string, at: number, latency: number, requestId: string): SlowCall {
  return {
    service: 'composer',
    endpoint,
    request_id: requestId,
    latency_ms: latency,
    started_at: new Date(at).toISOString(),
    status: 200,
    error_code: null,
  };
}

describe('minute histograms', () => {
  it('adds up exactly when two writers flush the same minutes concurrently', async () => {
    const writers = [store(), store()];
    const minutes = [T0, T0 + MINUTE, T0 + 2 * MINUTE];
    const writes: Promise<void>[] = [];
    let expectedCount = 0;
    let expectedErrors = 0;
    const expectedBuckets = new Map<number, number>();
    for (let round = 0; round < 10; round += 1) {
      for (const [w, writer] of writers.entries()) {
        for (const minute of minutes) {
          const latencies = [5 + round, 40 + w, 300 + round * w];
          const d = delta('/sum', minute, latencies, round % 2);
          expectedCount += d.count;
          expectedErrors += d.errors;
          for (const [bucket, count] of d.buckets) {
            expectedBuckets.set(bucket, (expectedBuckets.get(bucket) ?? 0) + count);
          }
          writes.push(writer.addToMinute(d));
        }
      }
    }
    await Promise.all(writes);

    const read = await store(T0 + 5 * MINUTE).readMinutes(
      { service: 'catalog', endpoint: '/sum' },
      { from: new Date(T0), to: new Date(T0 + 3 * MINUTE) },
    );
    expect(read.map((m) => m.minute)).toEqual(minutes.map(minuteOf));
    expect(read.reduce((sum, m) => sum + m.count, 0)).toBe(expectedCount);
    expect(read.reduce((sum, m) => sum + m.errors, 0)).toBe(expectedErrors);
    const buckets = new Map<number, number>();
    for (const minute of read) {
      for (const [bucket, count] of minute.buckets) buckets.set(bucket, (buckets.get(bucket) ?? 0) + count);
      expect([...minute.buckets.values()].reduce((a, b) => a + b, 0)).toBe(minute.count);
    }
    expect(buckets).toEqual(expectedBuckets);
  });

  it('reads only the minutes of the window, oldest first', async () => {
    const writer = store();
    for (let i = 0; i < 6; i += 1)
      await writer.addToMinute(delta('/window', T0 + i * MINUTE, [10 * (i + 1)]));
    const read = await store(T0 + 10 * MINUTE).readMinutes(
      { service: 'catalog', endpoint: '/window' },
      { from: new Date(T0 + MINUTE), to: new Date(T0 + 4 * MINUTE) },
    );
    expect(read.map((m) => [m.minute, m.count, m.sum_ms])).toEqual([
      [minuteOf(T0 + MINUTE), 1, 20],
      [minuteOf(T0 + 2 * MINUTE), 1, 30],
      [minuteOf(T0 + 3 * MINUTE), 1, 40],
    ]);
    const other = await store().readMinutes(
      { service: 'catalog', endpoint: '/nothing-here' },
      { from: new Date(T0), to: new Date(T0 + 10 * MINUTE) },
    );
    expect(other).toEqual([]);
  });

  it('takes a minute touching every bucket in one update', async () => {
    const latencies = Array.from({ length: MAX_BUCKET + 1 }, (_, bucket) =>
      bucket === 0 ? 0.5 : 1.05 ** (bucket - 0.5),
    );
    const d = delta('/every-bucket', T0, latencies);
    expect(d.buckets.size).toBe(MAX_BUCKET + 1);
    await store().addToMinute(d);
    const [read] = await store().readMinutes(
      { service: 'catalog', endpoint: '/every-bucket' },
      { from: new Date(T0), to: new Date(T0 + MINUTE) },
    );
    expect(read?.buckets).toEqual(d.buckets);
  });

  it('hides minutes whose time to live has passed', async () => {
    await store(T0, 60).addToMinute(delta('/expiring', T0, [12]));
    const window = { from: new Date(T0), to: new Date(T0 + MINUTE) };
    const key = { service: 'catalog', endpoint: '/expiring' };
    expect(await store(T0 + 2 * MINUTE).readMinutes(key, window)).toHaveLength(1);
    expect(await store(T0 + 2 * MINUTE + 1000).readMinutes(key, window)).toEqual([]);
  });

  it('refuses key parts that would break the composite keys', async () => {
    await expect(store().addToMinute({ ...delta('/x', T0, [1]), service: 'a#b' })).rejects.toThrow(
      /key part/,
    );
    await expect(store().addToMinute({ ...delta('/x', T0, [1]), minute: '2031-05-01T10' })).rejects.toThrow(
      /not a minute/,
    );
  });
});

describe('slowest calls', () => {
  it('returns the slowest calls of the window across hours, slowest first', async () => {
    const writer = store();
    await writer.recordSlowCalls([
      slow('/rank', T0 - 30 * MINUTE, 900, 'before-window'),
      slow('/rank', T0 + 5 * MINUTE, 120.5, 'r-a'),
      slow('/rank', T0 + 10 * MINUTE, 1500.25, 'r-b'),
      slow('/rank', T0 + 65 * MINUTE, 700, 'r-c'),
      slow('/rank', T0 + 70 * MINUTE, 9.75, 'r-d'),
      slow('/rank', T0 + 125 * MINUTE, 5000, 'after-window'),
      slow('/compose', T0 + 5 * MINUTE, 99_999, 'other-endpoint'),
    ]);
    const reader = store(T0 + 3 * 60 * MINUTE);
    const window = { from: new Date(T0), to: new Date(T0 + 120 * MINUTE) };
    const key = { service: 'composer', endpoint: '/rank' };
    const all = await reader.readSlowest(key, window, 10);
    expect(all.map((c) => [c.request_id, c.latency_ms])).toEqual([
      ['r-b', 1500.25],
      ['r-c', 700],
      ['r-a', 120.5],
      ['r-d', 9.75],
    ]);
    expect(all[0]).toEqual(slow('/rank', T0 + 10 * MINUTE, 1500.25, 'r-b'));
    expect((await reader.readSlowest(key, window, 2)).map((c) => c.request_id)).toEqual(['r-b', 'r-c']);
  });

  it('hides slow calls whose time to live has passed', async () => {
    const at = T0 + 24 * 60 * MINUTE;
    await store(at, 60).recordSlowCalls([slow('/expiring', at, 50, 'r-old')]);
    const window = { from: new Date(at), to: new Date(at + MINUTE) };
    const key = { service: 'composer', endpoint: '/expiring' };
    const hourEnd = Math.floor(at / 3_600_000) * 3_600_000 + 3_600_000;
    expect(await store(hourEnd + 60_000).readSlowest(key, window, 5)).toHaveLength(1);
    expect(await store(hourEnd + 61_000).readSlowest(key, window, 5)).toEqual([]);
  });
});

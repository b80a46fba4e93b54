import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimitStore } from '../src/index';
import { startTestDynamo, type TestDynamo } from '../src/testing';
import { manualClock } from './support';

let db: TestDynamo;
beforeAll(async () => {
  db = await startTestDynamo();
});
afterAll(async () => {
  await db?.close();
});

const policy = { capacity: 5, refillPerSecond: 1 };

function instance(clock: ReturnType<typeof manualClock>, leaseSize = 1) {
  return new RateLimitStore({
    doc: db.doc,
    tableName: db.tableName,
    clock: clock.now,
    leaseSize,
    leaseMs: 60_000,
  });
}

async function takeMany(store: RateLimitStore, bucket: string, count: number) {
  const results = [];
  for (let i = 0; i < count; i += 1) results.push(await store.take(bucket, policy));
  return results;
}

describe('token buckets', () => {
  it('admits the capacity, then refuses with a retry time', async () => {
    const clock = manualClock('2100-01-01T00:00:00Z');
    const results = await takeMany(instance(clock), 'burst', 8);
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, true, true, false, false, false]);
    expect(results[5]?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
  });

  it('refills with time', async () => {
    const clock = manualClock('2100-01-01T00:00:00Z');
    const store = instance(clock);
    await takeMany(store, 'refill', 5);
    expect((await store.take('refill', policy)).allowed).toBe(false);
    clock.set('2100-01-01T00:00:02Z');
    const after = await takeMany(store, 'refill', 3);
    expect(after.map((r) => r.allowed)).toEqual([true, true, false]);
  });

  it('is shared by instances: together they never admit more than the bucket holds', async () => {
    const clock = manualClock('2100-01-01T00:00:00Z');
    const instances = [instance(clock), instance(clock), instance(clock)];
    const results = await Promise.all(instances.map((store) => takeMany(store, 'shared', 4)));
    expect(results.flat().filter((r) => r.allowed)).toHaveLength(5);
  });

  it('spends leased tokens locally without exceeding the limit', async () => {
    const clock = manualClock('2100-01-01T00:00:00Z');
    const a = instance(clock, 3);
    const b = instance(clock, 3);
    const fromA = await takeMany(a, 'leased', 4);
    const fromB = await takeMany(b, 'leased', 4);
    // A holds one leased token it has not spent: leasing may admit less than the bucket, never more.
    expect(fromA.filter((r) => r.allowed)).toHaveLength(4);
    expect(fromB.filter((r) => r.allowed)).toHaveLength(0);
  });

  it('serves concurrent requests on one instance without refusing them for contention', async () => {
    const clock = manualClock('2100-01-01T00:00:00Z');
    const store = instance(clock, 5);
    const results = await Promise.all(
      Array.from({ length: 40 }, () => store.take('busy', { capacity: 100, refillPerSecond: 1 })),
    );
    expect(results.every((r) => r.allowed)).toBe(true);
  });
});

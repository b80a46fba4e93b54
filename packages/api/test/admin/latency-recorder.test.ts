import type { CallRecord } from '@talknshop/clients';
import { bucketOf, MetricsStore, minuteOf, type SlowCall } from '@talknshop/db';
import { startTestDynamo, type TestDynamo } from '@talknshop/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLatencyRecorder } from '../../src/admin/latency-recorder';

/** Calls are stamped in 2031 so that no engine's real TTL deletion touches them. */
const T0 = Date.parse('2031-03-01T09:00:00.000Z');
const NEVER = 3_600_000;

let db: TestDynamo;
let store: MetricsStore;

beforeAll(async () => {
  db = await startTestDynamo();
  store = new MetricsStore({ doc: db.doc, tableName: db.tableName, clock: () => new Date(T0) });
});
afterAll(async () => {
  await db?.close();
});

function call(endpoint: string, atMs: number, latency: number, error = false): CallRecord {
  return {
    service: 'catalog',
    endpoint,
    attempt: 1,
    status: error ? 503 : 200,
    latency_ms: latency,
    error_code: error ? 'UNAVAILABLE' : null,
    started_at: new Date(atMs).toISOString(),
  };
}

const window = (minutes: number) => ({ from: new Date(T0), to: new Date(T0 + minutes * 60_000) });

describe('the latency recorder', () => {
  it('adds up exactly when two instances flush the same minutes concurrently', async () => {
    // The timers never fire during the test: flushes are explicit, and raced against each other.
    const instances = [
      createLatencyRecorder({ store, flushMs: NEVER, clock: () => new Date(T0) }),
      createLatencyRecorder({ store, flushMs: NEVER, clock: () => new Date(T0) }),
    ];
    const expected = new Map<number, number>();
    let count = 0;
    let errors = 0;
    for (let round = 0; round < 3; round += 1) {
      for (const [i, recorder] of instances.entries()) {
        for (let n = 0; n < 50; n += 1) {
          const latency = 2 + ((n * 37 + i * 11 + round) % 400);
          const failed = n % 10 === 0;
          recorder.record(
            call('/concurrent', T0 + (n % 3) * 60_000 + n * 100, latency, failed),
            `r-${i}-${n}`,
          );
          expected.set(bucketOf(latency), (expected.get(bucketOf(latency)) ?? 0) + 1);
          count += 1;
          if (failed) errors += 1;
        }
      }
      await Promise.all(instances.map((recorder) => recorder.flush()));
    }
    await Promise.all(instances.map((recorder) => recorder.close()));

    const minutes = await store.readMinutes({ service: 'catalog', endpoint: '/concurrent' }, window(3));
    expect(minutes.map((m) => m.minute)).toEqual([0, 1, 2].map((i) => minuteOf(T0 + i * 60_000)));
    expect(minutes.reduce((sum, m) => sum + m.count, 0)).toBe(count);
    expect(minutes.reduce((sum, m) => sum + m.errors, 0)).toBe(errors);
    const buckets = new Map<number, number>();
    for (const minute of minutes) {
      for (const [bucket, n] of minute.buckets) buckets.set(bucket, (buckets.get(bucket) ?? 0) + n);
    }
    expect(buckets).toEqual(expected);
  });

  it('leaves out calls their caller cancelled: cut short by us, they say nothing of the service', async () => {
    const recorder = createLatencyRecorder({ store, flushMs: NEVER, clock: () => new Date(T0) });
    recorder.record(call('/cancelled', T0, 40), 'r-ok');
    recorder.record({ ...call('/cancelled', T0 + 100, 5), status: null, error_code: 'CANCELLED' }, 'r-gone');
    await recorder.close();

    const minutes = await store.readMinutes({ service: 'catalog', endpoint: '/cancelled' }, window(1));
    expect(minutes.map(({ count, errors }) => ({ count, errors }))).toEqual([{ count: 1, errors: 0 }]);
  });

  it('stores only the slowest calls of each hour, and flushes what is left on close', async () => {
    const written: SlowCall[][] = [];
    const recorder = createLatencyRecorder({
      store: {
        addToMinute: (delta) => store.addToMinute(delta),
        recordSlowCalls: (calls) => {
          written.push([...calls]);
          return store.recordSlowCalls(calls);
        },
      },
      flushMs: NEVER,
      slowPerHour: 2,
      clock: () => new Date(T0),
    });
    // Rising latencies: each one enters the top two, but only the final top two are worth a write.
    for (const [i, latency] of [10, 20, 30, 40].entries()) {
      recorder.record(call('/slow', T0 + i * 1000, latency), `slow-${latency}`);
    }
    await recorder.flush();
    expect(written.flat().map((c) => c.request_id)).toEqual(['slow-30', 'slow-40']);
    // Faster than the two already kept: not written again.
    recorder.record(call('/slow', T0 + 5000, 25), 'slow-25');
    recorder.record(call('/slow', T0 + 6000, 99), 'slow-99');
    await recorder.close();
    expect(written.flat().map((c) => c.request_id)).toEqual(['slow-30', 'slow-40', 'slow-99']);

    const slowest = await store.readSlowest({ service: 'catalog', endpoint: '/slow' }, window(60), 10);
    expect(slowest.map((c) => [c.request_id, c.latency_ms])).toEqual([
      ['slow-99', 99],
      ['slow-40', 40],
      ['slow-30', 30],
    ]);
    const [minute] = await store.readMinutes({ service: 'catalog', endpoint: '/slow' }, window(1));
    expect(minute?.count).toBe(6);
  });

  it('flushes on its timer, and reports a failed write instead of throwing', async () => {
    const failures: unknown[] = [];
    let attempts = 0;
    const flushed = new Promise<void>((resolve) => {
      const recorder = createLatencyRecorder({
        store: {
          addToMinute: async () => {
            attempts += 1;
            throw new Error('table unavailable');
          },
          recordSlowCalls: async () => undefined,
        },
        flushMs: 10,
        onError: (error) => {
          failures.push(error);
          void recorder.close().then(resolve);
        },
      });
      recorder.record(call('/timer', Date.now(), 5), 'r-timer');
    });
    await flushed;
    expect(attempts).toBe(1);
    expect(String(failures[0])).toContain('table unavailable');
  });
});

import {
  bucketOf,
  MetricsStore,
  minuteOf,
  OrchestratorRepository,
  RELATIVE_ERROR_BOUND,
} from '@talknshop/db';
import { startTestDynamo, type TestDynamo } from '@talknshop/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLatencyReport, LATENCY_ENDPOINTS } from '../../src/admin/latency-report';
import { LatencyOutputSchema } from '../../src/admin/wire';

/** "Now" for the report: 12:07:30, so the 1h window is 11:08–12:08 and the 24h one ends at 12:15. */
const NOW = Date.parse('2031-04-02T12:07:30.000Z');
const MINUTE = 60_000;

let db: TestDynamo;
let report: ReturnType<typeof createLatencyReport>;
let sessionId: string;

beforeAll(async () => {
  db = await startTestDynamo();
  const clock = () => new Date(NOW);
  const store = new MetricsStore({ doc: db.doc, tableName: db.tableName, clock });
  const repo = new OrchestratorRepository({
    doc: db.doc,
    tableName: db.tableName,
    clock,
    cursorSecret: 'latency-report-cursor-secret',
    ttlDays: 3650,
  });
  const session = await repo.createSession({
    session_id: 's-latency',
    user_id: 'u',
    client_id: 'web',
    request_type: 'search',
  });
  sessionId = session.session_id;
  await repo.appendRequest({
    session_id: sessionId,
    request_id: 'r-slow',
    user_id: 'u',
    client_id: 'web',
    request_type: 'search',
    input_data: {},
  });
  const minute = async (at: number, latencies: number[], errors = 0) => {
    const buckets = new Map<number, number>();
    for (const ms of latencies) buckets.set(bucketOf(ms), (buckets.get(bucketOf(ms)) ?? 0) + 1);
    await store.addToMinute({
      service: 'catalog',
      endpoint: '/search',
      minute: minuteOf(at),
      count: latencies.length,
      errors,
      sum_ms: latencies.reduce((a, b) => a + b, 0),
      buckets,
    });
  };
  await minute(NOW, [10, 10, 10, 10], 1); // 12:07
  await minute(NOW - 2 * MINUTE, [100, 100, 100, 100, 100, 100]); // 12:05
  await minute(NOW - 3 * 60 * MINUTE, [1000]); // 09:07: in the 24h window only
  await store.recordSlowCalls([
    {
      service: 'catalog',
      endpoint: '/search',
      request_id: 'r-slow',
      latency_ms: 100,
      started_at: new Date(NOW - 2 * MINUTE).toISOString(),
      status: 200,
      error_code: null,
    },
    {
      service: 'catalog',
      endpoint: '/search',
      request_id: 'r-forgotten',
      latency_ms: 150,
      started_at: new Date(NOW - 2 * MINUTE).toISOString(),
      status: 200,
      error_code: null,
    },
  ]);
  report = createLatencyReport({
    metrics: store,
    repo,
    breakerStates: () => ({ media: 'closed', catalog: 'open', composer: 'half-open' }),
    clock,
  });
});
afterAll(async () => {
  await db?.close();
});

const within = (value: number | null, exact: number) => {
  expect(value).not.toBeNull();
  expect(Math.abs(value! - exact)).toBeLessThanOrEqual(RELATIVE_ERROR_BOUND * exact + 1e-9);
};

describe('the latency report', () => {
  it('totals the window per endpoint, with a per-minute series and the slowest calls linked to sessions', async () => {
    const out = LatencyOutputSchema.parse(await report('1h'));
    expect(out).toMatchObject({
      window: '1h',
      from: '2031-04-02T11:08:00.000Z',
      to: '2031-04-02T12:08:00.000Z',
    });
    expect(out.method).toMatch(/nearest-rank/);
    expect(out.method).toContain('2.47%');
    expect(out.breakers).toEqual({ media: 'closed', catalog: 'open', composer: 'half-open' });
    expect(out.endpoints.map((e) => `${e.service} ${e.endpoint}`)).toEqual(
      LATENCY_ENDPOINTS.map((e) => `${e.service} ${e.endpoint}`),
    );

    const search = out.endpoints.find((e) => e.service === 'catalog' && e.endpoint === '/search')!;
    expect(search).toMatchObject({ count: 10, errors: 1, error_rate: 0.1 });
    within(search.p50, 100);
    within(search.p95, 100);
    expect(search.series).toHaveLength(60);
    expect(search.series.at(-1)).toMatchObject({ at: '2031-04-02T12:07:00.000Z', count: 4, errors: 1 });
    within(search.series.at(-1)!.p99, 10);
    expect(search.series.at(-3)).toMatchObject({ at: '2031-04-02T12:05:00.000Z', count: 6 });
    expect(search.series[0]).toEqual({
      at: '2031-04-02T11:08:00.000Z',
      count: 0,
      errors: 0,
      p50: null,
      p95: null,
      p99: null,
    });
    // r-forgotten is slower, but no request has that id any more: there is nothing to link to.
    expect(search.slowest).toEqual([
      {
        request_id: 'r-slow',
        session_id: sessionId,
        latency_ms: 100,
        at: new Date(NOW - 2 * MINUTE).toISOString(),
      },
    ]);

    const quiet = out.endpoints.find((e) => e.endpoint === '/rank')!;
    expect(quiet).toMatchObject({ count: 0, error_rate: 0, p50: null, slowest: [] });
  });

  it('groups the 24-hour window into quarter-hour points', async () => {
    const out = await report('24h');
    expect(out).toMatchObject({ from: '2031-04-01T12:15:00.000Z', to: '2031-04-02T12:15:00.000Z' });
    const search = out.endpoints.find((e) => e.endpoint === '/search')!;
    expect(search.count).toBe(11);
    within(search.p99, 1000);
    expect(search.series).toHaveLength(96);
    expect(search.series.at(-1)).toMatchObject({ at: '2031-04-02T12:00:00.000Z', count: 10 });
    expect(search.series.find((p) => p.at === '2031-04-02T09:00:00.000Z')?.count).toBe(1);
  });

  it('keeps the 15-minute window to its last 15 minutes', async () => {
    const out = await report('15m');
    const search = out.endpoints.find((e) => e.endpoint === '/search')!;
    expect(out.from).toBe('2031-04-02T11:53:00.000Z');
    expect(search.series).toHaveLength(15);
    expect(search.count).toBe(10);
  });
});

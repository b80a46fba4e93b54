import { describe, expect, it } from 'vitest';
import { addCounts, failureReason } from '../src/load/failures';
import type { LoadResult } from '../src/load/run-load';
import { describeFailures } from '../src/report/markdown';

function load(failures: Record<string, number>): LoadResult {
  const failed = Object.values(failures).reduce((sum, count) => sum + count, 0);
  return {
    connections: 1,
    seconds: 1,
    ok: 10,
    failed,
    failures,
    throughput: 10,
    latencyMs: { p50: 1, p90: 1, p99: 1, max: 1, mean: 1 },
    turnP99sMs: [1],
    rampSeconds: 0,
  };
}

describe('addCounts', () => {
  it('sums counts by key over turns', () => {
    expect(addCounts([{ 'HTTP 503': 1 }, {}, { 'HTTP 503': 2, ECONNRESET: 1 }])).toEqual({
      'HTTP 503': 3,
      ECONNRESET: 1,
    });
    expect(addCounts([])).toEqual({});
  });
});

describe('describeFailures', () => {
  it('is 0 when nothing failed', () => {
    expect(describeFailures([['critical path', load({})]])).toBe('0');
  });

  it('says where and why requests failed, the most frequent reason first', () => {
    const text = describeFailures([
      ['critical path', load({})],
      ['orchestrator at 64 connections', load({ ECONNRESET: 1, 'HTTP 503 DOWNSTREAM_UNAVAILABLE': 2 })],
      ['growth get at 1000 sessions', load({ 'HTTP 500': 1 })],
    ]);
    expect(text).toBe(
      '4 (orchestrator at 64 connections: HTTP 503 DOWNSTREAM_UNAVAILABLE 2, ECONNRESET 1; growth get at 1000 sessions: HTTP 500 1)',
    );
  });
});

describe('failureReason', () => {
  it('is null for a 2xx', () => {
    expect(failureReason(200, '{}')).toBeNull();
    expect(failureReason(204, '')).toBeNull();
  });

  it("names the status and the REST API's error code", () => {
    const body = JSON.stringify({
      error: { code: 'DOWNSTREAM_UNAVAILABLE', message: 'catalog', request_id: 'r' },
    });
    expect(failureReason(503, body)).toBe('HTTP 503 DOWNSTREAM_UNAVAILABLE');
  });

  it('names the status alone when the body has no error code', () => {
    expect(failureReason(502, '<html>bad gateway</html>')).toBe('HTTP 502');
    expect(failureReason(500, JSON.stringify({ error: 'boom' }))).toBe('HTTP 500');
    expect(failureReason(404, 'null')).toBe('HTTP 404');
  });
});

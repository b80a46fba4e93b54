import { describe, expect, it } from 'vitest';
import { median, summarizeLatencies } from '../src/load/latency';

describe('summarizeLatencies', () => {
  it('takes nearest-rank percentiles of every value', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    const summary = summarizeLatencies(values);
    expect(summary.p50).toBe(50);
    expect(summary.p90).toBe(90);
    expect(summary.p99).toBe(99);
    expect(summary.max).toBe(100);
    expect(summary.mean).toBe(50.5);
  });

  it('answers zeros when nothing completed', () => {
    expect(summarizeLatencies([])).toEqual({ p50: 0, p90: 0, p99: 0, max: 0, mean: 0 });
  });
});

describe('median', () => {
  it('is the middle value, or the mean of the middle two', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBe(0);
  });
});

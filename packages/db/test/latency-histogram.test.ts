import { describe, expect, it } from 'vitest';
import {
  bucketLowerBound,
  bucketOf,
  bucketValue,
  HISTOGRAM_GROWTH,
  HISTOGRAM_MAX_MS,
  MAX_BUCKET,
  mergeBuckets,
  percentile,
  RELATIVE_ERROR_BOUND,
  SUB_MILLISECOND_ERROR_MS,
} from '../src/index';

/** mulberry32: a small seeded generator, so every run draws the same samples. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function lognormal(next: () => number, medianMs: number, sigma: number): number {
  const normal = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  return medianMs * Math.exp(sigma * normal);
}

function histogramOf(samples: number[]): Map<number, number> {
  const buckets = new Map<number, number>();
  for (const sample of samples) buckets.set(bucketOf(sample), (buckets.get(bucketOf(sample)) ?? 0) + 1);
  return buckets;
}

/** The exact nearest-rank percentile: the ⌈q·n⌉-th smallest sample. */
function exactPercentile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;
}

function expectWithinBound(estimate: number | null, exact: number): void {
  expect(estimate).not.toBeNull();
  const allowed = exact >= 1 ? RELATIVE_ERROR_BOUND * exact : SUB_MILLISECOND_ERROR_MS;
  expect(Math.abs(estimate! - exact)).toBeLessThanOrEqual(allowed + 1e-9);
}

describe('bucket mapping', () => {
  it('puts sub-millisecond values (and nonsense) in bucket 0', () => {
    for (const value of [0, 0.2, 0.999, -5, Number.NaN]) expect(bucketOf(value)).toBe(0);
    expect(bucketValue(0)).toBe(0.5);
  });

  it('starts bucket k at G^(k-1), exactly at every boundary', () => {
    expect(bucketOf(1)).toBe(1);
    for (let bucket = 1; bucket <= MAX_BUCKET; bucket += 1) {
      const lower = bucketLowerBound(bucket);
      expect(lower).toBeCloseTo(HISTOGRAM_GROWTH ** (bucket - 1), 9);
      expect(bucketOf(lower)).toBe(bucket);
      if (bucket > 1) expect(bucketOf(lower * (1 - 1e-12))).toBe(bucket - 1);
    }
  });

  it('reports every value within the documented relative error', () => {
    const next = random(7);
    const misplaced: number[] = [];
    const tooFar: number[] = [];
    for (let i = 0; i < 20_000; i += 1) {
      // Log-uniform over the whole range, so every bucket is visited.
      const value = HISTOGRAM_MAX_MS ** next();
      const bucket = bucketOf(value);
      if (!(bucketLowerBound(bucket) <= value && value < bucketLowerBound(bucket + 1))) misplaced.push(value);
      if (Math.abs(bucketValue(bucket) - value) / value > RELATIVE_ERROR_BOUND + 1e-12) tooFar.push(value);
    }
    expect(misplaced).toEqual([]);
    expect(tooFar).toEqual([]);
    expect(RELATIVE_ERROR_BOUND).toBeCloseTo(0.0247, 4);
  });

  it('clamps values beyond the range into the top bucket', () => {
    expect(bucketOf(HISTOGRAM_MAX_MS)).toBe(MAX_BUCKET);
    expect(bucketOf(10 * HISTOGRAM_MAX_MS)).toBe(MAX_BUCKET);
    expect(bucketOf(Number.POSITIVE_INFINITY)).toBe(MAX_BUCKET);
  });
});

describe('percentile', () => {
  const distributions: [string, (next: () => number) => number][] = [
    ['fast lognormal', (next) => lognormal(next, 12, 0.6)],
    ['slow with a heavy tail', (next) => lognormal(next, 300, 1.2)],
    ['bimodal', (next) => (next() < 0.9 ? lognormal(next, 20, 0.3) : lognormal(next, 900, 0.2))],
    ['partly sub-millisecond', (next) => next() * 3],
  ];

  for (const [name, draw] of distributions) {
    it(`stays within the bound of the exact nearest-rank percentile (${name})`, () => {
      const next = random(name.length);
      for (const size of [1, 2, 19, 100, 5_000]) {
        const samples = Array.from({ length: size }, () => draw(next));
        const buckets = histogramOf(samples);
        for (const q of [0.01, 0.5, 0.9, 0.95, 0.99, 0.999, 1]) {
          expectWithinBound(percentile(buckets, q), exactPercentile(samples, q));
        }
      }
    });
  }

  it('gives the same answer for merged partial histograms as for all samples at once', () => {
    const next = random(3);
    const samples = Array.from({ length: 3_000 }, () => lognormal(next, 40, 0.8));
    const parts = [samples.slice(0, 1000), samples.slice(1000, 1001), samples.slice(1001)].map(histogramOf);
    const merged = mergeBuckets(parts);
    expect(merged).toEqual(histogramOf(samples));
    for (const q of [0.5, 0.95, 0.99])
      expect(percentile(merged, q)).toBe(percentile(histogramOf(samples), q));
  });

  it('is null for an empty histogram and refuses a q outside (0, 1]', () => {
    expect(percentile(new Map(), 0.5)).toBeNull();
    expect(() => percentile(new Map([[3, 1]]), 0)).toThrow(RangeError);
    expect(() => percentile(new Map([[3, 1]]), 1.5)).toThrow(RangeError);
  });
});

/**
 * Logarithmic latency histograms (the DDSketch idea): bucket 0 holds [0, 1) ms and bucket k ≥ 1 holds
 * [G^(k-1), G^k) ms, G = HISTOGRAM_GROWTH. A value is reported as its bucket's geometric midpoint
 * G^(k-1/2), which is within a factor √G of every value in the bucket. Histograms are plain counts per
 * bucket, so histograms of different minutes and different instances merge by adding.
 */

export const HISTOGRAM_GROWTH = 1.05;

/** Relative error of a reported value of 1 ms or more: √G − 1 (≈ 2.47 %). */
export const RELATIVE_ERROR_BOUND = Math.sqrt(HISTOGRAM_GROWTH) - 1;

/** Values under 1 ms are reported as 0.5 ms, so off by at most this much. */
export const SUB_MILLISECOND_ERROR_MS = 0.5;

/**
 * Values at or above this land in the top bucket and lose the bound. It is the longest per-attempt timeout
 * the orchestrator accepts, and it keeps the number of buckets (and so one minute's UpdateItem expression)
 * small enough for DynamoDB's 4 KB expression limit.
 */
export const HISTOGRAM_MAX_MS = 120_000;

const LOG_GROWTH = Math.log(HISTOGRAM_GROWTH);

/** The highest bucket index. */
export const MAX_BUCKET = 1 + Math.floor(Math.log(HISTOGRAM_MAX_MS) / LOG_GROWTH);

/** Per-bucket counts, keyed by bucket index. */
export type BucketCounts = ReadonlyMap<number, number>;

export function bucketOf(latencyMs: number): number {
  if (!(latencyMs >= 1)) return 0;
  if (latencyMs >= bucketLowerBound(MAX_BUCKET)) return MAX_BUCKET;
  let bucket = 1 + Math.floor(Math.log(latencyMs) / LOG_GROWTH);
  // Floating-point logarithms can land one bucket off right at a boundary.
  while (bucket > 1 && bucketLowerBound(bucket) > latencyMs) bucket -= 1;
  while (bucketLowerBound(bucket + 1) <= latencyMs) bucket += 1;
  return bucket;
}

/** Inclusive lower bound of a bucket, in ms. */
export function bucketLowerBound(bucket: number): number {
  return bucket <= 0 ? 0 : HISTOGRAM_GROWTH ** (bucket - 1);
}

/** The value a bucket reports: its geometric midpoint (0.5 ms for the sub-millisecond bucket). */
export function bucketValue(bucket: number): number {
  return bucket <= 0 ? SUB_MILLISECOND_ERROR_MS : HISTOGRAM_GROWTH ** (bucket - 0.5);
}

export function mergeBuckets(histograms: Iterable<BucketCounts>): Map<number, number> {
  const merged = new Map<number, number>();
  for (const histogram of histograms) {
    for (const [bucket, count] of histogram) merged.set(bucket, (merged.get(bucket) ?? 0) + count);
  }
  return merged;
}

/**
 * The q-quantile (0 < q ≤ 1) by the nearest-rank method: the value of the ⌈q·n⌉-th smallest observation,
 * reported as its bucket's midpoint. Null for an empty histogram.
 */
export function percentile(buckets: BucketCounts, q: number): number | null {
  if (!(q > 0 && q <= 1)) throw new RangeError(`percentile: q must be in (0, 1], got ${q}`);
  let total = 0;
  for (const count of buckets.values()) total += count;
  if (total <= 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const bucket of [...buckets.keys()].sort((a, b) => a - b)) {
    seen += buckets.get(bucket) ?? 0;
    if (seen >= rank) return bucketValue(bucket);
  }
  return null;
}

import type { CriticalPathScale } from './measure/critical-path';
import type { DynamoCostScale } from './measure/dynamo-cost';
import type { FrameworkScale } from './measure/framework-cost';
import type { GrowthScale } from './measure/growth';

export interface Scale {
  name: 'full' | 'quick';
  criticalPath: CriticalPathScale;
  framework: FrameworkScale;
  dynamo: DynamoCostScale;
  growth: GrowthScale;
}

/**
 * About seven minutes on a 2-core machine, most of it the framework-cost turns and seeding 100k sessions. Turns
 * are many and several seconds long because a shared machine's speed drifts: ratios of short windows moved
 * by ±0.05 from run to run, and a p99 over two seconds is a handful of requests.
 */
export const FULL_SCALE: Scale = {
  name: 'full',
  // Four connections keep queuing out of the figure: each request is mostly waiting on the services.
  criticalPath: { connections: 4, seconds: 30, warmupSeconds: 3 },
  framework: { concurrencies: [1, 16, 64], seconds: 4, warmupSeconds: 2, rounds: 5 },
  dynamo: { textSearches: 100, clarifiedSearches: 40, mediaSearches: 20 },
  growth: { levels: [1_000, 10_000, 100_000], connections: 16, seconds: 3, warmupSeconds: 2, rounds: 7 },
};

/** Seconds, for the smoke test: every section runs, no figure means anything. */
export const QUICK_SCALE: Scale = {
  name: 'quick',
  criticalPath: { connections: 2, seconds: 1, warmupSeconds: 0 },
  framework: { concurrencies: [1, 16, 64], seconds: 1, warmupSeconds: 0, rounds: 1 },
  dynamo: { textSearches: 4, clarifiedSearches: 2, mediaSearches: 2 },
  growth: { levels: [30, 60, 120], connections: 4, seconds: 1, warmupSeconds: 0, rounds: 1 },
};

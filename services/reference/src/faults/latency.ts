import type { Latency } from '@talknshop/contracts';
import { type Random, randomBetween, standardNormal } from '../random';

const MAX_LATENCY_MS = 600_000;

/** Milliseconds of added latency for one request; distributions draw from the seeded generator. */
export function sampleLatency(latency: Latency, random: Random): number {
  return clamp(rawLatency(latency, random));
}

function rawLatency(latency: Latency, random: Random): number {
  if (typeof latency === 'number') return latency;
  switch (latency.distribution) {
    case 'uniform':
      return randomBetween(
        random,
        Math.min(latency.min_ms, latency.max_ms),
        Math.max(latency.min_ms, latency.max_ms),
      );
    case 'normal':
      return latency.mean_ms + latency.stddev_ms * standardNormal(random);
    case 'lognormal':
      return latency.median_ms * Math.exp(latency.sigma * standardNormal(random));
  }
}

function clamp(ms: number): number {
  return Math.round(Math.min(MAX_LATENCY_MS, Math.max(0, ms)));
}

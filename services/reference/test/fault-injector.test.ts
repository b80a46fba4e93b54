import { type FaultConfigInput, FaultConfigSchema } from '@talknshop/contracts';
import { describe, expect, it } from 'vitest';
import { FaultInjector } from '../src/faults/fault-injector';

function decisions(config: FaultConfigInput, count: number, endpoint = '/search') {
  const injector = new FaultInjector(FaultConfigSchema.parse(config));
  return Array.from({ length: count }, () => injector.decide(endpoint));
}

describe('FaultInjector', () => {
  it('samples every latency distribution reproducibly and never below zero', () => {
    for (const latency of [
      { distribution: 'uniform', min_ms: 10, max_ms: 20 },
      { distribution: 'normal', mean_ms: 5, stddev_ms: 50 },
      { distribution: 'lognormal', median_ms: 40, sigma: 1 },
    ] as const) {
      const config = { seed: 7, rules: [{ endpoint: '*', latency }] };
      const first = decisions(config, 50).map((decision) => decision.latencyMs);
      expect(decisions(config, 50).map((decision) => decision.latencyMs)).toEqual(first);
      expect(first.every((ms) => ms >= 0 && Number.isInteger(ms))).toBe(true);
      expect(new Set(first).size).toBeGreaterThan(1);
    }
    const uniform = decisions(
      { rules: [{ endpoint: '*', latency: { distribution: 'uniform', min_ms: 10, max_ms: 20 } }] },
      50,
    );
    expect(uniform.every((decision) => decision.latencyMs >= 10 && decision.latencyMs <= 20)).toBe(true);
  });

  it('combines every rule that matches', () => {
    const [decision] = decisions(
      {
        rules: [
          { endpoint: '*', latency: 30 },
          { endpoint: '/search', latency: 20, error_rate: 1, error_status: 504 },
          { endpoint: '/products/{product_id}', hang: true },
        ],
      },
      1,
    );
    expect(decision).toEqual({ latencyMs: 50, hang: false, errorStatus: 504, malformed: null });
  });

  it('fires errors at roughly the configured rate', () => {
    const fired = decisions({ seed: 3, rules: [{ endpoint: '*', error_rate: 0.3 }] }, 2000).filter(
      (decision) => decision.errorStatus !== null,
    ).length;
    expect(fired / 2000).toBeGreaterThan(0.25);
    expect(fired / 2000).toBeLessThan(0.35);
  });
});

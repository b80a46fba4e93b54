import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config';

describe('recovery and shutdown settings', () => {
  it('default the lease to the request deadline plus a margin, and shut down within 10 s', () => {
    expect(loadConfig({})).toMatchObject({
      leaseMs: 30_000,
      recoveryIntervalMs: 10_000,
      shutdownGraceMs: 10_000,
    });
    expect(loadConfig({ REQUEST_DEADLINE_MS: '45000' }).leaseMs).toBe(55_000);
  });

  it('refuse a lease that a live request could outlast', () => {
    expect(() => loadConfig({ REQUEST_DEADLINE_MS: '20000', LEASE_MS: '15000' })).toThrow(ConfigError);
    expect(() => loadConfig({ REQUEST_DEADLINE_MS: '20000', LEASE_MS: '15000' })).toThrow(/LEASE_MS/);
    expect(loadConfig({ REQUEST_DEADLINE_MS: '4000', LEASE_MS: '5000' }).leaseMs).toBe(5_000);
  });
});

import { type FaultConfig, FaultConfigSchema, type FaultRule } from '@talknshop/contracts';
import { createRandom, pick, type Random } from '../random';
import { ANY_ENDPOINT } from './fault-config';
import { sampleLatency } from './latency';
import { MALFORMED_KINDS, type MalformedKind } from './malformed';

/** What to do to one request, decided when it arrives. */
export interface FaultDecision {
  latencyMs: number;
  hang: boolean;
  errorStatus: number | null;
  malformed: MalformedKind | null;
}

export const NO_FAULT: FaultDecision = Object.freeze({
  latencyMs: 0,
  hang: false,
  errorStatus: null,
  malformed: null,
});

/**
 * Holds a service's active fault config and its seeded generator. Every rule matching a request applies:
 * latencies add up, any hang hangs, the first error that fires sets the status, and any malformed draw
 * that fires corrupts the body. Decisions are drawn in arrival order, so replaying the same requests
 * after setting the same config replays the same faults.
 */
export class FaultInjector {
  private active: FaultConfig = FaultConfigSchema.parse({});
  private random: Random = createRandom(this.active.seed);
  private release = new AbortController();

  constructor(initial?: FaultConfig) {
    if (initial) this.replace(initial);
  }

  get config(): FaultConfig {
    return this.active;
  }

  /** Installs a new config, restarts the generator from its seed and lets hanging requests go. */
  replace(config: FaultConfig): void {
    this.active = config;
    this.random = createRandom(config.seed);
    this.release.abort();
    this.release = new AbortController();
  }

  clear(): void {
    this.replace(FaultConfigSchema.parse({}));
  }

  decide(template: string): FaultDecision {
    const rules = this.active.rules.filter(
      (rule) => rule.endpoint === ANY_ENDPOINT || rule.endpoint === template,
    );
    if (rules.length === 0) return NO_FAULT;
    return rules.reduce<FaultDecision>((decision, rule) => this.applyRule(decision, rule), { ...NO_FAULT });
  }

  /** Resolves once the config that made a request hang is replaced or cleared, or `signal` aborts. */
  hangUntilReleased(signal: AbortSignal): Promise<void> {
    const release = this.release.signal;
    return new Promise((resolve) => {
      if (release.aborted || signal.aborted) return resolve();
      const done = () => {
        release.removeEventListener('abort', done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      release.addEventListener('abort', done);
      signal.addEventListener('abort', done);
    });
  }

  private applyRule(decision: FaultDecision, rule: FaultRule): FaultDecision {
    const latencyMs = rule.latency === undefined ? 0 : sampleLatency(rule.latency, this.random);
    const errorFires = rule.error_rate !== undefined && this.random.next() < rule.error_rate;
    const malformedFires = rule.malformed_rate !== undefined && this.random.next() < rule.malformed_rate;
    return {
      latencyMs: decision.latencyMs + latencyMs,
      hang: decision.hang || rule.hang === true,
      errorStatus: decision.errorStatus ?? (errorFires ? rule.error_status : null),
      malformed: decision.malformed ?? (malformedFires ? pick(this.random, MALFORMED_KINDS) : null),
    };
  }
}

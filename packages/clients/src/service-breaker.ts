import {
  type CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
} from 'cockatiel';
import type { BreakerConfig } from './config';
import { BadResponseError, TimeoutError, UnavailableError } from './errors';

export type BreakerState = 'closed' | 'open' | 'half-open';

/** One breaker per service, shared by every call to it. */
export function createServiceBreaker(config: Required<BreakerConfig>): CircuitBreakerPolicy {
  return circuitBreaker(handleWhen(countsAgainstService), {
    halfOpenAfter: config.halfOpenAfterMs,
    breaker: new ConsecutiveBreaker(config.consecutiveFailures),
  });
}

/**
 * Only failures that say the service is unhealthy trip the breaker. A 4xx is the service working as
 * designed, and a timeout forced by the caller's own deadline or abort is not the service's fault.
 */
export function countsAgainstService(error: Error): boolean {
  if (error instanceof TimeoutError) return !error.callerImposed;
  return error instanceof UnavailableError || error instanceof BadResponseError;
}

export function breakerState(breaker: CircuitBreakerPolicy): BreakerState {
  switch (breaker.state) {
    case CircuitState.Closed:
      return 'closed';
    case CircuitState.HalfOpen:
      return 'half-open';
    default:
      return 'open';
  }
}

/**
 * While the single half-open probe is in flight cockatiel would park every other call until the probe
 * ends, which can outlive those callers' deadlines; they fail fast instead, as if the circuit were open.
 */
export function isProbing(breaker: CircuitBreakerPolicy): boolean {
  return breaker.state === CircuitState.HalfOpen;
}

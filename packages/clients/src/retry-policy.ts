import {
  ExponentialBackoff,
  handleWhen,
  type IBackoff,
  type IBackoffFactory,
  type IRetryBackoffContext,
  type RetryPolicy,
  retry,
} from 'cockatiel';
import type { RetryConfig } from './config';
import { TimeoutError, UnavailableError } from './errors';

/** Gateway-style statuses that say "try again": the request was not processed. */
const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);

/** A retry that would leave less than this before the deadline could not do useful work. */
export const MIN_ATTEMPT_BUDGET_MS = 5;

type BackoffContext = IRetryBackoffContext<unknown>;

/**
 * Retries a call's attempts with exponential backoff and jitter, only where it is safe, and never with a
 * sleep that would leave no time for an attempt before `deadline`.
 */
export function createRetryPolicy(
  config: Required<RetryConfig>,
  idempotent: boolean,
  deadline: number,
): RetryPolicy {
  const backoff = new ExponentialBackoff({
    initialDelay: config.initialDelayMs,
    maxDelay: config.maxDelayMs,
  });
  return retry(
    handleWhen((error) => isWorthRetrying(error, idempotent)),
    // cockatiel counts retries, not attempts.
    { maxAttempts: config.maxAttempts - 1, backoff: boundedByDeadline(backoff, deadline) },
  );
}

/** Connection errors and 502/503/504 always; timeouts only where repeating the call changes nothing. */
export function isWorthRetrying(error: Error, idempotent: boolean): boolean {
  if (error instanceof UnavailableError) return error.status === null || TRANSIENT_STATUSES.has(error.status);
  if (error instanceof TimeoutError) return idempotent && !error.callerImposed;
  return false;
}

/**
 * Wraps a backoff so that a sleep ending too close to the deadline is never started: the retry policy then
 * gives up with the last attempt's error (throwing from a backoff is how cockatiel lets a backoff stop).
 */
function boundedByDeadline(
  inner: IBackoffFactory<BackoffContext>,
  deadline: number,
): IBackoffFactory<BackoffContext> {
  return {
    next(context: BackoffContext): IBackoff<BackoffContext> {
      const step = inner.next(context);
      if (Date.now() + step.duration + MIN_ATTEMPT_BUDGET_MS > deadline) {
        throw 'error' in context.result ? context.result.error : new Error('retry stopped by the deadline');
      }
      const bounded = boundedByDeadline(step, deadline);
      return { duration: step.duration, next: (nextContext) => bounded.next(nextContext) };
    },
  };
}

import { createHash } from 'node:crypto';
import { ApiError } from '../errors';
import type { TokenBuckets } from './rate-limiter';

export interface LoginThrottleConfig {
  /** Attempts per username: the bucket's size, refilled evenly over `windowSeconds`. */
  attempts: number;
  windowSeconds: number;
}

/** Called before the credentials are checked; refuses with 429 RATE_LIMITED once a name's attempts are spent. */
export type LoginThrottle = (username: string) => Promise<void>;

/**
 * Limits operator login attempts per username in the token buckets every instance shares, so a password
 * cannot be guessed at the speed of the API. Every attempt counts, right or wrong: operators sign in rarely,
 * and counting only failures would need a read of the bucket before each check. Keyed by the name alone,
 * because client addresses are the console's and the load balancer's here: someone guessing can keep the
 * operator out while they guess, but never get in, and the attempts come back one by one once they stop.
 */
export function createLoginThrottle(buckets: TokenBuckets, config: LoginThrottleConfig): LoginThrottle {
  const policy = { capacity: config.attempts, refillPerSecond: config.attempts / config.windowSeconds };
  return async (username) => {
    // Hashed: the name is the caller's input, and only its bucket is needed.
    const bucket = `operator-login:${createHash('sha256').update(username, 'utf8').digest('hex')}`;
    const result = await buckets.take(bucket, policy);
    if (!result.allowed) {
      throw new ApiError('RATE_LIMITED', 'too many login attempts for this username; try again later', {
        retryable: true,
        retryAfterSeconds: Math.max(1, result.retryAfterSeconds),
      });
    }
  };
}

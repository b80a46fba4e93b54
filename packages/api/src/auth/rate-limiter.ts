import type { BucketPolicy, TakeResult } from '@talknshop/db';
import { ApiError } from '../errors';

export interface TokenBuckets {
  take(bucket: string, policy: BucketPolicy): Promise<TakeResult>;
}

export interface RateLimitConfig {
  /** Requests per minute per API key, and per shopper (client + user_id). */
  perKeyPerMinute: number;
  perUserPerMinute: number;
}

export interface RateLimitHeaders {
  set(name: string, value: string): void;
}

function policyOf(perMinute: number): BucketPolicy {
  return { capacity: perMinute, refillPerSecond: perMinute / 60 };
}

/**
 * Checks the API key's bucket, then the shopper's; the tighter one decides the `RateLimit-*` headers.
 * Refusal is a 429 with `Retry-After`.
 */
export function createRateLimiter(
  buckets: TokenBuckets,
  config: RateLimitConfig,
  onRejected: (limit: string) => void,
) {
  return async (clientId: string, userId: string | null, headers: RateLimitHeaders): Promise<void> => {
    const checks = [
      { limit: 'api_key', bucket: `key:${clientId}`, perMinute: config.perKeyPerMinute },
      ...(userId
        ? [{ limit: 'user', bucket: `user:${clientId}:${userId}`, perMinute: config.perUserPerMinute }]
        : []),
    ];
    let tightest: { perMinute: number; remaining: number } | null = null;
    for (const check of checks) {
      const result = await buckets.take(check.bucket, policyOf(check.perMinute));
      if (!result.allowed) {
        onRejected(check.limit);
        headers.set('RateLimit-Limit', String(check.perMinute));
        headers.set('RateLimit-Remaining', '0');
        headers.set('RateLimit-Policy', `${check.perMinute};w=60`);
        throw new ApiError('RATE_LIMITED', `rate limit exceeded (${check.limit}: ${check.perMinute}/min)`, {
          retryable: true,
          retryAfterSeconds: Math.max(1, result.retryAfterSeconds),
        });
      }
      if (!tightest || result.remaining < tightest.remaining) {
        tightest = { perMinute: check.perMinute, remaining: result.remaining };
      }
    }
    if (tightest) {
      headers.set('RateLimit-Limit', String(tightest.perMinute));
      headers.set('RateLimit-Remaining', String(tightest.remaining));
      headers.set('RateLimit-Policy', `${tightest.perMinute};w=60`);
    }
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;

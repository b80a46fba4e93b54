import { createHash } from 'node:crypto';
import type { IdempotencyClaim } from '@talknshop/db';
import { ApiError } from '../errors';

/** The part of the idempotency store the API needs (a DynamoDB-backed one in production). */
export interface IdempotencyRecords {
  claim(scope: string, key: string, fingerprint: string): Promise<IdempotencyClaim>;
  complete(scope: string, key: string, fingerprint: string, response: unknown): Promise<void>;
  release(scope: string, key: string, fingerprint: string): Promise<void>;
}

export interface IdempotencyOptions {
  records: IdempotencyRecords;
  /** How long a duplicate waits for the first request to finish before answering 409. */
  waitMs: number;
  pollMs: number;
}

const KEY = /^[A-Za-z0-9_.:-]{1,128}$/;

/** Same operation and same (parsed) input: key order in the JSON body does not matter. */
export function fingerprintOf(operation: string, input: unknown): string {
  return createHash('sha256').update(operation).update('\n').update(canonicalJson(input)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * Runs `work` at most once per (client, Idempotency-Key): a retry with the same key and body gets the first
 * response without running again; the same key with another body is refused (422); a concurrent duplicate
 * waits for the first to finish. A failed run gives its key back, so the caller can retry it.
 */
export async function runIdempotently<T>(
  options: IdempotencyOptions | undefined,
  request: { scope: string; key: string | undefined; operation: string; input: unknown; onReplay(): void },
  work: () => Promise<T>,
): Promise<T> {
  if (!options || request.key === undefined) return work();
  if (!KEY.test(request.key)) {
    throw new ApiError('INVALID_INPUT', 'Idempotency-Key must be 1-128 letters, digits or _ . : -', {
      issues: [{ field: 'Idempotency-Key', message: 'invalid format' }],
    });
  }
  const fingerprint = fingerprintOf(request.operation, request.input);
  const waitUntil = Date.now() + options.waitMs;
  let claim = await options.records.claim(request.scope, request.key, fingerprint);
  while (claim.state === 'in_progress' && Date.now() < waitUntil) {
    await new Promise((resolve) => setTimeout(resolve, options.pollMs));
    claim = await options.records.claim(request.scope, request.key, fingerprint);
  }
  switch (claim.state) {
    case 'mismatch':
      throw new ApiError('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used with a different request', {
        issues: [{ field: 'Idempotency-Key', message: 'already used with another body' }],
      });
    case 'in_progress':
      throw new ApiError('CONFLICT', 'a request with this Idempotency-Key is still running; retry later', {
        retryable: true,
        retryAfterSeconds: 1,
      });
    case 'completed':
      request.onReplay();
      return claim.response as T;
    case 'claimed':
      break;
  }
  try {
    const result = await work();
    await options.records.complete(request.scope, request.key, fingerprint, result);
    return result;
  } catch (error) {
    await options.records.release(request.scope, request.key, fingerprint);
    throw error;
  }
}

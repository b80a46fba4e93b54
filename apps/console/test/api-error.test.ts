import { describe, expect, it } from 'vitest';
import { describeError, isUnauthorized, shouldRetry } from '../src/lib/api-error';

const apiError = (httpStatus: number, code: string) =>
  Object.assign(new Error('raw'), {
    data: { httpStatus, api: { code, message: `${code} message`, request_id: 'r1' } },
  });

describe('describeError', () => {
  it('prefers the API error body', () => {
    expect(describeError(apiError(404, 'NOT_FOUND'))).toEqual({
      status: 404,
      code: 'NOT_FOUND',
      message: 'NOT_FOUND message',
      requestId: 'r1',
    });
  });
  it('falls back to the error message, then to a generic one', () => {
    expect(describeError(new Error('fetch failed'))).toMatchObject({ status: null, message: 'fetch failed' });
    expect(describeError('???').message).toBe('Something went wrong');
  });
});

describe('retries and auth', () => {
  it('recognises a 401', () => {
    expect(isUnauthorized(apiError(401, 'UNAUTHORIZED'))).toBe(true);
    expect(isUnauthorized(apiError(403, 'FORBIDDEN'))).toBe(false);
  });
  it('never retries client errors, retries others twice', () => {
    expect(shouldRetry(0, apiError(404, 'NOT_FOUND'))).toBe(false);
    expect(shouldRetry(0, apiError(503, 'UNAVAILABLE'))).toBe(true);
    expect(shouldRetry(1, new Error('network'))).toBe(true);
    expect(shouldRetry(2, new Error('network'))).toBe(false);
  });
});

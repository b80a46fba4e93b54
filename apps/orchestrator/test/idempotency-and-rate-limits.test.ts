import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get, OTHER_API_KEY, post, startTestStack, type TestStack } from './support/stack';

let stack: TestStack;
let base: string;

beforeAll(async () => {
  stack = await startTestStack();
  base = stack.api.url;
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

const search = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  post(`${base}/api/v1/search`, body, headers);

describe('Idempotency-Key', () => {
  it('returns the first response to a retry without running the workflow again', async () => {
    const body = { user_id: 'idem-1', query: 'sony headphones' };
    const first = await search(body, { 'idempotency-key': 'retry-1' });
    const again = await search(
      { query: 'sony headphones', user_id: 'idem-1' },
      { 'idempotency-key': 'retry-1' },
    );
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const session = await get(`${base}/api/v1/sessions/${first.body.session_id}`);
    expect(session.body.requests).toHaveLength(1);
  });

  it('refuses the same key with a different body (422)', async () => {
    await search({ user_id: 'idem-2', query: 'red dress' }, { 'idempotency-key': 'reuse-1' });
    const other = await search({ user_id: 'idem-2', query: 'blue dress' }, { 'idempotency-key': 'reuse-1' });
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('runs concurrent duplicates once', async () => {
    const body = { user_id: 'idem-3', query: 'waterproof jacket' };
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => search(body, { 'idempotency-key': 'concurrent-1' })),
    );
    for (const response of responses) expect(response.status).toBe(200);
    expect(new Set(responses.map((r) => r.body.request_id)).size).toBe(1);
    const session = await get(`${base}/api/v1/sessions/${responses[0]?.body.session_id}`);
    expect(session.body.requests).toHaveLength(1);
  });

  it('keeps keys of different API clients apart', async () => {
    const body = { user_id: 'idem-4', query: 'backpack' };
    const mine = await search(body, { 'idempotency-key': 'shared-key' });
    const theirs = await search(body, {
      'idempotency-key': 'shared-key',
      authorization: `Bearer ${OTHER_API_KEY}`,
    });
    expect(theirs.status).toBe(200);
    expect(theirs.body.request_id).not.toBe(mine.body.request_id);
  });

  it('refuses a malformed key', async () => {
    const response = await search({ user_id: 'idem-5', query: 'watch' }, { 'idempotency-key': 'has spaces' });
    expect(response.status).toBe(400);
    expect(response.body.error.issues[0].field).toBe('Idempotency-Key');
  });
});

describe('rate limits', () => {
  let limited: TestStack;
  beforeAll(async () => {
    limited = await startTestStack({ RATE_LIMIT_PER_USER_PER_MINUTE: '3', RATE_LIMIT_LEASE_TOKENS: '1' });
  }, 60_000);
  afterAll(async () => {
    await limited?.close();
  });
  const search = (body: Record<string, unknown>) => post(`${limited.api.url}/api/v1/search`, body);

  it('answers 429 with Retry-After and RateLimit headers past the per-user limit, per user', async () => {
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof search>> | undefined;
    for (let i = 0; i < 4; i += 1) {
      last = await search({ user_id: 'busy-shopper', query: 'sunglasses' });
      statuses.push(last.status);
      if (i === 0) expect(last.headers.get('ratelimit-limit')).toBe('3');
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(last?.body.error.code).toBe('RATE_LIMITED');
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(last?.headers.get('ratelimit-remaining')).toBe('0');
    const someoneElse = await search({ user_id: 'calm-shopper', query: 'sunglasses' });
    expect(someoneElse.status).toBe(200);
    const metrics = await (await fetch(`${limited.api.url}/metrics`)).text();
    expect(metrics).toMatch(/talknshop_rate_limit_rejections_total\{limit="user"\} 1/);
  });
});

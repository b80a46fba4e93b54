import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH, get, OTHER_API_KEY, post, startTestStack, type TestStack } from './support/stack';

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

  it('replays a chat message without running it again, and refuses the key with another message', async () => {
    const user = 'idem-chat';
    const searched = await search({ user_id: user, query: 'sony headphones under 400 dollars' });
    expect(searched.body.status).toBe('completed');
    const sessionId = searched.body.session_id as string;
    const chat = (message: string) =>
      post(
        `${base}/api/v1/chat`,
        { user_id: user, session_id: sessionId, message },
        { 'idempotency-key': 'chat-retry-1' },
      );

    const first = await chat('cheaper');
    const again = await chat('cheaper');
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const session = await get(`${base}/api/v1/sessions/${sessionId}?user_id=${user}`);
    expect(session.body.requests.map((r: { request_id: string }) => r.request_id)).toEqual([
      searched.body.request_id,
      first.body.request_id,
    ]);

    const other = await chat('in blue');
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const after = await get(`${base}/api/v1/sessions/${sessionId}?user_id=${user}`);
    expect(after.body.requests).toHaveLength(2);
  });

  it('replays an answer to a question without running it again, and refuses the key with another answer', async () => {
    const user = 'idem-clarify';
    const asked = await search({ user_id: user, query: 'I want to buy something nice' });
    expect(asked.body.status).toBe('awaiting_clarification');
    const sessionId = asked.body.session_id as string;
    const clarify = (answer: string) =>
      post(
        `${base}/api/v1/sessions/${sessionId}/clarify`,
        { user_id: user, answer },
        { 'idempotency-key': 'clarify-retry-1' },
      );

    const first = await clarify('headphones under 200 dollars');
    // Were it run again, this answer would find no question left (409 NOTHING_TO_CLARIFY).
    const again = await clarify('headphones under 200 dollars');
    expect(first.status).toBe(200);
    expect(first.body.status).toBe('completed');
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const session = await get(`${base}/api/v1/sessions/${sessionId}?user_id=${user}`);
    expect(session.body.requests).toHaveLength(1);
    expect(session.body.requests[0].input.answers).toEqual([{ text: 'headphones under 200 dollars' }]);

    const other = await clarify('laptops under 900 dollars');
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
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

  it('counts opening an event stream against the shopper, like any other call', async () => {
    const user = 'streaming-shopper';
    const started = await search({ user_id: user, query: 'sunglasses' });
    expect(started.status).toBe(200);
    const open = () =>
      fetch(`${limited.api.url}/api/v1/sessions/${started.body.session_id}/events?user_id=${user}`, {
        headers: AUTH,
      });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const response = await open();
      statuses.push(response.status);
      // Only the answer's head matters here: close the stream (or read the error) and move on.
      if (response.status === 200) await response.body?.cancel();
      else {
        const body = (await response.json()) as { error: { code: string } };
        expect(body.error.code).toBe('RATE_LIMITED');
        expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      }
    }
    expect(statuses).toEqual([200, 200, 429]);
  });

  describe('per API key', () => {
    let keyLimited: TestStack;
    beforeAll(async () => {
      keyLimited = await startTestStack({
        RATE_LIMIT_PER_KEY_PER_MINUTE: '3',
        RATE_LIMIT_LEASE_TOKENS: '1',
      });
    }, 60_000);
    afterAll(async () => {
      await keyLimited?.close();
    });

    it('answers 429 with Retry-After and RateLimit headers past the key limit, whichever shoppers use it', async () => {
      const url = `${keyLimited.api.url}/api/v1/search`;
      const answers = [];
      for (const user of ['key-shopper-1', 'key-shopper-2', 'key-shopper-3', 'key-shopper-4']) {
        answers.push(await post(url, { user_id: user, query: 'sunglasses' }));
      }
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429]);
      expect(answers.map((a) => a.headers.get('ratelimit-remaining'))).toEqual(['2', '1', '0', '0']);
      const refused = answers[3]!;
      expect(refused.body.error).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
      expect(refused.body.error.message).toContain('api_key');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(refused.headers.get('ratelimit-limit')).toBe('3');
      expect(refused.headers.get('ratelimit-policy')).toBe('3;w=60');

      // A session read counts against the same key; another key has its own bucket.
      const read = await get(`${keyLimited.api.url}/api/v1/sessions/${answers[0]!.body.session_id}`);
      expect(read.status).toBe(429);
      const otherKey = await post(
        url,
        { user_id: 'key-shopper-1', query: 'sunglasses' },
        { authorization: `Bearer ${OTHER_API_KEY}` },
      );
      expect(otherKey.status).toBe(200);
      const metrics = await (await fetch(`${keyLimited.api.url}/metrics`)).text();
      expect(metrics).toMatch(/talknshop_rate_limit_rejections_total\{limit="api_key"\} 2/);
    });
  });
});

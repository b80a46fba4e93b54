import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get, OTHER_API_KEY, post, startTestStack, type TestStack } from './support/stack';

let stack: TestStack;
let base: string;
let sessionId: string;

const endpoints = () => [
  {
    name: 'search',
    call: (h: Record<string, string>) => post(`${base}/api/v1/search`, { user_id: 'u', query: 'shoes' }, h),
  },
  {
    name: 'chat',
    call: (h: Record<string, string>) => post(`${base}/api/v1/chat`, { user_id: 'u', message: 'shoes' }, h),
  },
  {
    name: 'session get',
    call: (h: Record<string, string>) => get(`${base}/api/v1/sessions/${sessionId}`, h),
  },
  {
    name: 'clarify',
    call: (h: Record<string, string>) =>
      post(`${base}/api/v1/sessions/${sessionId}/clarify`, { answer: 'shoes' }, h),
  },
];

beforeAll(async () => {
  stack = await startTestStack();
  base = stack.api.url;
  const created = await post(`${base}/api/v1/search`, { user_id: 'owner', query: 'something nice' });
  expect(created.body.status).toBe('awaiting_clarification');
  sessionId = created.body.session_id;
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

describe('authentication', () => {
  it('leaves /health open', async () => {
    const response = await fetch(`${base}/health`);
    expect(response.status).toBe(200);
  });

  for (const [label, headers] of [
    ['no key', { authorization: '' }],
    ['a bad key', { authorization: 'Bearer not-a-real-key-123' }],
    ['a malformed header', { authorization: 'Basic dXNlcjpwYXNz' }],
  ] as const) {
    it(`answers 401 to every /api/v1 endpoint with ${label}`, async () => {
      for (const endpoint of endpoints()) {
        const response = await endpoint.call({ ...headers });
        expect(response.status, endpoint.name).toBe(401);
        expect(response.body.error.code, endpoint.name).toBe('UNAUTHORIZED');
      }
    });
  }

  it('answers 401 over tRPC without a key', async () => {
    const response = await fetch(
      `${base}/trpc/session.get?input=${encodeURIComponent(JSON.stringify({ json: { session_id: sessionId } }))}`,
    );
    expect(response.status).toBe(401);
  });
});

describe('ownership', () => {
  it("hides another client's session exactly like a missing one", async () => {
    const other = { authorization: `Bearer ${OTHER_API_KEY}` };
    const read = await get(`${base}/api/v1/sessions/${sessionId}`, other);
    const missing = await get(`${base}/api/v1/sessions/no-such-session`, other);
    expect(read.status).toBe(404);
    expect(read.body.error.code).toBe(missing.body.error.code);
    const clarify = await post(`${base}/api/v1/sessions/${sessionId}/clarify`, { answer: 'shoes' }, other);
    expect(clarify.status).toBe(404);
    const chat = await post(
      `${base}/api/v1/chat`,
      { user_id: 'owner', session_id: sessionId, message: 'hi' },
      other,
    );
    expect(chat.status).toBe(404);
  });

  it("hides another user's session from the same client", async () => {
    const read = await get(`${base}/api/v1/sessions/${sessionId}?user_id=intruder`);
    expect(read.status).toBe(404);
    const clarify = await post(`${base}/api/v1/sessions/${sessionId}/clarify`, {
      user_id: 'intruder',
      answer: 'x',
    });
    expect(clarify.status).toBe(404);
    const chat = await post(`${base}/api/v1/chat`, {
      user_id: 'intruder',
      session_id: sessionId,
      message: 'hi',
    });
    expect(chat.status).toBe(404);
  });

  it('lets the owner read it', async () => {
    const read = await get(`${base}/api/v1/sessions/${sessionId}?user_id=owner`);
    expect(read.status).toBe(200);
  });
});

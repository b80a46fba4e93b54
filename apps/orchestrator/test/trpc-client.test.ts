import type { AppRouter } from '@talknshop/api';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import superjson from 'superjson';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { corruptSession, STACK_FRAME } from './support/corruption';
import { AUTH, clearFaults, setFaults, startTestStack, type TestStack } from './support/stack';

let stack: TestStack;
let client: ReturnType<typeof createTRPCClient<AppRouter>>;

beforeAll(async () => {
  stack = await startTestStack();
  client = createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: `${stack.api.url}/trpc`, transformer: superjson, headers: AUTH })],
  });
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

afterEach(async () => {
  await Promise.all(Object.values(stack.urls).map(clearFaults));
});

interface ErrorData {
  httpStatus: number;
  stack?: string;
  api: {
    code: string;
    message: string;
    issues?: { field: string }[];
    request_id: string | null;
    session_id?: string | null;
    retryable?: boolean;
  };
}

/** The TRPCClientError a call fails with, its `data` and the HTTP response it came in. */
async function failure(call: Promise<unknown>) {
  const error = await call.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCClientError);
  const clientError = error as TRPCClientError<AppRouter>;
  return {
    error: clientError,
    data: clientError.data as ErrorData,
    response: (clientError.meta as { response?: Response } | undefined)?.response,
  };
}

describe('tRPC client', () => {
  it('checks health', async () => {
    expect(await client.health.live.query()).toEqual({ status: 'ok' });
  });

  it('searches, then reads the session', async () => {
    const result = await client.search.mutate({
      user_id: 'trpc-user',
      query: 'sony headphones under 400 dollars',
    });
    expect(result.status).toBe('completed');
    expect(result.results[0]?.brand).toBe('Sony');
    const session = await client.session.get.query({ session_id: result.session_id, user_id: 'trpc-user' });
    expect(session.requests).toHaveLength(1);
    expect(session.requests[0]?.request_id).toBe(result.request_id);
  });

  it('clarifies a vague request and chats on the same session', async () => {
    const first = await client.search.mutate({ user_id: 'trpc-user', query: 'something for my brother' });
    expect(first.status).toBe('awaiting_clarification');
    const answered = await client.clarify.mutate({
      session_id: first.session_id,
      user_id: 'trpc-user',
      answers: { product_type: 'backpacks', price_max: 120 },
    });
    expect(answered.requirements.product_type).toBe('backpacks');
    expect(answered.status).toBe('completed');
    const chat = await client.chat.mutate({
      user_id: 'trpc-user',
      session_id: first.session_id,
      message: 'in blue',
    });
    expect(chat.requirements.attributes.color).toEqual(['blue']);
  });

  it('reports errors in the same shape as REST, under data.api', async () => {
    const { data } = await failure(client.session.get.query({ session_id: 'nope' }));
    expect(data.httpStatus).toBe(404);
    expect(data.api.code).toBe('SESSION_NOT_FOUND');
  });

  it('reports 409 NOTHING_TO_CLARIFY for a clarify with nothing pending, naming the session', async () => {
    const done = await client.search.mutate({
      user_id: 'trpc-user',
      query: 'apple laptop under 2000 dollars',
    });
    expect(done.status).toBe('completed');
    const { data } = await failure(client.clarify.mutate({ session_id: done.session_id, answer: 'any' }));
    expect(data.httpStatus).toBe(409);
    expect(data.api).toMatchObject({ code: 'NOTHING_TO_CLARIFY', session_id: done.session_id });
    expect(data.api.request_id).toEqual(expect.any(String));
  });

  it('reports 503 DOWNSTREAM_UNAVAILABLE, retryable with Retry-After, when the catalog is down', async () => {
    await setFaults(stack.urls.catalog, {
      rules: [{ endpoint: '/search', error_rate: 1, error_status: 503 }],
    });
    const { data, response } = await failure(
      client.search.mutate({ user_id: 'trpc-user', query: 'laptop under 900 dollars' }),
    );
    expect(data.httpStatus).toBe(503);
    expect(data.api).toMatchObject({ code: 'DOWNSTREAM_UNAVAILABLE', retryable: true });
    expect(data.api.session_id).toEqual(expect.any(String));
    expect(data.api.request_id).toEqual(expect.any(String));
    expect(response?.status).toBe(503);
    expect(response?.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('reports 500 INTERNAL without the cause or a stack trace', async () => {
    const stored = await client.search.mutate({ user_id: 'trpc-user', query: 'black leather handbag' });
    await corruptSession(stack, stored.session_id);
    const { error, data } = await failure(client.session.get.query({ session_id: stored.session_id }));
    expect(data.httpStatus).toBe(500);
    expect(data.api).toMatchObject({ code: 'INTERNAL', message: 'internal error' });
    expect(error.message).toBe('internal error');
    expect(data).not.toHaveProperty('stack');
    expect(JSON.stringify({ message: error.message, data })).not.toMatch(STACK_FRAME);
  });

  it('reports validation errors with the offending field', async () => {
    const { data } = await failure(client.search.mutate({ user_id: 'bad id with spaces', query: 'x' }));
    expect(data.api.code).toBe('INVALID_INPUT');
    expect(data.api.issues?.[0]?.field).toBe('user_id');
  });
});

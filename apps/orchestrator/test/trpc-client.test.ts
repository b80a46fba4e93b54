import type { AppRouter } from '@talknshop/api';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH, startTestStack, type TestStack } from './support/stack';

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
    const error = await client.session.get.query({ session_id: 'nope' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCClientError);
    const data = (error as TRPCClientError<AppRouter>).data as { httpStatus: number; api: { code: string } };
    expect(data.httpStatus).toBe(404);
    expect(data.api.code).toBe('SESSION_NOT_FOUND');
  });

  it('reports validation errors with the offending field', async () => {
    const error = await client.search
      .mutate({ user_id: 'bad id with spaces', query: 'x' })
      .catch((e: unknown) => e);
    const data = (error as TRPCClientError<AppRouter>).data as {
      api: { code: string; issues: { field: string }[] };
    };
    expect(data.api.code).toBe('INVALID_INPUT');
    expect(data.api.issues[0]?.field).toBe('user_id');
  });
});

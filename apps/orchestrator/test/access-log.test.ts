import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import type { AppRouter } from '@talknshop/api';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger';
import { AUTH, get, post, startTestStack, type TestStack } from './support/stack';
import { waitFor } from './support/wait';

/** One access log line per request; it names the session whenever the request is about one. */
let stack: TestStack;
const lines: Record<string, unknown>[] = [];

beforeAll(async () => {
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  stack = await startTestStack({}, { logger: createLogger('info', destination) });
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

/** Sends a request under a request id of our own and returns its access log line. */
async function logged<T>(send: (headers: Record<string, string>) => Promise<T>) {
  const requestId = `log-${randomUUID()}`;
  const result = await send({ ...AUTH, 'x-request-id': requestId });
  // The line is written when the response finishes, which the client may see first.
  const line = await waitFor(
    async () => lines.find((entry) => entry.msg === 'request' && entry.request_id === requestId),
    { timeoutMs: 5_000, describe: () => `no access log line for ${requestId}` },
  );
  return { result, line };
}

const url = (path: string) => `${stack.api.url}${path}`;

describe('the access log', () => {
  it('names the session a search created', async () => {
    const { result, line } = await logged((headers) =>
      post(url('/api/v1/search'), { user_id: 'shopper-1', query: 'I want to buy something nice' }, headers),
    );
    expect(result.body.session_id).toEqual(expect.any(String));
    expect(line).toMatchObject({ session_id: result.body.session_id, path: '/api/v1/search', status: 200 });
  });

  it('names the session of a clarify, a chat and a session read', async () => {
    const asked = await post(url('/api/v1/search'), { user_id: 'shopper-1', query: 'something for my dad' });
    const sessionId: string = asked.body.session_id;

    const clarify = await logged((headers) =>
      post(url(`/api/v1/sessions/${sessionId}/clarify`), { answers: { product_type: 'watches' } }, headers),
    );
    expect(clarify.result.status).toBe(200);
    expect(clarify.line.session_id).toBe(sessionId);

    const chat = await logged((headers) =>
      post(url('/api/v1/chat'), { user_id: 'shopper-1', session_id: sessionId, message: 'cheaper' }, headers),
    );
    expect(chat.result.status).toBe(200);
    expect(chat.line.session_id).toBe(sessionId);

    const read = await logged((headers) => get(url(`/api/v1/sessions/${sessionId}`), headers));
    expect(read.result.status).toBe(200);
    expect(read.line.session_id).toBe(sessionId);
  });

  it('names the session a failed request was about', async () => {
    const { result, line } = await logged((headers) => get(url('/api/v1/sessions/no-such-session'), headers));
    expect(result.status).toBe(404);
    expect(line).toMatchObject({ session_id: 'no-such-session', status: 404 });
  });

  it('names the session a tRPC call answered about', async () => {
    const { result, line } = await logged((headers) =>
      createTRPCClient<AppRouter>({
        links: [httpBatchLink({ url: url('/trpc'), transformer: superjson, headers })],
      }).search.mutate({ user_id: 'shopper-1', query: 'sony headphones' }),
    );
    expect(line).toMatchObject({ session_id: result.session_id, path: '/trpc/search' });
  });

  it('names every session of a tRPC batch', async () => {
    const { result, line } = await logged(async (headers) => {
      const client = createTRPCClient<AppRouter>({
        links: [httpBatchLink({ url: url('/trpc'), transformer: superjson, headers })],
      });
      const [first, second] = await Promise.all([
        post(url('/api/v1/search'), { user_id: 'shopper-1', query: 'sony headphones' }),
        post(url('/api/v1/search'), { user_id: 'shopper-2', query: 'nike running shoes' }),
      ]);
      // Both queries go out in one batched HTTP request.
      await Promise.all([
        client.session.get.query({ session_id: first.body.session_id }),
        client.session.get.query({ session_id: second.body.session_id }),
      ]);
      return [first.body.session_id as string, second.body.session_id as string];
    });
    expect(line).toMatchObject({
      session_id: result[0],
      session_ids: result,
      path: '/trpc/session.get,session.get',
    });
  });

  it("carries the caller's trace id from its traceparent", async () => {
    const traceId = randomUUID().replaceAll('-', '');
    const { line } = await logged((headers) =>
      get(url('/health'), { ...headers, traceparent: `00-${traceId}-00f067aa0ba902b7-01` }),
    );
    expect(line).toMatchObject({ path: '/health', trace_id: traceId });
  });

  it('leaves the session out of requests that have none', async () => {
    const { line } = await logged((headers) => get(url('/health'), headers));
    expect(line).toMatchObject({ path: '/health', status: 200 });
    expect(line).not.toHaveProperty('session_id');
  });
});

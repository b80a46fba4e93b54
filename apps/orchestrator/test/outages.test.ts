import type { AppRouter } from '@talknshop/api';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import superjson from 'superjson';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { corruptSession, STACK_FRAME } from './support/corruption';
import { AUTH, clearFaults, get, post, setFaults, startTestStack, type TestStack } from './support/stack';

/**
 * What clients see when something under the orchestrator breaks. Each case gets its own stack: an outage
 * here is not undone, and a hanging catalog would trip the circuit breaker that other tests rely on.
 */

describe('a catalog that stops answering', () => {
  let stack: TestStack;

  beforeAll(async () => {
    // A short per-attempt timeout keeps the retries of a hanging call well within the request deadline.
    stack = await startTestStack({ CATALOG_TIMEOUT_MS: '300' });
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
  });

  afterEach(async () => {
    // Also lets the hanging requests go.
    await clearFaults(stack.urls.catalog);
  });

  it('fails the request with 504 DOWNSTREAM_TIMEOUT, Retry-After and the ids, and persists it', async () => {
    await setFaults(stack.urls.catalog, { rules: [{ endpoint: '/search', hang: true }] });
    const response = await post(`${stack.api.url}/api/v1/search`, {
      user_id: 'shopper-1',
      query: 'laptop under 900 dollars',
    });
    expect(response.status).toBe(504);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(response.body.error).toMatchObject({ code: 'DOWNSTREAM_TIMEOUT', retryable: true });
    expect(response.body.error.message).toContain('catalog');

    const { session_id, request_id } = response.body.error;
    const session = await get(`${stack.api.url}/api/v1/sessions/${session_id}?user_id=shopper-1`);
    expect(session.body.requests).toHaveLength(1);
    expect(session.body.requests[0]).toMatchObject({ request_id, status: 'failed', state: 'FAILED' });
    expect(session.body.requests[0].result.error.code).toBe('TIMEOUT');
  });
});

describe('a downstream service that stops', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
    await stack.services.catalog.close();
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('makes /health/ready answer 503 NOT_READY with Retry-After, naming only that service', async () => {
    const response = await get(`${stack.api.url}/health/ready`);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(response.body.error).toMatchObject({ code: 'NOT_READY', retryable: true });
    expect(response.body.error.message).toContain('catalog:');
    for (const healthy of ['dynamodb', 'media', 'composer']) {
      expect(response.body.error.message).not.toContain(`${healthy}:`);
    }
  });

  it('keeps /health answering: the process itself is alive', async () => {
    const response = await get(`${stack.api.url}/health`);
    expect(response.status).toBe(200);
  });
});

describe('a DynamoDB engine that stops', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
    await stack.stopDynamo();
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('makes /health/ready answer 503 NOT_READY, naming DynamoDB', async () => {
    const response = await get(`${stack.api.url}/health/ready`);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(response.body.error.code).toBe('NOT_READY');
    expect(response.body.error.message).toContain('dynamodb:');
  });

  it('fails a search with 500 INTERNAL, hiding the cause and any stack trace', async () => {
    const response = await post(`${stack.api.url}/api/v1/search`, { user_id: 'shopper-1', query: 'shoes' });
    expect(response.status).toBe(500);
    expect(response.body.error).toMatchObject({ code: 'INTERNAL', message: 'internal error' });
    expect(response.body.error.request_id).toEqual(expect.any(String));
    expect(response.body.error).not.toHaveProperty('stack');
    const text = JSON.stringify(response.body);
    expect(text).not.toContain('ECONNREFUSED');
    expect(text).not.toMatch(STACK_FRAME);
  });
});

/** What production requires besides API_KEYS, which every test stack sets. */
const PRODUCTION = {
  NODE_ENV: 'production',
  CURSOR_SECRET: 'outages-test-cursor-secret-0123456789',
  OPERATOR_PASSWORD: 'outages-test-operator-password',
  OPERATOR_SESSION_SECRET: 'outages-test-operator-secret-0123456789',
  DYNAMODB_CREATE_TABLE: 'true',
};

describe.each([
  ['test', {}],
  ['production', PRODUCTION],
])('with DEBUG=true (NODE_ENV=%s)', (_env, environment: Record<string, string>) => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ DEBUG: 'true', ...environment });
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
  });

  /** A session whose stored item the server can no longer read: its next read is a 500. */
  async function corruptedSessionId(): Promise<string> {
    const stored = await post(`${stack.api.url}/api/v1/search`, {
      user_id: 'shopper-1',
      query: 'black leather handbag',
    });
    await corruptSession(stack, stored.body.session_id);
    return stored.body.session_id;
  }

  it('a REST 500 carries its cause and a stack trace', async () => {
    const sessionId = await corruptedSessionId();
    const response = await get(`${stack.api.url}/api/v1/sessions/${sessionId}`);
    expect(response.status).toBe(500);
    expect(response.body.error.code).toBe('INTERNAL');
    expect(response.body.error.message).toContain('invalid item');
    expect(response.body.error.stack).toMatch(STACK_FRAME);
  });

  it('a tRPC 500 carries its cause and a stack trace', async () => {
    const sessionId = await corruptedSessionId();
    const client = createTRPCClient<AppRouter>({
      links: [httpBatchLink({ url: `${stack.api.url}/trpc`, transformer: superjson, headers: AUTH })],
    });
    const error = await client.session.get.query({ session_id: sessionId }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCClientError);
    const data = (error as TRPCClientError<AppRouter>).data as {
      httpStatus: number;
      stack?: string;
      api: { code: string; message: string };
    };
    expect(data.httpStatus).toBe(500);
    expect(data.api.code).toBe('INTERNAL');
    expect(data.api.message).toContain('invalid item');
    expect(data.stack).toMatch(STACK_FRAME);
  });
});

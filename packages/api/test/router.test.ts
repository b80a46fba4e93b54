import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError } from '../src/errors';
import { appRouter } from '../src/root';
import { type Context, createCallerFactory, toApiErrorBody } from '../src/trpc';
import { type RouterStack, shopperContext, startRouterStack } from './support/router-context';

/**
 * The router as the HTTP adapters call it — real validation, middleware and error mapping — over the
 * services the composition root builds, an embedded DynamoDB and the reference services.
 */
const createCaller = createCallerFactory(appRouter);

let stack: RouterStack;

beforeAll(async () => {
  stack = await startRouterStack();
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

function callerFor(overrides: Partial<Context> = {}) {
  const ctx = shopperContext(stack.services, overrides);
  return { ctx, caller: createCaller(ctx) };
}

/** The error a call fails with, in the shape both transports send (`toApiErrorBody`). */
async function failure(ctx: Context, call: Promise<unknown>) {
  const error = await call.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw error;
  return { trpcCode: error.code, cause: error.cause, body: toApiErrorBody(error, ctx) };
}

const fieldsOf = (body: { issues?: { field: string }[] }) => body.issues?.map((issue) => issue.field);

describe('health', () => {
  it('live answers ok', async () => {
    const { caller } = callerFor();
    expect(await caller.health.live()).toEqual({ status: 'ok' });
  });

  it('ready fails with NOT_READY, retryable, naming each failing check', async () => {
    const { ctx, caller } = callerFor({
      services: {
        ...stack.services,
        readiness: async () => ({
          status: 'not_ready',
          checks: { dynamodb: { ok: true }, catalog: { ok: false, detail: 'status 503' } },
        }),
      },
    });
    const { trpcCode, cause, body } = await failure(ctx, caller.health.ready());
    expect(trpcCode).toBe('SERVICE_UNAVAILABLE');
    expect(body).toMatchObject({ code: 'NOT_READY', retryable: true });
    expect(body.message).toContain('catalog: status 503');
    expect(body.message).not.toContain('dynamodb');
    // The REST adapter turns this into the Retry-After header.
    expect((cause as ApiError).retryAfterSeconds).toBeGreaterThan(0);
  });
});

describe('validation', () => {
  it('names user_id when it is not an identifier', async () => {
    const { ctx, caller } = callerFor();
    const { trpcCode, body } = await failure(ctx, caller.search({ user_id: 'has spaces', query: 'shoes' }));
    expect(trpcCode).toBe('BAD_REQUEST');
    expect(body.code).toBe('INVALID_INPUT');
    expect(fieldsOf(body)).toEqual(['user_id']);
    expect(body.request_id).toBe(ctx.requestId);
  });

  it('names query when a search has no query, audio or image', async () => {
    const { ctx, caller } = callerFor();
    const { body } = await failure(ctx, caller.search({ user_id: 'shopper' }));
    expect(body.code).toBe('INVALID_INPUT');
    expect(fieldsOf(body)).toEqual(['query']);
  });

  it('names message when a chat message is blank', async () => {
    const { ctx, caller } = callerFor();
    const { body } = await failure(ctx, caller.chat({ user_id: 'shopper', message: '   ' }));
    expect(fieldsOf(body)).toEqual(['message']);
  });

  it('names answer when a clarify carries neither answer nor answers', async () => {
    const { ctx, caller } = callerFor();
    const { body } = await failure(ctx, caller.clarify({ session_id: 'some-session' }));
    expect(fieldsOf(body)).toEqual(['answer']);
  });

  it('names the nested field of a structured answer', async () => {
    const { ctx, caller } = callerFor();
    const { body } = await failure(
      ctx,
      caller.clarify({ session_id: 'some-session', answers: { price_max: -5 } }),
    );
    expect(fieldsOf(body)).toEqual(['answers.price_max']);
  });
});

describe('shopper procedures', () => {
  it('refuse a caller without an API client', async () => {
    const { ctx, caller } = callerFor({ clientId: null });
    const { trpcCode, body } = await failure(ctx, caller.search({ user_id: 'shopper', query: 'shoes' }));
    expect(trpcCode).toBe('UNAUTHORIZED');
    expect(body.code).toBe('UNAUTHORIZED');
  });
});

describe('search', () => {
  it('completes a specific request with results that fit it', async () => {
    const { ctx, caller } = callerFor();
    const response = await caller.search({ user_id: 'shopper', query: 'sony headphones under 400 dollars' });
    expect(response).toMatchObject({ status: 'completed', state: 'COMPLETED', request_id: ctx.requestId });
    expect(response.requirements.product_type).toBe('headphones');
    expect(response.results.length).toBeGreaterThan(0);
    for (const result of response.results) expect(result.price).toBeLessThanOrEqual(400);
    expect(response.results[0]?.brand).toBe('Sony');
  });

  it('asks a question for a vague request, and clarify completes the same request', async () => {
    const { ctx: first, caller } = callerFor();
    const asked = await caller.search({ user_id: 'shopper', query: 'I want to buy something nice' });
    expect(asked).toMatchObject({ status: 'awaiting_clarification', state: 'CLARIFICATION', results: [] });
    expect(asked.clarification?.field).toBe('product_type');
    expect(asked.clarification?.suggestions.length).toBeGreaterThan(0);

    const answered = await callerFor().caller.clarify({
      session_id: asked.session_id,
      user_id: 'shopper',
      answers: { product_type: 'backpacks', price_max: 120 },
    });
    expect(answered).toMatchObject({ status: 'completed', request_id: first.requestId, clarification: null });
    expect(answered.requirements.product_type).toBe('backpacks');
    expect(answered.results.length).toBeGreaterThan(0);
    for (const result of answered.results) expect(result.price).toBeLessThanOrEqual(120);
  });
});

describe('chat', () => {
  it('refines the previous requirements of the session as a new request', async () => {
    const searched = await callerFor().caller.search({ user_id: 'shopper', query: 'nike running shoes' });
    const { ctx, caller } = callerFor();
    const refined = await caller.chat({
      user_id: 'shopper',
      session_id: searched.session_id,
      message: 'in red',
    });
    expect(refined).toMatchObject({ session_id: searched.session_id, request_id: ctx.requestId });
    expect(refined.requirements.product_type).toBe('shoes');
    expect(refined.requirements.brands).toEqual(['Nike']);
    expect(refined.requirements.attributes.color).toEqual(['red']);
  });

  it('fails with NOT_FOUND for a session that does not exist', async () => {
    const { ctx, caller } = callerFor();
    const { trpcCode, body } = await failure(
      ctx,
      caller.chat({ user_id: 'shopper', session_id: 'no-such-session', message: 'cheaper' }),
    );
    expect(trpcCode).toBe('NOT_FOUND');
    expect(body).toMatchObject({ code: 'SESSION_NOT_FOUND', session_id: 'no-such-session' });
  });
});

describe('session.get', () => {
  it('shows the session with its requests', async () => {
    const searched = await callerFor().caller.search({ user_id: 'shopper', query: 'black leather handbag' });
    const session = await callerFor().caller.session.get({
      session_id: searched.session_id,
      user_id: 'shopper',
    });
    expect(session.session_id).toBe(searched.session_id);
    expect(session.requirements?.product_type).toBe('handbags');
    expect(session.pending_clarification).toBeNull();
    expect(session.requests.map((r) => [r.request_id, r.request_type, r.status])).toEqual([
      [searched.request_id, 'search', 'completed'],
    ]);
  });

  it('fails with NOT_FOUND for an unknown session', async () => {
    const { ctx, caller } = callerFor();
    const { trpcCode, body } = await failure(ctx, caller.session.get({ session_id: 'no-such-session' }));
    expect(trpcCode).toBe('NOT_FOUND');
    expect(body).toMatchObject({ code: 'SESSION_NOT_FOUND', session_id: 'no-such-session' });
  });

  it('fails with NOT_FOUND for another API client’s session', async () => {
    const searched = await callerFor().caller.search({ user_id: 'shopper', query: 'sunglasses' });
    const { ctx, caller } = callerFor({ clientId: 'client-two' });
    const { trpcCode } = await failure(ctx, caller.session.get({ session_id: searched.session_id }));
    expect(trpcCode).toBe('NOT_FOUND');
  });
});

describe('clarify', () => {
  it('fails with CONFLICT when nothing is pending', async () => {
    const done = await callerFor().caller.search({
      user_id: 'shopper',
      query: 'apple laptop under 2000 dollars',
    });
    expect(done.status).toBe('completed');
    const { ctx, caller } = callerFor();
    const { trpcCode, body } = await failure(
      ctx,
      caller.clarify({ session_id: done.session_id, answer: 'any' }),
    );
    expect(trpcCode).toBe('CONFLICT');
    expect(body).toMatchObject({ code: 'NOTHING_TO_CLARIFY', session_id: done.session_id });
  });

  it('fails with NOT_FOUND for an unknown session', async () => {
    const { ctx, caller } = callerFor();
    const { trpcCode } = await failure(
      ctx,
      caller.clarify({ session_id: 'no-such-session', answer: 'shoes' }),
    );
    expect(trpcCode).toBe('NOT_FOUND');
  });
});

import type { AppRouter } from '@talknshop/api';
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH, get, OTHER_API_KEY, post, startTestStack, type TestStack } from './support/stack';
import { trpcClient } from './support/trpc-client';

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
  {
    name: 'session events',
    call: (h: Record<string, string>) =>
      get(`${base}/api/v1/sessions/${sessionId}/events`, { ...AUTH, ...h }),
  },
];

/** Opens the session's event stream: the status and, for a refusal, its JSON body (the stream is closed). */
async function openEvents(
  query: string,
  headers: Record<string, string> = AUTH,
): Promise<{ status: number; contentType: string | null; body: { error: { code: string } } | null }> {
  const controller = new AbortController();
  const response = await fetch(`${base}/api/v1/sessions/${sessionId}/events${query}`, {
    headers,
    signal: controller.signal,
  });
  const contentType = response.headers.get('content-type');
  if (response.ok) {
    controller.abort();
    return { status: response.status, contentType, body: null };
  }
  return {
    status: response.status,
    contentType,
    body: (await response.json()) as { error: { code: string } },
  };
}

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
    const events = await openEvents('', other);
    expect(events.status).toBe(404);
    expect(events.body?.error.code).toBe('SESSION_NOT_FOUND');
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
    const events = await openEvents('?user_id=intruder');
    expect(events.status).toBe(404);
    expect(events.body?.error.code).toBe('SESSION_NOT_FOUND');
  });

  it('lets the owner read it and follow its events', async () => {
    const read = await get(`${base}/api/v1/sessions/${sessionId}?user_id=owner`);
    expect(read.status).toBe(200);
    const events = await openEvents('?user_id=owner');
    expect(events.status).toBe(200);
    expect(events.contentType).toContain('text/event-stream');
  });
});

describe('over tRPC', () => {
  const client = (headers: Record<string, string>) => trpcClient(base, headers);

  type Api = ReturnType<typeof client>;
  interface Refusal {
    httpStatus: number;
    api: { code: string };
  }

  /** The API error a query or mutation is refused with. */
  async function refusal(call: Promise<unknown>): Promise<Refusal> {
    const error = await call.then(
      () => expect.fail('the call succeeded'),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TRPCClientError);
    return (error as TRPCClientError<AppRouter>).data as Refusal;
  }

  /**
   * The API error a subscription is refused with, and whether the client stopped there (`ended`) or took
   * the error for a passing one and began reconnecting.
   */
  function subscriptionRefusal(
    api: Api,
    input: { session_id: string; user_id?: string },
  ): Promise<Refusal & { ended: boolean }> {
    return new Promise((resolve, reject) => {
      const done = (error: unknown, ended: boolean) => {
        subscription.unsubscribe();
        if (error instanceof TRPCClientError) resolve({ ...(error.data as Refusal), ended });
        else reject(error);
      };
      const subscription = api.session.events.subscribe(input, {
        onData: () => {
          subscription.unsubscribe();
          reject(new Error('the subscription delivered events'));
        },
        onError: (error) => done(error, true),
        onConnectionStateChange: (state) => {
          if (state.state === 'connecting' && state.error) done(state.error, false);
        },
      });
    });
  }

  const procedures = (api: Api, user: string) => ({
    chat: () => refusal(api.chat.mutate({ user_id: user, session_id: sessionId, message: 'cheaper' })),
    clarify: () => refusal(api.clarify.mutate({ user_id: user, session_id: sessionId, answer: 'shoes' })),
    'session.get': () => refusal(api.session.get.query({ session_id: sessionId, user_id: user })),
    'session.events': () => subscriptionRefusal(api, { session_id: sessionId, user_id: user }),
  });

  it('refuses every shopper procedure with a bad key (401), and a subscription ends there', async () => {
    const api = client({ authorization: 'Bearer not-a-real-key-123' });
    const calls = {
      search: () => refusal(api.search.mutate({ user_id: 'owner', query: 'shoes' })),
      ...procedures(api, 'owner'),
    };
    const refused = new Map<string, Refusal & { ended?: boolean }>();
    for (const [name, call] of Object.entries(calls)) {
      const data = await call();
      expect(data.httpStatus, name).toBe(401);
      expect(data.api.code, name).toBe('UNAUTHORIZED');
      refused.set(name, data);
    }
    // The client reports the refusal instead of reconnecting.
    expect(refused.get('session.events')?.ended).toBe(true);
  });

  it("hides another client's and another user's session (404)", async () => {
    for (const [who, calls] of [
      ['another client', procedures(client({ authorization: `Bearer ${OTHER_API_KEY}` }), 'owner')],
      ['another user', procedures(client(AUTH), 'intruder')],
    ] as const) {
      for (const [name, call] of Object.entries(calls)) {
        const data = await call();
        expect(data.httpStatus, `${who}: ${name}`).toBe(404);
        expect(data.api.code, `${who}: ${name}`).toBe('SESSION_NOT_FOUND');
      }
    }
  });

  // The subscription's SESSION_NOT_FOUND is thrown inside its generator, past the middleware that maps API
  // errors to tRPC codes; as INTERNAL_SERVER_ERROR the tRPC client would reconnect to it forever.
  describe("a subscription to another client's session", () => {
    let refused: Refusal & { ended: boolean };
    beforeAll(async () => {
      const other = client({ authorization: `Bearer ${OTHER_API_KEY}` });
      refused = await subscriptionRefusal(other, { session_id: sessionId, user_id: 'owner' });
    });

    it('ends there instead of reconnecting', () => {
      expect(refused.ended).toBe(true);
    });
  });

  it('lets the owner follow the events of the same session', async () => {
    const first = await new Promise((resolve, reject) => {
      const subscription = client(AUTH).session.events.subscribe(
        { session_id: sessionId, user_id: 'owner' },
        {
          onData: (event) => {
            subscription.unsubscribe();
            resolve(event);
          },
          onError: reject,
        },
      );
    });
    expect(first).toMatchObject({ data: { type: 'state_entered', state: 'INITIAL' } });
  });
});

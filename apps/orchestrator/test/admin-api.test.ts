import { randomUUID } from 'node:crypto';
import type { AppRouter } from '@talknshop/api';
import { RELATIVE_ERROR_BOUND } from '@talknshop/db';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH, clearFaults, get, post, setFaults, startTestStack, type TestStack } from './support/stack';
import { observedRequests, waitFor } from './support/wait';

let stack: TestStack;

beforeAll(async () => {
  // Latency figures are flushed every 100 ms here, so the latency test waits for them only briefly.
  stack = await startTestStack({ METRICS_FLUSH_MS: '100' });
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

/** A real tRPC client with a one-cookie jar, as a browser would keep the operator session cookie. */
function adminClient() {
  const jar = { cookie: null as string | null, setCookie: null as string | null };
  const client = createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${stack.api.url}/trpc`,
        transformer: superjson,
        fetch: async (input, init) => {
          const headers = new Headers(init?.headers as ConstructorParameters<typeof Headers>[0]);
          if (jar.cookie) headers.set('cookie', jar.cookie);
          const response = await fetch(input as string, { ...(init as RequestInit), headers });
          const setCookie = response.headers.get('set-cookie');
          if (setCookie) {
            jar.setCookie = setCookie;
            const pair = setCookie.split(';')[0] ?? '';
            jar.cookie = pair.endsWith('=') ? null : pair;
          }
          return response;
        },
      }),
    ],
  });
  return { client, jar };
}

type Client = ReturnType<typeof adminClient>['client'];

async function loggedIn(): Promise<Client> {
  const { client } = adminClient();
  await client.admin.login.mutate({
    username: stack.config.operator.username,
    password: stack.config.operator.password,
  });
  return client;
}

function apiError(error: unknown): {
  httpStatus: number;
  api: { code: string; issues?: { field: string }[] };
} {
  expect(error).toBeInstanceOf(TRPCClientError);
  return (error as TRPCClientError<AppRouter>).data as never;
}

async function shopperSearch(userId: string, query: string) {
  const response = await post(`${stack.api.url}/api/v1/search`, { user_id: userId, query });
  expect(response.status).toBe(200);
  return response.body as { session_id: string; request_id: string; status: string };
}

describe('operator authentication', () => {
  it('refuses every admin procedure without an operator session', async () => {
    const { client } = adminClient();
    const calls: [string, () => Promise<unknown>][] = [
      ['sessions.list', () => client.admin.sessions.list.query({})],
      ['sessions.counts', () => client.admin.sessions.counts.query({})],
      ['sessions.lookup', () => client.admin.sessions.lookup.query({ id: 'x' })],
      ['sessions.get', () => client.admin.sessions.get.query({ session_id: 'x' })],
      ['replay', () => client.admin.replay.mutate({ request_id: 'x', mode: 'recorded' })],
      ['replays.get', () => client.admin.replays.get.query({ request_id: 'x' })],
      ['latency', () => client.admin.latency.query({ window: '15m' })],
    ];
    for (const [name, call] of calls) {
      const data = apiError(await call().catch((e: unknown) => e));
      expect(data.httpStatus, name).toBe(401);
      expect(data.api.code, name).toBe('UNAUTHORIZED');
    }
    expect(await client.admin.me.query()).toBeNull();
  });

  it('answers 401 over plain HTTP too, whatever a UI would do', async () => {
    const response = await fetch(`${stack.api.url}/trpc/admin.sessions.list`);
    expect(response.status).toBe(401);
    expect(JSON.stringify(await response.json())).toContain('UNAUTHORIZED');
    const forged = await fetch(`${stack.api.url}/trpc/admin.sessions.list`, {
      headers: { cookie: 'tns_operator=b3BlcmF0b3I.9999999999.forged' },
    });
    expect(forged.status).toBe(401);
  });

  it('refuses a shopper API key: Bearer credentials never stand in for an operator session', async () => {
    const made = await shopperSearch(`bearer-${randomUUID().slice(0, 8)}`, 'red running shoes');
    const shopper = createTRPCClient<AppRouter>({
      links: [httpBatchLink({ url: `${stack.api.url}/trpc`, transformer: superjson, headers: AUTH })],
    });
    // The key is good for the shopper's own procedures...
    const own = await shopper.session.get.query({ session_id: made.session_id });
    expect(own.session_id).toBe(made.session_id);
    // ...and for none of the operator's.
    const calls: [string, () => Promise<unknown>][] = [
      ['sessions.list', () => shopper.admin.sessions.list.query({})],
      ['sessions.get', () => shopper.admin.sessions.get.query({ session_id: made.session_id })],
      ['sessions.lookup', () => shopper.admin.sessions.lookup.query({ id: made.request_id })],
      ['replay', () => shopper.admin.replay.mutate({ request_id: made.request_id, mode: 'recorded' })],
      ['latency', () => shopper.admin.latency.query({ window: '15m' })],
    ];
    for (const [name, call] of calls) {
      const data = apiError(await call().catch((e: unknown) => e));
      expect(data.httpStatus, name).toBe(401);
      expect(data.api.code, name).toBe('UNAUTHORIZED');
    }
    expect(await shopper.admin.me.query()).toBeNull();
    const input = encodeURIComponent(JSON.stringify({ json: { session_id: made.session_id } }));
    const plain = await fetch(`${stack.api.url}/trpc/admin.sessions.get?input=${input}`, { headers: AUTH });
    expect(plain.status).toBe(401);
  });

  it('refuses a wrong password and sets no cookie', async () => {
    const { client, jar } = adminClient();
    const error = await client.admin.login
      .mutate({ username: stack.config.operator.username, password: 'not-the-password' })
      .catch((e: unknown) => e);
    const data = apiError(error);
    expect(data.httpStatus).toBe(401);
    expect(data.api.code).toBe('UNAUTHORIZED');
    expect(jar.setCookie).toBeNull();
  });

  it('logs in with an httpOnly cookie, and out again', async () => {
    const { client, jar } = adminClient();
    const operator = await client.admin.login.mutate({
      username: stack.config.operator.username,
      password: stack.config.operator.password,
    });
    expect(operator).toEqual({ username: stack.config.operator.username });
    expect(jar.setCookie).toMatch(/^tns_operator=[^;]+; HttpOnly; SameSite=Lax; Path=\/; Max-Age=\d+$/);
    expect(await client.admin.me.query()).toEqual({ username: stack.config.operator.username });
    await client.admin.sessions.list.query({ limit: 1 });

    expect(await client.admin.logout.mutate()).toEqual({ ok: true });
    expect(jar.setCookie).toContain('Max-Age=0');
    expect(await client.admin.me.query()).toBeNull();
    const after = apiError(await client.admin.sessions.list.query({}).catch((e: unknown) => e));
    expect(after.httpStatus).toBe(401);
  });
});

describe('sessions', () => {
  let admin: Client;
  const user = `admin-shopper-${randomUUID().slice(0, 8)}`;
  let made: { session_id: string; request_id: string };

  beforeAll(async () => {
    admin = await loggedIn();
    made = await shopperSearch(user, 'red running shoes under $150');
  });

  it('lists sessions filtered by user, made through the public REST API', async () => {
    const page = await admin.admin.sessions.list.query({ user_id: user });
    expect(page.items.map((s) => s.session_id)).toEqual([made.session_id]);
    expect(page.items[0]).toMatchObject({
      user_id: user,
      status: 'completed',
      state: 'COMPLETED',
      request_type: 'search',
      request_count: 1,
      last_request_id: made.request_id,
    });
    const none = await admin.admin.sessions.list.query({ user_id: user, status: 'failed' });
    expect(none.items).toEqual([]);
  });

  it('pages with opaque cursors and refuses a forged one, naming the cursor', async () => {
    await shopperSearch(user, 'sony headphones');
    const first = await admin.admin.sessions.list.query({ user_id: user, limit: 1 });
    expect(first.items).toHaveLength(1);
    expect(first.cursor).toEqual(expect.any(String));
    const second = await admin.admin.sessions.list.query({ user_id: user, limit: 1, cursor: first.cursor });
    expect(second.items).toHaveLength(1);
    expect(second.items[0]?.session_id).not.toBe(first.items[0]?.session_id);

    const data = apiError(
      await admin.admin.sessions.list
        .query({ user_id: user, cursor: `${first.cursor}x` })
        .catch((e: unknown) => e),
    );
    expect(data.httpStatus).toBe(400);
    expect(data.api.code).toBe('INVALID_INPUT');
    expect(data.api.issues?.[0]?.field).toBe('cursor');
  });

  it('counts sessions by status over the last 24 hours', async () => {
    const before = await admin.admin.sessions.counts.query({});
    await shopperSearch(`${user}-counted`, 'something nice');
    const after = await admin.admin.sessions.counts.query({});
    expect(after.pending).toBe(before.pending + 1);
    expect(after.completed).toBe(before.completed);
    expect(after.completed).toBeGreaterThanOrEqual(2);
    const empty = await admin.admin.sessions.counts.query({
      from: '2020-01-01T00:00:00.000Z',
      to: '2020-01-02T00:00:00.000Z',
    });
    expect(empty).toEqual({ pending: 0, processing: 0, completed: 0, failed: 0 });
    const tooLong = apiError(
      await admin.admin.sessions.counts
        .query({ from: '2020-01-01T00:00:00.000Z', to: '2021-01-01T00:00:00.000Z' })
        .catch((e: unknown) => e),
    );
    expect(tooLong.httpStatus).toBe(400);
  });

  it('looks up a request id or a session id', async () => {
    expect(await admin.admin.sessions.lookup.query({ id: made.request_id })).toEqual({
      kind: 'request',
      session_id: made.session_id,
      request_id: made.request_id,
    });
    expect(await admin.admin.sessions.lookup.query({ id: made.session_id })).toEqual({
      kind: 'session',
      session_id: made.session_id,
      request_id: null,
    });
    const missing = apiError(await admin.admin.sessions.lookup.query({ id: 'nothing-here' }).catch((e) => e));
    expect(missing.httpStatus).toBe(404);
    expect(missing.api.code).toBe('NOT_FOUND');
  });

  it('shows a session with its requests as stored, workflow state included', async () => {
    const detail = await admin.admin.sessions.get.query({ session_id: made.session_id });
    expect(detail.session).toMatchObject({ session_id: made.session_id, user_id: user });
    expect(detail.session.requirements?.product_type).toBe('shoes');
    expect(detail.requests).toHaveLength(1);
    const [request] = detail.requests;
    expect(request).toMatchObject({ request_id: made.request_id, replay_of: null, state: 'COMPLETED' });
    expect(request?.input_data).toMatchObject({ text: 'red running shoes under $150' });
    const workflow = request?.workflow_state as { current: string; history: { state: string }[] };
    expect(workflow.current).toBe('COMPLETED');
    expect(workflow.history.map((h) => h.state)).toContain('SEARCHING');
    const missing = apiError(await admin.admin.sessions.get.query({ session_id: 'nope' }).catch((e) => e));
    expect(missing.httpStatus).toBe(404);
  });
});

describe('replay', () => {
  let admin: Client;
  let made: { session_id: string; request_id: string };

  beforeAll(async () => {
    admin = await loggedIn();
    made = await shopperSearch(`replay-shopper-${randomUUID().slice(0, 8)}`, 'noise cancelling headphones');
  });

  const originalItem = async () =>
    (await admin.admin.sessions.get.query({ session_id: made.session_id })).requests.find(
      (r) => r.request_id === made.request_id,
    );

  it('replays over the recorded outcomes: the same path, and the original untouched', async () => {
    const before = await originalItem();
    const catalogCalls = (await observedRequests(stack.urls.catalog)).length;
    const result = await admin.admin.replay.mutate({ request_id: made.request_id, mode: 'recorded' });
    expect(result.diff.identical).toBe(true);
    expect(result.diff.results.same).toBe(true);
    expect(result.replay).toMatchObject({
      session_id: made.session_id,
      request_type: 'replay',
      replay_of: made.request_id,
      status: 'completed',
    });
    // Hermetic: nothing reached the catalog.
    expect((await observedRequests(stack.urls.catalog)).length).toBe(catalogCalls);

    const after = await originalItem();
    expect(after?.version).toBe(before?.version);
    expect(after?.updated_at).toBe(before?.updated_at);
    expect(after).toEqual(before);

    const again = await admin.admin.replays.get.query({ request_id: result.replay.request_id });
    expect(again.diff).toEqual(result.diff);
    expect(again.original.request_id).toBe(made.request_id);
  });

  it('replays live: search, rank and compose called again under the replay request id', async () => {
    const result = await admin.admin.replay.mutate({ request_id: made.request_id, mode: 'live' });
    expect(result.replay.state).toBe('COMPLETED');
    expect(result.diff.state_path.same).toBe(true);
    expect(result.replay.input_data).toMatchObject({ replay: { mode: 'live', of: made.request_id } });
    const seen = await observedRequests(stack.urls.catalog);
    expect(seen.some((r) => r.headers['x-request-id'] === result.replay.request_id)).toBe(true);
  });

  it('never shows replays to the shopper, only to operators', async () => {
    const shopperView = await get(`${stack.api.url}/api/v1/sessions/${made.session_id}`);
    expect(shopperView.status).toBe(200);
    expect(shopperView.body.requests.map((r: { request_id: string }) => r.request_id)).toEqual([
      made.request_id,
    ]);
    const operatorView = await admin.admin.sessions.get.query({ session_id: made.session_id });
    const replays = operatorView.requests.filter((r) => r.request_type === 'replay');
    expect(replays.length).toBeGreaterThanOrEqual(2);
    expect(replays.every((r) => r.replay_of === made.request_id)).toBe(true);
    expect(operatorView.session.request_count).toBe(1);
  });

  it('answers 404 for an unknown request and for a request that is not a replay', async () => {
    const unknown = apiError(
      await admin.admin.replay.mutate({ request_id: 'no-such-request', mode: 'recorded' }).catch((e) => e),
    );
    expect(unknown.httpStatus).toBe(404);
    const notReplay = apiError(
      await admin.admin.replays.get.query({ request_id: made.request_id }).catch((e) => e),
    );
    expect(notReplay.httpStatus).toBe(404);
  });
});

describe('downstream latency', () => {
  let admin: Client;

  beforeAll(async () => {
    admin = await loggedIn();
  });

  afterAll(async () => {
    await clearFaults(stack.urls.catalog);
  });

  const catalogSearch = async () => {
    const report = await admin.admin.latency.query({ window: '15m' });
    return {
      report,
      search: report.endpoints.find((e) => e.service === 'catalog' && e.endpoint === '/search')!,
    };
  };

  /** Polls until the stored figures count at least `count` catalog searches (flushes run every 100 ms). */
  const untilCounted = (count: number) =>
    waitFor(
      async () => {
        const found = await catalogSearch();
        return found.search.count >= count ? found : undefined;
      },
      { timeoutMs: 10_000, describe: async () => `count ${(await catalogSearch()).search.count}` },
    );

  const searchesSeen = async () =>
    (await observedRequests(stack.urls.catalog)).filter((r) => r.path === '/search').length;

  it('reports injected catalog latency in the stored percentiles, with links to the slowest requests', async () => {
    const user = `latency-${randomUUID().slice(0, 8)}`;
    for (let i = 0; i < 3; i += 1) await shopperSearch(user, 'red running shoes');
    const before = await untilCounted(await searchesSeen());
    expect(before.search.p95).not.toBeNull();
    expect(before.report.method).toContain('nearest-rank');
    expect(before.report.breakers.catalog).toBe('closed');
    expect(before.search.series).toHaveLength(15);

    await setFaults(stack.urls.catalog, { rules: [{ endpoint: '/search', latency: 300 }] });
    const slowSessions = new Set<string>();
    for (let i = 0; i < 8; i += 1) {
      slowSessions.add((await shopperSearch(user, 'blue rain jacket')).session_id);
    }
    const after = await untilCounted(await searchesSeen());

    expect(after.search.p95).toBeGreaterThanOrEqual(300 * (1 - RELATIVE_ERROR_BOUND));
    expect(after.search.p95).toBeGreaterThan(before.search.p95!);
    expect(after.search.error_rate).toBe(0);
    const slowest = after.search.slowest[0];
    expect(slowest?.latency_ms).toBeGreaterThanOrEqual(300);
    expect(slowSessions.has(slowest!.session_id)).toBe(true);
  });
});

import { type AppRouter, eventsOfRequest, type WorkflowEvent } from '@talknshop/api';
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH, get, OTHER_API_KEY, post, setFaults, startTestStack, type TestStack } from './support/stack';
import { trpcClient } from './support/trpc-client';

let stack: TestStack;
let base: string;

beforeAll(async () => {
  stack = await startTestStack();
  base = stack.api.url;
  // Slow enough that a subscriber sees the workflow while it runs.
  await setFaults(stack.urls.catalog, { rules: [{ endpoint: '/search', latency: 300 }] });
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

/** A session waiting for an answer, so a subscriber can attach before the rest of the workflow runs. */
async function pendingSession(user: string): Promise<{ sessionId: string; requestId: string }> {
  const created = await post(`${base}/api/v1/search`, { user_id: user, query: 'something nice' });
  expect(created.body.status).toBe('awaiting_clarification');
  return { sessionId: created.body.session_id, requestId: created.body.request_id };
}

async function storedEvents(sessionId: string, user: string): Promise<WorkflowEvent[]> {
  const session = await get(`${base}/api/v1/sessions/${sessionId}?user_id=${user}`);
  const items = await stack.dynamo.doc.query({
    TableName: stack.dynamo.tableName,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :req)',
    ExpressionAttributeValues: { ':pk': sessionId, ':req': 'REQ#' },
    ConsistentRead: true,
  });
  expect(session.status).toBe(200);
  return items.Items.flatMap((item) =>
    eventsOfRequest(item as { request_id: string; workflow_state: unknown }),
  );
}

interface SseEvent {
  id: string;
  event: string;
  data: WorkflowEvent;
}

/** Reads server-sent events from the REST endpoint until `until` says stop. */
async function readSse(
  url: string,
  headers: Record<string, string>,
  until: (events: SseEvent[]) => boolean,
): Promise<SseEvent[]> {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const events: SseEvent[] = [];
  let buffer = '';
  while (!until(events)) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const fields = Object.fromEntries(
        block
          .split('\n')
          .filter((line) => line && !line.startsWith(':'))
          .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]),
      );
      if (fields.data)
        events.push({ id: fields.id ?? '', event: fields.event ?? 'message', data: JSON.parse(fields.data) });
      end = buffer.indexOf('\n\n');
    }
  }
  controller.abort();
  return events;
}

const finished = (events: { data?: WorkflowEvent; type?: string }[]) =>
  events.some((e) => (e.data ?? (e as WorkflowEvent)).type === 'completed');

describe('live progress over REST (text/event-stream)', () => {
  it('streams every event of a workflow in order, and resumes after a reconnect without loss or repeats', async () => {
    const user = 'sse-user';
    const { sessionId } = await pendingSession(user);
    const url = `${base}/api/v1/sessions/${sessionId}/events?user_id=${user}`;

    const firstPart = await readSse(url, AUTH, (events) =>
      events.some((e) => e.event === 'clarification_asked'),
    );
    const answering = post(`${base}/api/v1/sessions/${sessionId}/clarify`, {
      user_id: user,
      answer: 'headphones under 300 dollars',
    });
    const lastId = firstPart.at(-1)!.id;
    const secondPart = await readSse(url, { ...AUTH, 'last-event-id': lastId }, finished);
    expect((await answering).status).toBe(200);

    const received = [...firstPart, ...secondPart].map((e) => e.data);
    expect(received).toEqual(await storedEvents(sessionId, user));
    const types = received.map((e) => (e.type === 'state_entered' ? e.state : e.type));
    expect(types.slice(0, 4)).toEqual([
      'INITIAL',
      'REQUIREMENT_BUILDING',
      'CLARIFICATION',
      'clarification_asked',
    ]);
    expect(types).toEqual(
      expect.arrayContaining(['SEARCHING', 'call_finished', 'RANKING', 'COMPLETED', 'completed']),
    );
  });

  it('honours auth and ownership', async () => {
    const { sessionId } = await pendingSession('sse-owner');
    const anonymous = await fetch(`${base}/api/v1/sessions/${sessionId}/events`);
    expect(anonymous.status).toBe(401);
    const other = await fetch(`${base}/api/v1/sessions/${sessionId}/events`, {
      headers: { authorization: `Bearer ${OTHER_API_KEY}` },
    });
    expect(other.status).toBe(404);
    expect(((await other.json()) as { error: { code: string } }).error.code).toBe('SESSION_NOT_FOUND');
  });
});

type Received = { id: string; data: WorkflowEvent }[];
type Handlers = {
  onData: (tracked: { id: string; data: unknown }) => void;
  onError: (error: unknown) => void;
};

/** Subscribes, and gathers tracked events until `stopWhen` is satisfied. */
function collect(
  subscribe: (handlers: Handlers) => { unsubscribe(): void },
  stopWhen: (events: Received) => boolean,
): Promise<Received> {
  return new Promise((resolve, reject) => {
    const events: Received = [];
    const subscription = subscribe({
      onData: (tracked) => {
        events.push({ id: tracked.id, data: tracked.data as WorkflowEvent });
        if (stopWhen(events)) {
          subscription.unsubscribe();
          resolve(events);
        }
      },
      onError: reject,
    });
  });
}

/** The error a subscription ends with; any event before it fails the test. */
function refusal(subscribe: (handlers: Handlers) => { unsubscribe(): void }): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const subscription = subscribe({
      onData: (tracked) => {
        subscription.unsubscribe();
        reject(new Error(`expected a refusal, got event ${tracked.id}`));
      },
      onError: resolve,
    });
  });
}

describe('live progress over a tRPC subscription', () => {
  it('streams the workflow with tracked event ids and resumes from the last one', async () => {
    const user = 'trpc-sse-user';
    const api = trpcClient(base, AUTH);
    const { sessionId } = await pendingSession(user);
    const before = await collect(
      (handlers) => api.session.events.subscribe({ session_id: sessionId, user_id: user }, handlers),
      (events) => events.some((e) => e.data.type === 'clarification_asked'),
    );
    const answering = api.clarify.mutate({ session_id: sessionId, user_id: user, answer: 'sony headphones' });
    const after = await collect(
      (handlers) =>
        api.session.events.subscribe(
          { session_id: sessionId, user_id: user, lastEventId: before.at(-1)!.id },
          handlers,
        ),
      (events) => finished(events.map((e) => e.data)),
    );
    await answering;
    expect([...before, ...after].map((e) => e.data)).toEqual(await storedEvents(sessionId, user));
    expect(new Set([...before, ...after].map((e) => e.id)).size).toBe(before.length + after.length);
  });
});

describe("the operator console's live feed (admin.sessions.events)", () => {
  /** Logs in the way the console does, and returns the operator session cookie. */
  async function operatorCookie(): Promise<string> {
    const response = await fetch(`${base}/trpc/admin.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        json: { username: stack.config.operator.username, password: stack.config.operator.password },
      }),
    });
    expect(response.status).toBe(200);
    const cookie = response.headers.get('set-cookie')?.split(';')[0];
    expect(cookie).toMatch(/^tns_operator=./);
    return cookie!;
  }

  it("streams any shopper's workflow in order to an operator, and resumes from the last event id without repeats", async () => {
    const user = 'console-sse-user';
    const operator = trpcClient(base, { cookie: await operatorCookie() });
    const { sessionId } = await pendingSession(user);
    const follow = (lastEventId: string | undefined, stopWhen: (events: Received) => boolean) =>
      collect(
        (handlers) =>
          operator.admin.sessions.events.subscribe(
            lastEventId ? { session_id: sessionId, lastEventId } : { session_id: sessionId },
            handlers,
          ),
        stopWhen,
      );

    const before = await follow(undefined, (events) =>
      events.some((e) => e.data.type === 'clarification_asked'),
    );
    // The shopper answers through the public API while the operator is disconnected.
    const answering = post(`${base}/api/v1/sessions/${sessionId}/clarify`, {
      user_id: user,
      answer: 'headphones under 300 dollars',
    });
    const after = await follow(before.at(-1)!.id, (events) => finished(events.map((e) => e.data)));
    expect((await answering).status).toBe(200);

    const received = [...before, ...after];
    expect(received.map((e) => e.data)).toEqual(await storedEvents(sessionId, user));
    expect(new Set(received.map((e) => e.id)).size).toBe(received.length);
    expect(received.map((e) => (e.data.type === 'state_entered' ? e.data.state : e.data.type))).toEqual(
      expect.arrayContaining([
        'CLARIFICATION',
        'clarification_asked',
        'SEARCHING',
        'call_finished',
        'completed',
      ]),
    );
  });

  it('refuses with 401 a subscriber without an operator session, whether anonymous or holding a shopper API key', async () => {
    const { sessionId } = await pendingSession('console-sse-refused');
    const callers: [string, Record<string, string>][] = [
      ['anonymous', {}],
      ['shopper API key', AUTH],
      ['forged cookie', { cookie: 'tns_operator=b3BlcmF0b3I.9999999999.forged' }],
    ];
    for (const [name, headers] of callers) {
      const api = trpcClient(base, headers);
      const error = await refusal((handlers) =>
        api.admin.sessions.events.subscribe({ session_id: sessionId }, handlers),
      );
      expect(error, name).toBeInstanceOf(TRPCClientError);
      const data = (error as TRPCClientError<AppRouter>).data as {
        httpStatus: number;
        api: { code: string };
      };
      expect(data.httpStatus, name).toBe(401);
      expect(data.api.code, name).toBe('UNAUTHORIZED');
    }
  });
});

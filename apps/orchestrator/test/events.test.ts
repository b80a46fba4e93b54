import { type AppRouter, eventsOfRequest, type WorkflowEvent } from '@talknshop/api';
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import { EventSource } from 'eventsource';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH, get, OTHER_API_KEY, post, setFaults, startTestStack, type TestStack } from './support/stack';

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
  const items = await stack.dynamo.doc.send(
    new (await import('@aws-sdk/lib-dynamodb')).QueryCommand({
      TableName: stack.dynamo.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :req)',
      ExpressionAttributeValues: { ':pk': sessionId, ':req': 'REQ#' },
      ConsistentRead: true,
    }),
  );
  expect(session.status).toBe(200);
  return (items.Items ?? []).flatMap((item) =>
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

describe('live progress over a tRPC subscription', () => {
  const client = () =>
    createTRPCClient<AppRouter>({
      links: [
        splitLink({
          condition: (op) => op.type === 'subscription',
          true: httpSubscriptionLink({
            url: `${base}/trpc`,
            transformer: superjson,
            EventSource,
            eventSourceOptions: () => ({
              fetch: (input: string | URL | Request, init?: RequestInit) =>
                fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), ...AUTH } }),
            }),
          }),
          false: httpBatchLink({ url: `${base}/trpc`, transformer: superjson, headers: AUTH }),
        }),
      ],
    });

  function collect(
    api: ReturnType<typeof client>,
    input: { session_id: string; user_id: string; lastEventId?: string },
    stopWhen: (events: { id: string; data: WorkflowEvent }[]) => boolean,
  ): Promise<{ id: string; data: WorkflowEvent }[]> {
    return new Promise((resolve, reject) => {
      const events: { id: string; data: WorkflowEvent }[] = [];
      const subscription = api.session.events.subscribe(input, {
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

  it('streams the workflow with tracked event ids and resumes from the last one', async () => {
    const user = 'trpc-sse-user';
    const api = client();
    const { sessionId } = await pendingSession(user);
    const before = await collect(api, { session_id: sessionId, user_id: user }, (events) =>
      events.some((e) => e.data.type === 'clarification_asked'),
    );
    const answering = api.clarify.mutate({ session_id: sessionId, user_id: user, answer: 'sony headphones' });
    const after = await collect(
      api,
      { session_id: sessionId, user_id: user, lastEventId: before.at(-1)!.id },
      (events) => finished(events.map((e) => e.data)),
    );
    await answering;
    expect([...before, ...after].map((e) => e.data)).toEqual(await storedEvents(sessionId, user));
    expect(new Set([...before, ...after].map((e) => e.id)).size).toBe(before.length + after.length);
  });
});

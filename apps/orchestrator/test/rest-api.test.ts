import { gunzipSync } from 'node:zlib';
import { audioFixtures, imageFixtures } from '@talknshop/reference-services';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { corruptSession, STACK_FRAME } from './support/corruption';
import { AUTH, clearFaults, get, post, setFaults, startTestStack, type TestStack } from './support/stack';

let stack: TestStack;
let base: string;

beforeAll(async () => {
  stack = await startTestStack();
  base = stack.api.url;
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

afterEach(async () => {
  await Promise.all(Object.values(stack.urls).map(clearFaults));
});

const search = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  post(`${base}/api/v1/search`, { user_id: 'shopper-1', ...body }, headers);

describe('health', () => {
  it('answers GET /health with {"status":"ok"}', async () => {
    const response = await get(`${base}/health`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('reports readiness of DynamoDB and every downstream service', async () => {
    const response = await get(`${base}/health/ready`);
    expect(response.status).toBe(200);
    expect(Object.keys(response.body.checks).sort()).toEqual(['catalog', 'composer', 'dynamodb', 'media']);
  });
});

describe('POST /api/v1/search', () => {
  it('completes a text search with results that fit the requirements', async () => {
    const response = await search({ query: 'red running shoes under $150' });
    expect(response.status).toBe(200);
    const body = response.body;
    expect(body.status).toBe('completed');
    expect(body.state).toBe('COMPLETED');
    expect(body.requirements.product_type).toBe('shoes');
    expect(body.requirements.price.max).toBe(150);
    expect(body.results.length).toBeGreaterThan(0);
    for (const result of body.results) expect(result.price).toBeLessThanOrEqual(150);
    expect(body.results[0].title.toLowerCase()).toContain('red');
    expect(body.results[0].why_ranked.length).toBeGreaterThan(0);
    expect(body.reply).toEqual(expect.any(String));
    expect(body.degraded).toEqual([]);
  });

  it('asks a clarifying question for a vague request, and clarify completes it', async () => {
    const first = await search({ query: 'I want to buy something nice' });
    expect(first.status).toBe(200);
    expect(first.body.status).toBe('awaiting_clarification');
    expect(first.body.state).toBe('CLARIFICATION');
    expect(first.body.clarification.field).toBe('product_type');
    expect(first.body.clarification.suggestions.length).toBeGreaterThan(0);

    let answer = await post(`${base}/api/v1/sessions/${first.body.session_id}/clarify`, {
      user_id: 'shopper-1',
      answer: 'headphones',
    });
    expect(answer.status).toBe(200);
    expect(answer.body.request_id).toBe(first.body.request_id);
    expect(answer.body.requirements.product_type).toBe('headphones');
    if (answer.body.status === 'awaiting_clarification') {
      expect(answer.body.clarification.field).not.toBe('product_type');
      answer = await post(`${base}/api/v1/sessions/${first.body.session_id}/clarify`, {
        user_id: 'shopper-1',
        answers: { price_max: 300 },
      });
    }
    expect(answer.body.status).toBe('completed');
    expect(answer.body.results.length).toBeGreaterThan(0);
  });

  it('runs audio and image through MEDIA_PROCESSING', async () => {
    const audio = audioFixtures().find((f) => /headphones/i.test(f.transcript)) ?? audioFixtures()[0]!;
    const image = imageFixtures()[0]!;
    const response = await search({
      audio: { content_type: audio.contentType, data_base64: audio.base64 },
      image: { content_type: image.contentType, data_base64: image.base64 },
    });
    expect(response.status).toBe(200);
    const session = await get(`${base}/api/v1/sessions/${response.body.session_id}?user_id=shopper-1`);
    const request = session.body.requests.at(-1);
    expect(request.input.audio.sha256).toMatch(/^[0-9a-f]{64}$/);
    const item = await rawRequestItem(response.body.session_id);
    const states = (unpacked(item.workflow_state) as { history: { state: string }[] }).history.map(
      (h) => h.state,
    );
    expect(states.slice(0, 3)).toEqual(['INITIAL', 'MEDIA_PROCESSING', 'REQUIREMENT_BUILDING']);
    expect(JSON.stringify(item)).not.toContain(audio.base64.slice(0, 200));
  });
});

describe('degradation', () => {
  it('continues with the text when media fails, and marks media degraded', async () => {
    await setFaults(stack.urls.media, { rules: [{ endpoint: '*', error_rate: 1, error_status: 500 }] });
    const image = imageFixtures()[0]!;
    const response = await search({
      query: 'blue jacket',
      image: { content_type: image.contentType, data_base64: image.base64 },
    });
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('completed');
    expect(response.body.degraded).toContain('media');
  });

  it('asks the shopper to type when media fails and there is no text', async () => {
    await setFaults(stack.urls.media, { rules: [{ endpoint: '*', error_rate: 1, error_status: 500 }] });
    const audio = audioFixtures()[0]!;
    const response = await search({ audio: { content_type: audio.contentType, data_base64: audio.base64 } });
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('awaiting_clarification');
    expect(response.body.clarification.field).toBe('text');
    const typed = await post(`${base}/api/v1/sessions/${response.body.session_id}/clarify`, {
      answer: 'sony headphones under 300 dollars',
    });
    expect(typed.body.status).toBe('completed');
    expect(typed.body.requirements.product_type).toBe('headphones');
  });

  it('falls back to built-in ranking when the composer is down', async () => {
    await setFaults(stack.urls.composer, { rules: [{ endpoint: '*', error_rate: 1, error_status: 500 }] });
    const response = await search({ query: 'sony headphones' });
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('completed');
    expect(response.body.degraded).toContain('composer');
    expect(response.body.results.length).toBeGreaterThan(0);
    expect(response.body.reply).toEqual(expect.any(String));
  });

  it('fails with 503, Retry-After and the ids when the catalog is down, and persists FAILED', async () => {
    await setFaults(stack.urls.catalog, {
      rules: [{ endpoint: '/search', error_rate: 1, error_status: 503 }],
    });
    const response = await search({ query: 'laptop under 900 dollars' });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(response.body.error.code).toBe('DOWNSTREAM_UNAVAILABLE');
    expect(response.body.error.session_id).toEqual(expect.any(String));
    expect(response.body.error.request_id).toEqual(expect.any(String));
    const item = await rawRequestItem(response.body.error.session_id);
    expect(item.status).toBe('failed');
    expect(item.state).toBe('FAILED');
  });
});

describe('sessions', () => {
  it('shows the history of a conversation', async () => {
    const first = await search({ query: 'nike running shoes size 10' });
    const second = await post(`${base}/api/v1/chat`, {
      user_id: 'shopper-1',
      session_id: first.body.session_id,
      message: 'cheaper',
    });
    expect(second.status).toBe(200);
    expect(second.body.session_id).toBe(first.body.session_id);
    const session = await get(`${base}/api/v1/sessions/${first.body.session_id}?user_id=shopper-1`);
    expect(session.status).toBe(200);
    expect(session.body.requests.map((r: { request_type: string }) => r.request_type)).toEqual([
      'search',
      'chat',
    ]);
    expect(session.body.requests[0].result.product_ids.length).toBeGreaterThan(0);
    expect(session.body.requirements.product_type).toBe('shoes');
  });

  it('closes a pending question as SUPERSEDED when the shopper starts a new search instead', async () => {
    const asked = await search({ query: 'I want to buy something nice' });
    expect(asked.body.status).toBe('awaiting_clarification');
    const sessionId = asked.body.session_id;
    const next = await search({ session_id: sessionId, query: 'red running shoes under $150' });
    expect(next.status).toBe(200);
    expect(next.body.status).toBe('completed');

    const view = await get(`${base}/api/v1/sessions/${sessionId}?user_id=shopper-1`);
    expect(view.body.pending_clarification).toBeNull();
    const statuses = Object.fromEntries(
      view.body.requests.map((r: { request_id: string; status: string; state: string }) => [
        r.request_id,
        `${r.status} ${r.state}`,
      ]),
    );
    expect(statuses).toEqual({
      [asked.body.request_id]: 'failed FAILED',
      [next.body.request_id]: 'completed COMPLETED',
    });
    const closed = (await rawItems(sessionId)).find((i) => i.request_id === asked.body.request_id)!;
    expect((unpacked(closed.workflow_state) as { failure: { code: string } }).failure.code).toBe(
      'SUPERSEDED',
    );
    // Nothing is left to answer.
    const late = await post(`${base}/api/v1/sessions/${sessionId}/clarify`, {
      user_id: 'shopper-1',
      answer: 'headphones',
    });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('NOTHING_TO_CLARIFY');
  });

  it('takes a chat message sent while a question is pending as the answer to it', async () => {
    const asked = await search({ query: 'I want to buy something nice' });
    expect(asked.body.clarification.field).toBe('product_type');

    const chat = await post(`${base}/api/v1/chat`, {
      user_id: 'shopper-1',
      session_id: asked.body.session_id,
      message: 'backpacks under 120 dollars',
    });
    expect(chat.status).toBe(200);
    // The answer resumes the pending request rather than starting a new turn.
    expect(chat.body.request_id).toBe(asked.body.request_id);
    expect(chat.body.status).toBe('completed');
    expect(chat.body.requirements.product_type).toBe('backpacks');
    expect(chat.body.requirements.price.max).toBe(120);
    expect(chat.body.results.length).toBeGreaterThan(0);

    const session = await get(`${base}/api/v1/sessions/${asked.body.session_id}?user_id=shopper-1`);
    expect(session.body.pending_clarification).toBeNull();
    expect(session.body.requests).toHaveLength(1);
    expect(session.body.requests[0].request_type).toBe('search');
    expect(session.body.requests[0].input.text).toBe('I want to buy something nice');
    expect(session.body.requests[0].input.answers).toEqual([{ text: 'backpacks under 120 dollars' }]);
  });

  it('stores items in the documented schema', async () => {
    const response = await search({ query: 'black leather handbag' });
    const items = await rawItems(response.body.session_id);
    const session = items.find((i) => i.sk === 'SESSION')!;
    const request = items.find((i) => String(i.sk).startsWith('REQ#'))!;
    expect(session).toMatchObject({
      pk: response.body.session_id,
      user_id: 'shopper-1',
      version: expect.any(Number),
    });
    expect(request.sk).toBe(`REQ#${request.created_at}#${response.body.request_id}`);
    expect(request).toMatchObject({
      pk: response.body.session_id,
      user_id: 'shopper-1',
      request_type: 'search',
      status: 'completed',
      input_data: expect.any(Object),
      workflow_state: expect.any(Object),
      version: expect.any(Number),
      expires_at: expect.any(Number),
    });
    expect(Date.parse(request.created_at as string)).not.toBeNaN();
    expect(Date.parse(request.updated_at as string)).not.toBeNaN();
    expect(session).toMatchObject({
      sk: 'SESSION',
      client_id: expect.any(String),
      requirements: expect.objectContaining({ product_type: expect.any(String) }),
      last_request_id: response.body.request_id,
      created_at: expect.any(String),
      updated_at: expect.any(String),
      expires_at: expect.any(Number),
    });

    // workflow_state: the state machine's record, with the recorded downstream responses (what a replay
    // feeds back), stored whole as one gzip-compressed JSON binary.
    expect(request.workflow_state).toEqual({ encoding: 'gzip-json', record: expect.any(Uint8Array) });
    const workflow = unpacked(request.workflow_state) as Record<string, unknown>;
    expect(workflow).toMatchObject({
      current: 'COMPLETED',
      steps: expect.objectContaining({
        requirements: expect.objectContaining({ product_type: response.body.requirements.product_type }),
        search: expect.objectContaining({ product_ids: expect.any(Array) }),
        ranking: expect.any(Array),
        reply: response.body.reply,
      }),
      degraded: [],
      failure: null,
    });
    const history = workflow.history as { state: string; duration_ms: number | null }[];
    expect(history.map((h) => h.state)).toEqual([
      'INITIAL',
      'REQUIREMENT_BUILDING',
      'SEARCHING',
      'RANKING',
      'COMPLETED',
    ]);
    expect(history.every((h) => typeof h.duration_ms === 'number')).toBe(true);
    const calls = workflow.calls as { service: string; endpoint: string; status: number }[];
    expect(calls.map((c) => `${c.service} ${c.endpoint} ${c.status}`)).toEqual([
      'catalog /search 200',
      'composer /rank 200',
      'composer /compose 200',
    ]);
    const activities = workflow.activities as { name: string }[];
    expect(activities.map((a) => a.name)).toEqual(['search', 'rank', 'compose']);
  });
});

describe('bad input', () => {
  it('names the missing field with 400 INVALID_INPUT', async () => {
    const response = await post(`${base}/api/v1/search`, { query: 'shoes' });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('INVALID_INPUT');
    expect(response.body.error.issues.map((i: { field: string }) => i.field)).toContain('user_id');
    expect(response.body.error.request_id).toEqual(expect.any(String));
  });

  it('requires one of query, audio or image', async () => {
    const response = await search({});
    expect(response.status).toBe(400);
    expect(response.body.error.issues[0].field).toBe('query');
  });

  it('refuses identifiers that would break key patterns', async () => {
    const response = await search({ query: 'shoes', session_id: 'a#b' });
    expect(response.status).toBe(400);
    expect(response.body.error.issues[0].field).toBe('session_id');
  });

  it('answers 400 for a body that is not JSON', async () => {
    const response = await post(`${base}/api/v1/search`, '{"user_id": ');
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('INVALID_INPUT');
  });

  it('answers 415 when the body is not declared as JSON', async () => {
    const response = await fetch(`${base}/api/v1/search`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', ...AUTH },
      body: 'hello',
    });
    expect(response.status).toBe(415);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      'UNSUPPORTED_MEDIA_TYPE',
    );
  });

  it('answers 413 for a body over the limit', async () => {
    const huge = 'x'.repeat(stack.config.maxBodyBytes + 1);
    const response = await search({
      query: 'shoes',
      audio: { content_type: 'audio/wav', data_base64: huge },
    });
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers 404 for an unknown session, and for another user’s session', async () => {
    const unknown = await get(`${base}/api/v1/sessions/does-not-exist`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('SESSION_NOT_FOUND');
    const mine = await search({ query: 'sunglasses' });
    const theirs = await get(`${base}/api/v1/sessions/${mine.body.session_id}?user_id=someone-else`);
    expect(theirs.status).toBe(404);
    expect(theirs.body.error.code).toBe('SESSION_NOT_FOUND');
  });

  it('answers 409 to a clarify with nothing pending', async () => {
    const done = await search({ query: 'apple laptop under 2000 dollars' });
    const response = await post(`${base}/api/v1/sessions/${done.body.session_id}/clarify`, { answer: 'any' });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('NOTHING_TO_CLARIFY');
  });

  it('answers 500 INTERNAL without the cause or a stack trace when a stored item is corrupt', async () => {
    const stored = await search({ query: 'black leather handbag' });
    await corruptSession(stack, stored.body.session_id);
    const response = await get(`${base}/api/v1/sessions/${stored.body.session_id}?user_id=shopper-1`, {
      ...AUTH,
      'x-request-id': 'corrupt-item-check',
    });
    expect(response.status).toBe(500);
    expect(response.body.error).toEqual({
      code: 'INTERNAL',
      message: 'internal error',
      request_id: 'corrupt-item-check',
    });
    const text = JSON.stringify(response.body);
    expect(text).not.toMatch(STACK_FRAME);
    expect(text).not.toContain('not-a-status');
  });
});

async function rawItems(sessionId: string): Promise<Record<string, unknown>[]> {
  const result = await stack.dynamo.doc.query({
    TableName: stack.dynamo.tableName,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': sessionId },
    ConsistentRead: true,
  });
  return result.Items;
}

/** A stored `workflow_state` decoded as documented: JSON text, or gunzip then JSON. */
function unpacked(workflowState: unknown): unknown {
  const { encoding, record } = workflowState as { encoding: string; record: Uint8Array | string };
  return JSON.parse(encoding === 'json' ? (record as string) : gunzipSync(record).toString('utf8'));
}

async function rawRequestItem(sessionId: string): Promise<Record<string, unknown>> {
  const items = await rawItems(sessionId);
  const requests = items.filter((i) => String(i.sk).startsWith('REQ#'));
  return requests.at(-1)!;
}

import {
  API_ERRORS,
  ChatInputSchema,
  ClarifyInputSchema,
  IdentifierSchema,
  MAX_TEXT_LENGTH,
  SearchInputSchema,
} from '@talknshop/api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH, get, post, startTestStack, type TestStack } from './support/stack';

/**
 * Generated invalid input against every REST endpoint: whatever arrives, the answer is a JSON 4xx whose
 * `error.code` matches its status, never a 5xx, and the server stays up. Invalid means the endpoint's own
 * schema refuses it, so no case runs a workflow. Cases run concurrently, a batch at a time. The event
 * stream is fuzzed too: its refusals must be JSON like the others, and a stream that opens is closed.
 */
const MAX_BODY_BYTES = 65_536;
const BATCH = 8;
const MIN_CASES = 2_000;
/** Longest any answer may take: a refusal that never comes fails its case instead of hanging the run. */
const ANSWER_TIMEOUT_MS = 15_000;

let stack: TestStack;
let base: string;
let pendingSessionId: string;
let completedSessionId: string;
let cases = 0;

beforeAll(async () => {
  stack = await startTestStack({ MAX_BODY_BYTES: String(MAX_BODY_BYTES) });
  base = stack.api.url;
  const pending = await post(`${base}/api/v1/search`, { user_id: 'fuzz-owner', query: 'something nice' });
  expect(pending.body.status).toBe('awaiting_clarification');
  pendingSessionId = pending.body.session_id;
  const completed = await post(`${base}/api/v1/search`, { user_id: 'fuzz-owner', query: 'sony headphones' });
  completedSessionId = completed.body.session_id;
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

interface Case {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

interface Answer {
  status: number;
  contentType: string | null;
  text: string;
}

/** Sends a case; an event stream that opens is closed at once (its answer has no text), so every case ends. */
async function send(c: Case): Promise<Answer> {
  cases += 1;
  const headers: Record<string, string> = { ...AUTH, ...c.headers };
  if (c.contentType !== undefined) headers['content-type'] = c.contentType;
  const stream = new AbortController();
  const response = await fetch(`${base}${c.path}`, {
    method: c.method,
    headers,
    ...(c.body !== undefined ? { body: c.body } : {}),
    signal: AbortSignal.any([stream.signal, AbortSignal.timeout(ANSWER_TIMEOUT_MS)]),
  });
  const contentType = response.headers.get('content-type');
  if (contentType?.startsWith('text/event-stream')) {
    stream.abort();
    return { status: response.status, contentType, text: '' };
  }
  return { status: response.status, contentType, text: await response.text() };
}

/** The property every answer to bad input must have. */
function expectCleanRefusal(c: Case, answer: Answer): void {
  const where = `${c.method} ${c.path} ${c.contentType ?? ''} ${(c.body ?? '').slice(0, 300)}`;
  expect(answer.status, where).toBeGreaterThanOrEqual(400);
  expect(answer.status, where).toBeLessThan(500);
  expect(answer.contentType, where).toMatch(/^application\/json/);
  const body = JSON.parse(answer.text) as { error?: { code?: unknown } };
  const code = body.error?.code;
  expect(typeof code, where).toBe('string');
  expect(API_ERRORS[code as keyof typeof API_ERRORS]?.status, `${where} → ${answer.text.slice(0, 300)}`).toBe(
    answer.status,
  );
}

async function checkBatch(batch: Case[]): Promise<void> {
  const answers = await Promise.all(batch.map(send));
  for (const [i, c] of batch.entries()) expectCleanRefusal(c, answers[i]!);
}

const batches = (arbitrary: fc.Arbitrary<Case>) =>
  fc.array(arbitrary, { minLength: BATCH, maxLength: BATCH });

// ---------------------------------------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------------------------------------

/** Identifiers the API refuses: empty, too long, or with characters outside its alphabet ('#' breaks keys). */
const badIdentifier = fc
  .oneof(
    fc.constantFrom(
      '',
      'a#b',
      'REQ#1',
      'with space',
      'ümlaut',
      '../etc',
      'a/b',
      '%',
      '\u0000',
      'x'.repeat(129),
    ),
    fc.string({ unit: 'binary', maxLength: 200 }),
  )
  .filter((value) => !IdentifierSchema.safeParse(value).success);

const goodIdentifier = fc.stringMatching(/^[A-Za-z0-9_.:@-]{1,64}$/);

const oversizedText = fc
  .integer({ min: MAX_TEXT_LENGTH + 1, max: MAX_TEXT_LENGTH * 3 })
  .map((n) => 'a'.repeat(n));

/** Any JSON value; objects with the endpoint's field names show up too. */
const json = fc.jsonValue({ maxDepth: 3 });

/** Media the API refuses: unknown types, not base64, non-http(s) URLs, both or neither form, extra keys. */
const badMedia = fc.oneof(
  fc.record({ content_type: fc.string({ maxLength: 40 }), data_base64: fc.base64String({ minLength: 4 }) }),
  fc.record({
    content_type: fc.constantFrom('image/png', 'audio/wav'),
    data_base64: fc.string({ minLength: 1, maxLength: 64 }),
  }),
  fc.record({
    content_type: fc.constantFrom('image/png', 'audio/wav'),
    url: fc.oneof(
      fc.constantFrom(
        'file:///etc/passwd',
        'ftp://host/a.png',
        'javascript:alert(1)',
        'data:image/png;base64,AAAA',
      ),
      fc.string({ maxLength: 80 }),
    ),
  }),
  fc.record({
    content_type: fc.constantFrom('image/png', 'audio/wav'),
    data_base64: fc.constant('AAAA'),
    url: fc.constant('https://example.com/a.png'),
  }),
  fc.record({ data_base64: fc.constant('AAAA') }),
  json,
);

/** A valid object with one field replaced (by a wrong type, an oversized or malformed value) or added. */
function corrupted(
  valid: Record<string, unknown>,
  fields: Record<string, fc.Arbitrary<unknown>>,
): fc.Arbitrary<Record<string, unknown>> {
  const replaced = fc.oneof(
    ...Object.entries(fields).map(([field, bad]) => bad.map((value) => ({ ...valid, [field]: value }))),
  );
  const unknownField = fc
    .tuple(fc.string({ minLength: 1, maxLength: 20 }), json)
    .filter(([key]) => !(key in valid) && !(key in fields))
    .map(([key, value]) => ({ ...valid, [key]: value }));
  const missing = fc
    .constantFrom(...Object.keys(valid))
    .map((field) => Object.fromEntries(Object.entries(valid).filter(([key]) => key !== field)));
  return fc.oneof(replaced, unknownField, missing);
}

/** The schema's verdict on what the server will parse from the JSON text. */
function refusedBy(
  schema: { safeParse(value: unknown): { success: boolean } },
  extra: Record<string, unknown> = {},
) {
  return (value: unknown) => {
    const parsed = JSON.parse(JSON.stringify(value ?? null)) as unknown;
    const input =
      parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? { ...parsed, ...extra } : parsed;
    return !schema.safeParse(input).success;
  };
}

const jsonCase = (path: string) => (value: unknown) =>
  ({ method: 'POST', path, body: JSON.stringify(value), contentType: 'application/json' }) as Case;

// ---------------------------------------------------------------------------------------------------------
// Endpoints
// ---------------------------------------------------------------------------------------------------------

const searchBodies = fc
  .oneof(
    json,
    corrupted(
      { user_id: 'fuzz-shopper', query: 'red running shoes' },
      {
        user_id: fc.oneof(badIdentifier, json),
        session_id: fc.oneof(badIdentifier, json),
        query: fc.oneof(oversizedText, fc.constantFrom('', '   ', '\n\t'), json),
        audio: badMedia,
        image: badMedia,
        filters: fc.oneof(
          json,
          fc.record({
            price_min: fc.oneof(fc.constant(-1), fc.string()),
            brands: fc.oneof(fc.string(), fc.integer()),
          }),
        ),
        limit: fc.oneof(fc.constantFrom(0, 51, -1, 1.5, 1e9), json),
      },
    ),
    fc.constant({ user_id: 'fuzz-shopper' }),
  )
  .filter(refusedBy(SearchInputSchema));

const chatBodies = fc
  .oneof(
    json,
    corrupted(
      { user_id: 'fuzz-shopper', message: 'cheaper' },
      {
        user_id: fc.oneof(badIdentifier, json),
        session_id: fc.oneof(badIdentifier, json),
        message: fc.oneof(oversizedText, fc.constantFrom('', '   '), json),
        audio: badMedia,
        image: badMedia,
      },
    ),
  )
  .filter(refusedBy(ChatInputSchema));

const clarifyBodies = (sessionId: string) =>
  fc
    .oneof(
      json,
      corrupted(
        { user_id: 'fuzz-owner', answer: 'headphones' },
        {
          user_id: fc.oneof(badIdentifier, json),
          answer: fc.oneof(oversizedText, fc.constantFrom('', '  '), json),
          answers: fc.oneof(
            json,
            fc.record({
              price_max: fc.oneof(fc.constant(-5), fc.string(), fc.constant(null)),
              brands: fc.oneof(
                fc.array(fc.constant(''), { minLength: 1 }),
                fc.array(fc.constant('b'), { minLength: 21 }),
              ),
              condition: fc.string(),
              currency: fc.string().filter((s) => s.length !== 3),
            }),
          ),
        },
      ),
    )
    .filter(refusedBy(ClarifyInputSchema, { session_id: sessionId }));

const encode = (id: string) => encodeURIComponent(id);

describe('fuzzing the REST API with invalid input', () => {
  it('POST /api/v1/search', async () => {
    await fc.assert(fc.asyncProperty(batches(searchBodies.map(jsonCase('/api/v1/search'))), checkBatch), {
      numRuns: 80,
    });
  });

  it('POST /api/v1/chat', async () => {
    await fc.assert(fc.asyncProperty(batches(chatBodies.map(jsonCase('/api/v1/chat'))), checkBatch), {
      numRuns: 50,
    });
  });

  it('GET /api/v1/sessions/{session_id}', async () => {
    const sessionCase = fc.oneof(
      // Malformed ids and ids nobody has: indistinguishable from outside (400 or 404, never more).
      fc
        .oneof(badIdentifier, goodIdentifier)
        .map((id): Case => ({ method: 'GET', path: `/api/v1/sessions/${encode(id)}` })),
      // A real session asked for as another user, or with a malformed user id.
      fc
        .oneof(
          badIdentifier,
          goodIdentifier.filter((id) => id !== 'fuzz-owner'),
        )
        .map(
          (user): Case => ({
            method: 'GET',
            path: `/api/v1/sessions/${completedSessionId}?user_id=${encode(user)}`,
          }),
        ),
      fc
        .tuple(fc.string({ maxLength: 20 }), fc.string({ maxLength: 40 }))
        .filter(([key]) => key !== 'user_id')
        .map(
          ([key, value]): Case => ({
            method: 'GET',
            path: `/api/v1/sessions/${completedSessionId}?${encode(key)}=${encode(value)}&user_id=nobody`,
          }),
        ),
    );
    await fc.assert(fc.asyncProperty(batches(sessionCase), checkBatch), { numRuns: 50 });
  });

  it('GET /api/v1/sessions/{session_id}/events', async () => {
    const lastEventId = fc.stringMatching(/^[ -~]{0,120}$/);
    const eventsCase = fc.oneof(
      // Malformed ids and ids nobody has, with any Last-Event-ID: refused before a stream opens.
      fc.tuple(fc.oneof(badIdentifier, goodIdentifier), lastEventId).map(
        ([id, last]): Case => ({
          method: 'GET',
          path: `/api/v1/sessions/${encode(id)}/events`,
          headers: { 'last-event-id': last },
        }),
      ),
      // A real session followed as another user, or with a malformed user id.
      fc
        .oneof(
          badIdentifier,
          goodIdentifier.filter((id) => id !== 'fuzz-owner'),
        )
        .map(
          (user): Case => ({
            method: 'GET',
            path: `/api/v1/sessions/${completedSessionId}/events?user_id=${encode(user)}`,
          }),
        ),
      fc
        .tuple(fc.string({ maxLength: 20 }), fc.string({ maxLength: 40 }), lastEventId)
        .filter(([key]) => key !== 'user_id')
        .map(
          ([key, value, last]): Case => ({
            method: 'GET',
            path: `/api/v1/sessions/${completedSessionId}/events?${encode(key)}=${encode(value)}&user_id=nobody`,
            headers: { 'last-event-id': last },
          }),
        ),
    );
    await fc.assert(fc.asyncProperty(batches(eventsCase), checkBatch), { numRuns: 40 });
  });

  it('GET /api/v1/sessions/{session_id}/events, by its owner with any Last-Event-ID: a stream, closed by us', async () => {
    // Not invalid input: an id the server cannot place resumes from the start. The stream must open cleanly.
    const ownerCase = fc.stringMatching(/^[ -~]{0,200}$/).map(
      (last): Case => ({
        method: 'GET',
        path: `/api/v1/sessions/${completedSessionId}/events?user_id=fuzz-owner`,
        headers: { 'last-event-id': last },
      }),
    );
    await fc.assert(
      fc.asyncProperty(batches(ownerCase), async (batch) => {
        const answers = await Promise.all(batch.map(send));
        for (const [i, answer] of answers.entries()) {
          expect(answer.status, batch[i]!.headers?.['last-event-id']).toBe(200);
          expect(answer.contentType).toMatch(/^text\/event-stream/);
        }
      }),
      { numRuns: 10 },
    );
  });

  it('POST /api/v1/sessions/{session_id}/clarify', async () => {
    const clarifyCase = fc.oneof(
      // The real pending question, with answers the schema refuses.
      clarifyBodies(pendingSessionId).map(jsonCase(`/api/v1/sessions/${pendingSessionId}/clarify`)),
      // Malformed or unknown sessions, with any body at all.
      fc
        .tuple(fc.oneof(badIdentifier, goodIdentifier), fc.oneof(json, fc.constant({ answer: 'headphones' })))
        .map(([id, body]) => jsonCase(`/api/v1/sessions/${encode(id)}/clarify`)(body)),
    );
    await fc.assert(fc.asyncProperty(batches(clarifyCase), checkBatch), { numRuns: 70 });
  });

  it('every POST endpoint, with bodies that are not JSON, not declared as JSON, or too large', async () => {
    const path = fc.constantFrom('/api/v1/search', '/api/v1/chat', '/api/v1/sessions/fuzz-session/clarify');
    const notJson = fc.string({ unit: 'binary', maxLength: 200 }).filter((text) => {
      if (text.trim() === '') return false;
      try {
        JSON.parse(text);
        return false;
      } catch {
        return true;
      }
    });
    const wrongType = fc.oneof(
      fc.constantFrom(
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/xml',
        'application/jsonp',
        'json',
      ),
      fc
        .stringMatching(/^[a-z]{1,10}\/[a-z.+-]{1,20}$/)
        .filter((type) => !/^application\/(.*\+)?json$/.test(type)),
    );
    const transportCase = fc.oneof(
      fc
        .tuple(path, notJson)
        .map(([p, body]): Case => ({ method: 'POST', path: p, body, contentType: 'application/json' })),
      fc.tuple(path, wrongType, json).map(
        ([p, contentType, body]): Case => ({
          method: 'POST',
          path: p,
          body: JSON.stringify({
            user_id: 'fuzz-shopper',
            query: 'shoes',
            message: 'hi',
            answer: 'x',
            payload: body,
          }),
          contentType,
        }),
      ),
      fc.tuple(path, fc.integer({ min: MAX_BODY_BYTES + 1, max: MAX_BODY_BYTES * 2 })).map(
        ([p, size]): Case => ({
          method: 'POST',
          path: p,
          body: JSON.stringify({ user_id: 'fuzz-shopper', query: 'x'.repeat(size) }),
          contentType: 'application/json',
        }),
      ),
      fc
        .tuple(
          path,
          fc
            .stringMatching(/^[ !-~]{1,200}$/)
            // fetch trims header values: the key the server sees is the trimmed one.
            .filter((key) => key.trim() !== '' && !/^[A-Za-z0-9_.:-]{1,128}$/.test(key.trim())),
        )
        .map(
          ([p, key]): Case => ({
            method: 'POST',
            path: p,
            body: JSON.stringify({ user_id: 'fuzz-shopper', query: 'sony headphones' }),
            contentType: 'application/json',
            headers: { 'idempotency-key': key },
          }),
        ),
    );
    await fc.assert(fc.asyncProperty(batches(transportCase), checkBatch), { numRuns: 50 });
  });

  // The events route decodes its path segment itself: a malformed percent-encoding is invalid input, not a 500.
  it('GET /api/v1/sessions/{session_id}/events with a malformed percent-encoding in the path', async () => {
    const malformed = fc
      .tuple(fc.constantFrom('%', '%zz', '%E0%A4%A', '%C3', 'a%2'), goodIdentifier)
      .map(([broken, id]): Case => ({ method: 'GET', path: `/api/v1/sessions/${id}${broken}/events` }));
    await fc.assert(fc.asyncProperty(batches(malformed), checkBatch), { numRuns: 5 });
  });

  it(`ran at least ${MIN_CASES} cases, and the server is still up`, async () => {
    expect(cases).toBeGreaterThanOrEqual(MIN_CASES);
    const health = await get(`${base}/health`);
    expect(health.status).toBe(200);
    const ready = await get(`${base}/health/ready`);
    expect(ready.status).toBe(200);
  });
});

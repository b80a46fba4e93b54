import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import type { AdminService } from '../../src/admin/service';
import type { RequestDetail, SessionDetail } from '../../src/admin/wire';
import { ApiError } from '../../src/errors';
import { eventsOfRequest, type WorkflowEvent } from '../../src/events/workflow-events';
import { appRouter } from '../../src/root';
import { type ApiServices, type Context, createCallerFactory } from '../../src/trpc';
import type { WorkflowRecord } from '../../src/workflow/record';
import { clarifiedRunCheckpoints } from '../workflow/clarified-run';

function request(
  request_id: string,
  workflow_state: WorkflowRecord,
  { request_type = 'search', version = 1 } = {},
): RequestDetail {
  return {
    request_id,
    session_id: 's1',
    user_id: 'u1',
    request_type,
    status: 'processing',
    state: workflow_state.current,
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:00.000Z',
    version,
    replay_of: request_type === 'replay' ? 'r1' : null,
    input_data: {},
    workflow_state: workflow_state as unknown as Record<string, unknown>,
  };
}

type StreamAdmin = Pick<AdminService, 'getSession' | 'sessionRequests'>;

/**
 * One session, whose requests a test changes as the workflow would (a new version each time). The
 * stream's polls read them as stored; the fake hands back the readable records, which read the same.
 */
function fakeAdmin(requests: RequestDetail[]) {
  const reads: string[] = [];
  const found = (sessionId: string) => {
    reads.push(sessionId);
    if (sessionId !== 's1') {
      throw new ApiError('SESSION_NOT_FOUND', `session ${sessionId} not found`, { sessionId });
    }
  };
  const admin: StreamAdmin = {
    async getSession(sessionId) {
      found(sessionId);
      return { session: {} as SessionDetail['session'], requests: [...requests] };
    },
    async sessionRequests(sessionId) {
      found(sessionId);
      return [...requests] as unknown as Awaited<ReturnType<AdminService['sessionRequests']>>;
    },
  };
  return { admin, reads };
}

function caller(admin: StreamAdmin, operator: Context['operator'], signal: AbortSignal) {
  const ctx: Context = {
    services: { admin } as unknown as ApiServices,
    requestId: 'test-request',
    clientId: null,
    operator,
    setCookie: () => undefined,
    setHeader: () => undefined,
  };
  return createCallerFactory(appRouter)(ctx, { signal });
}

const operator = { username: 'operator' };

/** Reads `count` tracked events off a subscription. */
async function take(
  stream: AsyncIterable<unknown>,
  count: number,
): Promise<{ id: string; event: WorkflowEvent }[]> {
  const iterator = stream[Symbol.asyncIterator]();
  const out: { id: string; event: WorkflowEvent }[] = [];
  while (out.length < count) {
    const next = await iterator.next();
    if (next.done) break;
    const [id, event] = next.value as [string, WorkflowEvent];
    out.push({ id, event });
  }
  return out;
}

describe('admin.sessions.events', () => {
  it('refuses a caller without an operator session with 401, before reading anything', async () => {
    const { admin, reads } = fakeAdmin([]);
    const controller = new AbortController();
    const error = await caller(admin, null, controller.signal)
      .admin.sessions.events({ session_id: 's1' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('UNAUTHORIZED');
    expect(((error as TRPCError).cause as ApiError).status).toBe(401);
    expect(reads).toEqual([]);
  });

  it("follows the session's requests as they are checkpointed, in order, with tracked ids and no replays", async () => {
    const records = await clarifiedRunCheckpoints();
    const midway = records.findIndex((r) => r.current === 'CLARIFICATION');
    const final = records.at(-1)!;
    const requests = [request('r1', records[midway]!)];
    const { admin } = fakeAdmin(requests);
    const controller = new AbortController();
    const stream = await caller(admin, operator, controller.signal).admin.sessions.events({
      session_id: 's1',
    });

    const before = eventsOfRequest(requests[0]!);
    const first = await take(stream, before.length);
    expect(first.map((e) => e.event)).toEqual(before);

    // The workflow goes on, an operator replays it, and the shopper asks again.
    requests[0] = request('r1', final, { version: 2 });
    requests.push(request('replay-1', final, { request_type: 'replay' }), request('r2', records[1]!));
    const expected = [...eventsOfRequest(requests[0]).slice(before.length), ...eventsOfRequest(requests[2]!)];
    const rest = await take(stream, expected.length);
    controller.abort();
    expect(rest.map((e) => e.event)).toEqual(expected);
    expect(rest.some((e) => e.event.request_id === 'replay-1')).toBe(false);
    const ids = [...first, ...rest].map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('resumes right after lastEventId without repeating anything', async () => {
    const final = (await clarifiedRunCheckpoints()).at(-1)!;
    const { admin } = fakeAdmin([request('r1', final)]);
    const all = eventsOfRequest(request('r1', final));

    const whole = new AbortController();
    const everything = await take(
      await caller(admin, operator, whole.signal).admin.sessions.events({ session_id: 's1' }),
      all.length,
    );
    whole.abort();

    const resumed = new AbortController();
    const stream = await caller(admin, operator, resumed.signal).admin.sessions.events({
      session_id: 's1',
      lastEventId: everything[3]!.id,
    });
    const after = await take(stream, all.length - 4);
    resumed.abort();
    expect(after).toEqual(everything.slice(4));
  });

  it('answers 404 for a session that does not exist', async () => {
    const { admin } = fakeAdmin([]);
    const controller = new AbortController();
    const stream = await caller(admin, operator, controller.signal).admin.sessions.events({
      session_id: 'nope',
    });
    const error = await take(stream, 1).catch((e: unknown) => e);
    // A tRPC NOT_FOUND carrying the API error: as INTERNAL_SERVER_ERROR the client would reconnect forever.
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('NOT_FOUND');
    const cause = (error as TRPCError).cause as ApiError;
    expect(cause.code).toBe('SESSION_NOT_FOUND');
    expect(cause.status).toBe(404);
  });
});

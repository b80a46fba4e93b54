import { StoredWorkflowRecordSchema } from '@talknshop/api';
import type { OrchestratorRepository } from '@talknshop/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get, post, setFaults, stackRepository, startTestStack, type TestStack } from './support/stack';

let stack: TestStack;
let repo: OrchestratorRepository;

beforeAll(async () => {
  stack = await startTestStack();
  repo = stackRepository(stack);
  // A slow search keeps both chats in their workflows at once, so both start from the same session version.
  await setFaults(stack.urls.catalog, { rules: [{ endpoint: '/search', latency: 500 }] });
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

interface Race {
  user: string;
  sessionId: string;
  searchId: string;
  versionBefore: number;
  winner: { requestId: string; body: Record<string, unknown> & { requirements: unknown } };
  loser: { requestId: string; status: number; error: Record<string, unknown> };
}

/** A completed search, then two follow-ups on its session at the same moment, with known request ids. */
async function raceTwoChats(round: string): Promise<Race> {
  const user = `chat-race-${round}`;
  const searched = await post(`${stack.api.url}/api/v1/search`, {
    user_id: user,
    query: 'sony headphones under 400 dollars',
  });
  expect(searched.body.status).toBe('completed');
  const sessionId = searched.body.session_id as string;
  const versionBefore = (await repo.getSession(sessionId))!.version;
  const chat = (requestId: string, message: string) =>
    post(
      `${stack.api.url}/api/v1/chat`,
      { user_id: user, session_id: sessionId, message },
      { 'x-request-id': requestId },
    );

  const ids = [`${round}-cheaper`, `${round}-blue`] as const;
  const responses = await Promise.all([chat(ids[0], 'cheaper'), chat(ids[1], 'in blue')]);
  const won = responses.findIndex((r) => r.status === 200);
  expect(responses.map((r) => r.status).sort(), JSON.stringify(responses.map((r) => r.body))).toEqual([
    200, 409,
  ]);
  const lost = 1 - won;
  return {
    user,
    sessionId,
    searchId: searched.body.request_id,
    versionBefore,
    winner: { requestId: ids[won]!, body: responses[won]!.body },
    loser: { requestId: ids[lost]!, status: responses[lost]!.status, error: responses[lost]!.body.error },
  };
}

describe('two chat messages on one session at once', () => {
  it.each(['1', '2', '3'])(
    'lets exactly one win; the other gets a retryable 409 and the session holds the winner (round %s)',
    async (round) => {
      const race = await raceTwoChats(`round-${round}`);
      expect(race.winner.body).toMatchObject({ request_id: race.winner.requestId, status: 'completed' });
      expect(race.loser.error).toMatchObject({
        code: 'CONFLICT',
        retryable: true,
        request_id: race.loser.requestId,
      });

      // One session write, by the winner: its requirements, its request, counted once.
      const session = await repo.getSession(race.sessionId);
      expect(session).toMatchObject({
        version: race.versionBefore + 1,
        last_request_id: race.winner.requestId,
        request_count: 2,
        status: 'completed',
        pending_clarification: null,
        requirements: race.winner.body.requirements,
      });

      // The shopper's view lists the search and the winning chat as completed, and nothing left in flight.
      const view = await get(`${stack.api.url}/api/v1/sessions/${race.sessionId}?user_id=${race.user}`);
      expect(view.status).toBe(200);
      expect(view.body.requirements).toEqual(race.winner.body.requirements);
      const listed = view.body.requests as { request_id: string; status: string }[];
      expect(listed.find((r) => r.request_id === race.searchId)?.status).toBe('completed');
      expect(listed.find((r) => r.request_id === race.winner.requestId)?.status).toBe('completed');
      // The loser is stored as its client was told: failed and retryable, not completed.
      expect(listed.find((r) => r.request_id === race.loser.requestId)?.status).toBe('failed');
      const lost = await repo.findRequest(race.loser.requestId);
      expect(lost).toMatchObject({ status: 'failed', state: 'FAILED' });
      const lostRecord = StoredWorkflowRecordSchema.parse(lost?.workflow_state);
      expect(lostRecord.failure).toMatchObject({ code: 'CONFLICT', retryable: true });
      // Its history only grows: it completed its work, then failed when its outcome could not be delivered,
      // so whoever followed its events sees the failure after the completion.
      expect(lostRecord.history.map((h) => h.state).slice(-2)).toEqual(['COMPLETED', 'FAILED']);
      const page = await repo.listSessionRequests(race.sessionId);
      for (const item of page.items) {
        expect(['completed', 'failed'], item.request_id).toContain(item.status);
        expect(item.lease_owner, item.request_id).toBeUndefined();
      }

      // The loser may simply retry: it now starts from the winner's session.
      const retry = await post(
        `${stack.api.url}/api/v1/chat`,
        { user_id: race.user, session_id: race.sessionId, message: 'cheaper' },
        { 'x-request-id': `${race.loser.requestId}-retry` },
      );
      expect(retry.status).toBe(200);
      expect(await repo.getSession(race.sessionId)).toMatchObject({
        version: race.versionBefore + 2,
        last_request_id: `${race.loser.requestId}-retry`,
        request_count: 3,
      });
    },
  );
});

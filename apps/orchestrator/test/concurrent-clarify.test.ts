import { InputDataSchema, StoredWorkflowRecordSchema } from '@talknshop/api';
import type { OrchestratorRepository } from '@talknshop/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get, post, setFaults, stackRepository, startTestStack, type TestStack } from './support/stack';

let stack: TestStack;
let repo: OrchestratorRepository;

beforeAll(async () => {
  stack = await startTestStack();
  repo = stackRepository(stack);
  // A slow search keeps the winning answer in progress while the other one arrives.
  await setFaults(stack.urls.catalog, { rules: [{ endpoint: '/search', latency: 500 }] });
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

const ANSWERS = { headphones: 'headphones under 200 dollars', laptops: 'laptops under 900 dollars' } as const;

describe('two answers to one question at once', () => {
  it.each([1, 2, 3])('lets exactly one win; the other gets a retryable 409 (round %i)', async (round) => {
    const user = `race-shopper-${round}`;
    const asked = await post(`${stack.api.url}/api/v1/search`, {
      user_id: user,
      query: 'I want to buy something nice',
    });
    expect(asked.body.status).toBe('awaiting_clarification');
    const sessionId = asked.body.session_id as string;
    const clarify = (answer: string) =>
      post(`${stack.api.url}/api/v1/sessions/${sessionId}/clarify`, { user_id: user, answer });

    const responses = await Promise.all([clarify(ANSWERS.headphones), clarify(ANSWERS.laptops)]);
    const winners = responses.filter((r) => r.status === 200);
    const losers = responses.filter((r) => r.status !== 200);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    expect(losers[0]!.status).toBe(409);
    expect(losers[0]!.body.error).toMatchObject({ code: 'CONFLICT', retryable: true });

    const winner = winners[0]!.body;
    expect(winner.status).toBe('completed');
    const productType = winner.requirements.product_type as keyof typeof ANSWERS;
    expect(Object.keys(ANSWERS)).toContain(productType);

    // The session and the request agree with each other and with the winning answer only.
    const session = await repo.getSession(sessionId);
    expect(session).toMatchObject({
      pending_clarification: null,
      last_request_id: asked.body.request_id,
      status: 'completed',
      request_count: 1,
      requirements: expect.objectContaining({ product_type: productType }),
    });
    const page = await repo.listSessionRequests(sessionId);
    expect(page.items).toHaveLength(1);
    const request = page.items[0]!;
    expect(request).toMatchObject({ request_id: asked.body.request_id, status: 'completed' });
    expect(request.lease_owner).toBeUndefined();
    expect(InputDataSchema.parse(request.input_data).answers).toEqual([{ text: ANSWERS[productType] }]);
    const record = StoredWorkflowRecordSchema.parse(request.workflow_state);
    expect(record.clarifications.map((c) => c.answer)).toEqual([{ text: ANSWERS[productType] }]);

    const view = await get(`${stack.api.url}/api/v1/sessions/${sessionId}?user_id=${user}`);
    expect(view.body.pending_clarification).toBeNull();
    expect(view.body.requests.map((r: { status: string }) => r.status)).toEqual(['completed']);

    // Retrying the loser now finds nothing left to answer.
    const retry = await clarify(ANSWERS.laptops);
    expect(retry.status).toBe(409);
    expect(retry.body.error.code).toBe('NOTHING_TO_CLARIFY');
  });
});

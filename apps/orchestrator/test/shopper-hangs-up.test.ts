import { StoredWorkflowRecordSchema } from '@talknshop/api';
import type { OrchestratorRepository } from '@talknshop/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH, get, setFaults, stackRepository, startTestStack, type TestStack } from './support/stack';
import { observedRequests, waitFor } from './support/wait';

let stack: TestStack;
let repo: OrchestratorRepository;

beforeAll(async () => {
  stack = await startTestStack();
  repo = stackRepository(stack);
  // A search slow enough to hang up during it.
  await setFaults(stack.urls.catalog, { rules: [{ endpoint: '/search', latency: 3_000 }] });
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

describe('a shopper who hangs up mid-search', () => {
  it('has the search cancelled and recorded as CANCELLED, not as the catalog timing out', async () => {
    const requestId = 'hangs-up-during-search';
    const controller = new AbortController();
    const answer = fetch(`${stack.api.url}/api/v1/search`, {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'application/json', 'x-request-id': requestId },
      body: JSON.stringify({ user_id: 'hangs-up', query: 'red running shoes under $150' }),
      signal: controller.signal,
    }).catch((error: unknown) => error);
    await waitFor(
      async () => {
        const seen = await observedRequests(stack.urls.catalog);
        return seen.some((r) => r.headers['x-request-id'] === requestId) ? true : undefined;
      },
      { timeoutMs: 10_000 },
    );
    controller.abort();
    expect(await answer).toBeInstanceOf(Error);

    const stored = await waitFor(
      async () => {
        const item = await repo.findRequest(requestId);
        return item?.status === 'failed' ? item : undefined;
      },
      { timeoutMs: 10_000, describe: async () => JSON.stringify(await repo.findRequest(requestId)) },
    );
    const record = StoredWorkflowRecordSchema.parse(stored.workflow_state);
    expect(record.failure).toMatchObject({ code: 'CANCELLED', service: 'catalog' });
    const search = record.calls.filter((call) => call.endpoint === '/search');
    expect(search.map((call) => call.error_code)).toEqual(['CANCELLED']);

    // The server carries on; the catalog's breaker took no blame, and Prometheus tells the outcome apart.
    expect((await get(`${stack.api.url}/health`)).status).toBe(200);
    const metrics = await (await fetch(`${stack.api.url}/metrics`)).text();
    expect(metrics).toMatch(/talknshop_circuit_breaker_state\{service="catalog"\} 0/);
    expect(metrics).toMatch(
      /talknshop_downstream_call_duration_seconds_count\{service="catalog",endpoint="\/search",outcome="CANCELLED"\} 1/,
    );
  });
});

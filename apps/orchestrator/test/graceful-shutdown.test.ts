import { afterEach, describe, expect, it } from 'vitest';
import { post, setFaults, startTestStack, type TestStack } from './support/stack';
import { observedRequests, waitFor } from './support/wait';

let stack: TestStack | undefined;

afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

async function reachedCatalog(catalogUrl: string, requestId: string): Promise<void> {
  await waitFor(
    async () =>
      (await observedRequests(catalogUrl)).some((r) => r.headers['x-request-id'] === requestId)
        ? true
        : undefined,
    { timeoutMs: 10_000 },
  );
}

const search = (base: string, id: string) =>
  post(
    `${base}/api/v1/search`,
    { user_id: 'draining-shopper', query: 'sony headphones' },
    { 'x-request-id': id },
  );

describe('graceful shutdown', () => {
  it('lets an in-flight request finish, and refuses new connections meanwhile', async () => {
    stack = await startTestStack({ SHUTDOWN_GRACE_MS: '10000' });
    const base = stack.api.url;
    await setFaults(stack.urls.catalog, { rules: [{ endpoint: '/search', latency: 800 }] });
    const answer = search(base, 'slow-1');
    await reachedCatalog(stack.urls.catalog, 'slow-1');

    const closing = stack.api.close();
    await expect(fetch(`${base}/health`)).rejects.toThrow();
    const response = await answer;
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('completed');
    await closing;
  });

  it('closes what is still running when the grace period ends', async () => {
    stack = await startTestStack({ SHUTDOWN_GRACE_MS: '100' });
    const base = stack.api.url;
    await setFaults(stack.urls.catalog, { rules: [{ endpoint: '/search', hang: true }] });
    const answer = search(base, 'hung-1').then(
      (response) => response.status,
      () => 'cut',
    );
    await reachedCatalog(stack.urls.catalog, 'hung-1');

    await stack.api.close();
    // Without the deadline, close would wait for the catalog timeouts and the request would get its 5xx.
    expect(await answer).toBe('cut');
  });
});

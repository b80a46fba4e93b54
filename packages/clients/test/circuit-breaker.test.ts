import { afterEach, describe, expect, it } from 'vitest';
import {
  CircuitOpenError,
  type ClientsConfig,
  createClients,
  RejectedError,
  UnavailableError,
} from '../src/index';
import { recordingContext, sleep, waitUntil } from './support/call-context';
import { product, searchResponse } from './support/fixtures';
import {
  type Responder,
  type ScriptedServer,
  sendJson,
  sendServiceError,
  startScriptedServer,
} from './support/scripted-server';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const HALF_OPEN_AFTER_MS = 50;

async function clientsAnswering(respond: Responder, overrides: Partial<ClientsConfig> = {}) {
  server = await startScriptedServer(respond);
  const url = server.url;
  const clients = createClients({
    urls: { media: url, catalog: url, composer: url },
    retry: { maxAttempts: 1 },
    breaker: { consecutiveFailures: 2, halfOpenAfterMs: HALF_OPEN_AFTER_MS },
    ...overrides,
  });
  return { server, clients };
}

describe('the circuit breaker', () => {
  it('opens after consecutive failures, then fails fast without touching the network', async () => {
    let healthy = false;
    const { server, clients } = await clientsAnswering((_req, res) =>
      healthy ? sendJson(res, 200, searchResponse) : sendServiceError(res, 503, 'DOWN'),
    );
    const { ctx, records } = recordingContext();

    await expect(clients.catalog.search({}, ctx)).rejects.toBeInstanceOf(UnavailableError);
    expect(clients.breakerStates().catalog).toBe('closed');
    await expect(clients.catalog.search({}, ctx)).rejects.toBeInstanceOf(UnavailableError);
    expect(clients.breakerStates()).toEqual({ media: 'closed', catalog: 'open', composer: 'closed' });

    const error = await clients.catalog.search({}, ctx).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(CircuitOpenError);
    expect(error).toMatchObject({ code: 'CIRCUIT_OPEN', status: null, retryable: true, service: 'catalog' });
    expect(server.requests).toHaveLength(2);
    expect(records.at(-1)).toMatchObject({ attempt: 1, status: null, error_code: 'CIRCUIT_OPEN' });

    healthy = true;
    await sleep(HALF_OPEN_AFTER_MS * 2);
    await expect(clients.catalog.search({}, ctx)).resolves.toEqual(searchResponse);
    expect(clients.breakerStates().catalog).toBe('closed');
    expect(server.requests).toHaveLength(3);
  });

  it('re-opens when the half-open probe fails', async () => {
    const { server, clients } = await clientsAnswering((_req, res) => sendServiceError(res, 503, 'DOWN'));
    const { ctx } = recordingContext();
    for (let i = 0; i < 2; i++) await clients.catalog.search({}, ctx).catch(() => undefined);

    await sleep(HALF_OPEN_AFTER_MS * 2);
    await expect(clients.catalog.search({}, ctx)).rejects.toBeInstanceOf(UnavailableError);

    expect(clients.breakerStates().catalog).toBe('open');
    await expect(clients.catalog.search({}, ctx)).rejects.toBeInstanceOf(CircuitOpenError);
    expect(server.requests).toHaveLength(3);
  });

  it('opens within a retried call and stops its remaining attempts', async () => {
    const { server, clients } = await clientsAnswering((_req, res) => sendServiceError(res, 503, 'DOWN'), {
      retry: { maxAttempts: 4, initialDelayMs: 1, maxDelayMs: 5 },
    });
    const { ctx, records } = recordingContext();

    await expect(clients.catalog.search({}, ctx)).rejects.toBeInstanceOf(CircuitOpenError);

    expect(server.requests).toHaveLength(2);
    expect(records.map((r) => [r.attempt, r.error_code])).toEqual([
      [1, 'UNAVAILABLE'],
      [2, 'UNAVAILABLE'],
      [3, 'CIRCUIT_OPEN'],
    ]);
  });

  it('lets one probe through while half-open and fails the others fast', async () => {
    let release: (() => void) | undefined;
    const { server, clients } = await clientsAnswering(
      (_req, res, index) => {
        if (index === 0) sendServiceError(res, 503, 'DOWN');
        else release = () => sendJson(res, 200, product);
      },
      { breaker: { consecutiveFailures: 1, halfOpenAfterMs: HALF_OPEN_AFTER_MS } },
    );
    const { ctx } = recordingContext();
    await expect(clients.catalog.getProduct('sku-1', ctx)).rejects.toBeInstanceOf(UnavailableError);
    await sleep(HALF_OPEN_AFTER_MS * 2);

    const probe = clients.catalog.getProduct('sku-1', ctx);
    await waitUntil(() => release !== undefined);

    expect(clients.breakerStates().catalog).toBe('half-open');
    await expect(clients.catalog.getProduct('sku-1', ctx)).rejects.toBeInstanceOf(CircuitOpenError);
    release?.();
    await expect(probe).resolves.toEqual(product);
    expect(clients.breakerStates().catalog).toBe('closed');
    expect(server.requests).toHaveLength(2);
  });

  it('is not tripped by 4xx answers', async () => {
    const { server, clients } = await clientsAnswering((_req, res) =>
      sendServiceError(res, 422, 'BAD_INPUT'),
    );
    const { ctx } = recordingContext();

    for (let i = 0; i < 4; i++) {
      await expect(clients.catalog.search({}, ctx)).rejects.toBeInstanceOf(RejectedError);
    }

    expect(clients.breakerStates().catalog).toBe('closed');
    expect(server.requests).toHaveLength(4);
  });

  it('is tripped by malformed answers', async () => {
    const { clients } = await clientsAnswering((_req, res) => sendJson(res, 200, {}));
    const { ctx } = recordingContext();

    for (let i = 0; i < 2; i++) {
      await expect(clients.catalog.getProduct('sku-1', ctx)).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
    }

    expect(clients.breakerStates().catalog).toBe('open');
  });

  it('is tripped by the service timeout', async () => {
    const { clients } = await clientsAnswering(() => {}, { timeoutsMs: { catalog: 20 } });
    const { ctx } = recordingContext();

    for (let i = 0; i < 2; i++) {
      await expect(clients.catalog.search({}, ctx)).rejects.toMatchObject({
        code: 'TIMEOUT',
        callerImposed: false,
      });
    }

    expect(clients.breakerStates().catalog).toBe('open');
  });

  it('is not tripped by timeouts the caller deadline imposed', async () => {
    const { clients } = await clientsAnswering(() => {}, { timeoutsMs: { catalog: 60_000 } });

    for (let i = 0; i < 3; i++) {
      const { ctx } = recordingContext({ deadline: Date.now() + 20 });
      await expect(clients.catalog.search({}, ctx)).rejects.toMatchObject({
        code: 'TIMEOUT',
        callerImposed: true,
      });
    }

    expect(clients.breakerStates().catalog).toBe('closed');
  });

  it('is not tripped by calls the caller cancelled', async () => {
    const { server, clients } = await clientsAnswering(() => {}, { timeoutsMs: { catalog: 60_000 } });

    for (let i = 1; i <= 3; i++) {
      const controller = new AbortController();
      const { ctx } = recordingContext({ signal: controller.signal });
      const call = clients.catalog.search({}, ctx).catch((e: unknown) => e);
      await waitUntil(() => server.requests.length === i);
      controller.abort();
      expect(await call).toMatchObject({ code: 'CANCELLED' });
    }

    expect(clients.breakerStates().catalog).toBe('closed');
  });

  it('is kept per service', async () => {
    const { clients } = await clientsAnswering((req, res) =>
      req.url === '/search' ? sendServiceError(res, 503, 'DOWN') : sendJson(res, 200, { products: [] }),
    );
    const { ctx } = recordingContext();
    for (let i = 0; i < 2; i++) await clients.catalog.search({}, ctx).catch(() => undefined);

    await expect(clients.catalog.search({}, ctx)).rejects.toBeInstanceOf(CircuitOpenError);
    await expect(
      clients.composer.rank(
        {
          requirements: {
            product_type: null,
            keywords: [],
            attributes: {},
            price: null,
            brands: [],
            rating_min: null,
            condition: null,
          },
          products: [],
        },
        ctx,
      ),
    ).resolves.toEqual({ products: [] });
  });
});

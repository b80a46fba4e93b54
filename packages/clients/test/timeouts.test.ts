import { afterEach, describe, expect, it } from 'vitest';
import { CancelledError, type ClientsConfig, createClients, TimeoutError } from '../src/index';
import { recordingContext, waitUntil } from './support/call-context';
import { searchResponse } from './support/fixtures';
import {
  type Responder,
  type ScriptedServer,
  sendJson,
  startScriptedServer,
} from './support/scripted-server';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function clientsAnswering(respond: Responder, overrides: Partial<ClientsConfig> = {}) {
  server = await startScriptedServer(respond);
  const url = server.url;
  const clients = createClients({
    urls: { media: url, catalog: url, composer: url },
    retry: { maxAttempts: 5, initialDelayMs: 1, maxDelayMs: 5 },
    ...overrides,
  });
  return { server, clients };
}

const neverAnswer: Responder = () => {};

describe('timeouts', () => {
  it('abort an attempt that outlives the service timeout', async () => {
    const { server, clients } = await clientsAnswering(neverAnswer, {
      timeoutsMs: { catalog: 200 },
      retry: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 5 },
    });
    const { ctx, records } = recordingContext();

    const error = await clients.catalog.search({}, ctx).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ code: 'TIMEOUT', callerImposed: false, endpoint: '/search' });
    expect(records.map((r) => r.error_code)).toEqual(['TIMEOUT', 'TIMEOUT', 'TIMEOUT']);
    // Every request that reached the server was aborted, not left dangling. (On a loaded machine an
    // attempt may time out before its request arrives; three attempts make sure some do arrive.)
    expect(server.requests.length).toBeGreaterThan(0);
    await Promise.all(server.requests.map((_request, index) => server.closed(index)));
  });

  it('also cover a body that starts but never finishes', async () => {
    const { clients } = await clientsAnswering(
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"products": [');
      },
      { timeoutsMs: { catalog: 30 }, retry: { maxAttempts: 1 } },
    );

    await expect(clients.catalog.search({}, recordingContext().ctx)).rejects.toBeInstanceOf(TimeoutError);
  });

  it('are cut to the caller deadline, which stops retries', async () => {
    const { clients } = await clientsAnswering(neverAnswer, { timeoutsMs: { catalog: 60_000 } });
    const deadline = Date.now() + 100;
    const { ctx, records } = recordingContext({ deadline });

    const error = await clients.catalog.search({}, ctx).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ callerImposed: true });
    expect(records).toEqual([expect.objectContaining({ attempt: 1, status: null, error_code: 'TIMEOUT' })]);
  });

  it('let only the attempts fit that start before the deadline', async () => {
    const { clients } = await clientsAnswering(neverAnswer, { timeoutsMs: { catalog: 40 } });
    const deadline = Date.now() + 100;
    const { ctx, records } = recordingContext({ deadline });

    const error = await clients.catalog.search({}, ctx).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TimeoutError);
    // Attempts of 40 ms within 100 ms: at most three start, of the five allowed.
    expect(records.length).toBeGreaterThanOrEqual(1);
    expect(records.length).toBeLessThanOrEqual(3);
    for (const record of records) expect(Date.parse(record.started_at)).toBeLessThan(deadline);
  });

  it('fail a call whose deadline has passed without sending anything', async () => {
    const { server, clients } = await clientsAnswering((_req, res) => sendJson(res, 200, searchResponse));
    const { ctx, records } = recordingContext({ deadline: Date.now() - 1 });

    const error = await clients.catalog.search({}, ctx).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ callerImposed: true });
    expect(server.requests).toHaveLength(0);
    expect(records).toEqual([expect.objectContaining({ attempt: 1, status: null, error_code: 'TIMEOUT' })]);
  });
});

describe('the caller abort signal', () => {
  it('aborts the in-flight request and fails the call as CANCELLED, not as a timeout, without retrying', async () => {
    const { server, clients } = await clientsAnswering(neverAnswer);
    const controller = new AbortController();
    const { ctx, records } = recordingContext({ signal: controller.signal });

    const call = clients.catalog.search({}, ctx).catch((e: unknown) => e);
    await waitUntil(() => server.requests.length === 1);
    controller.abort();
    const error = await call;

    expect(error).toBeInstanceOf(CancelledError);
    expect(error).toMatchObject({ code: 'CANCELLED', retryable: false, endpoint: '/search' });
    expect(records).toEqual([expect.objectContaining({ attempt: 1, status: null, error_code: 'CANCELLED' })]);
    await server.closed(0);
    expect(server.requests).toHaveLength(1);
  });

  it('prevents any request when already aborted', async () => {
    const { server, clients } = await clientsAnswering((_req, res) => sendJson(res, 200, searchResponse));
    const { ctx } = recordingContext({ signal: AbortSignal.abort() });

    await expect(clients.catalog.search({}, ctx)).rejects.toBeInstanceOf(CancelledError);
    expect(server.requests).toHaveLength(0);
  });
});

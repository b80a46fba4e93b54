import { afterEach, describe, expect, it } from 'vitest';
import { type ClientsConfig, createClients, TimeoutError, UnavailableError } from '../src/index';
import { recordingContext } from './support/call-context';
import { searchResponse } from './support/fixtures';
import {
  type Responder,
  refusedUrl,
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

const FAST_RETRY = { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 5 };

function clientsFor(url: string, overrides: Partial<ClientsConfig> = {}) {
  return createClients({
    urls: { media: url, catalog: url, composer: url },
    retry: FAST_RETRY,
    ...overrides,
  });
}

async function clientsAnswering(respond: Responder, overrides: Partial<ClientsConfig> = {}) {
  server = await startScriptedServer(respond);
  return { server, clients: clientsFor(server.url, overrides) };
}

describe('retries', () => {
  it.each([502, 503, 504])('recover from two %i answers, reporting every attempt', async (status) => {
    const { server, clients } = await clientsAnswering((_req, res, index) =>
      index < 2 ? sendServiceError(res, status, 'BUSY') : sendJson(res, 200, searchResponse),
    );
    const { ctx, records } = recordingContext();

    await expect(clients.catalog.search({ query: 'shoes' }, ctx)).resolves.toEqual(searchResponse);

    expect(server.requests).toHaveLength(3);
    expect(records.map((r) => [r.attempt, r.status, r.error_code])).toEqual([
      [1, status, 'UNAVAILABLE'],
      [2, status, 'UNAVAILABLE'],
      [3, 200, null],
    ]);
  });

  it('give up after maxAttempts with the last UnavailableError', async () => {
    const { server, clients } = await clientsAnswering((_req, res) =>
      sendServiceError(res, 503, 'OVERLOADED'),
    );
    const { ctx, records } = recordingContext();

    const error = await clients.catalog.search({}, ctx).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(UnavailableError);
    expect(error).toMatchObject({ status: 503, downstreamCode: 'OVERLOADED', retryable: true });
    expect(server.requests).toHaveLength(3);
    expect(records.map((r) => r.attempt)).toEqual([1, 2, 3]);
  });

  it('retry a refused connection, then fail with UnavailableError and no status', async () => {
    const clients = clientsFor(await refusedUrl());
    const { ctx, records } = recordingContext();

    const error = await clients.catalog.search({}, ctx).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(UnavailableError);
    expect(error).toMatchObject({ status: null, downstreamCode: null });
    expect(records.map((r) => [r.attempt, r.status, r.error_code])).toEqual([
      [1, null, 'UNAVAILABLE'],
      [2, null, 'UNAVAILABLE'],
      [3, null, 'UNAVAILABLE'],
    ]);
  });

  it('recover from a connection reset before the answer', async () => {
    const { server, clients } = await clientsAnswering((req, res, index) => {
      if (index === 0) res.socket?.destroy();
      else sendJson(res, 200, searchResponse);
      void req;
    });
    const { ctx, records } = recordingContext();

    await expect(clients.catalog.search({}, ctx)).resolves.toEqual(searchResponse);

    expect(server.requests).toHaveLength(2);
    expect(records.map((r) => r.error_code)).toEqual(['UNAVAILABLE', null]);
  });

  it('are not made for 4xx, 500 or malformed answers', async () => {
    const answers: Responder[] = [
      (_req, res) => sendServiceError(res, 422, 'UNRECOGNIZED_AUDIO'),
      (_req, res) => sendServiceError(res, 429, 'SLOW_DOWN'),
      (_req, res) => sendServiceError(res, 500, 'BUG'),
      (_req, res) => sendJson(res, 200, { nonsense: true }),
    ];
    for (const answer of answers) {
      const { server, clients } = await clientsAnswering(answer);
      const { ctx, records } = recordingContext();

      await expect(clients.catalog.search({}, ctx)).rejects.toSatisfy((e) => e instanceof Error);

      expect(server.requests).toHaveLength(1);
      expect(records).toHaveLength(1);
      await server.close();
    }
    server = undefined;
  });

  it('count maxAttempts as total attempts', async () => {
    const { server, clients } = await clientsAnswering((_req, res) => sendServiceError(res, 503, 'BUSY'), {
      retry: { ...FAST_RETRY, maxAttempts: 1 },
    });

    await expect(clients.catalog.search({}, recordingContext().ctx)).rejects.toBeInstanceOf(UnavailableError);
    expect(server.requests).toHaveLength(1);
  });

  it('never start a backoff sleep that would end after the deadline', async () => {
    // Backoff delays this long leave no time before a 2 s deadline, whatever the jitter draws.
    const { server, clients } = await clientsAnswering((_req, res) => sendServiceError(res, 503, 'BUSY'), {
      retry: { maxAttempts: 5, initialDelayMs: 100_000_000, maxDelayMs: 100_000_000 },
    });
    const { ctx, records } = recordingContext({ deadline: Date.now() + 2_000 });

    await expect(clients.catalog.search({}, ctx)).rejects.toBeInstanceOf(UnavailableError);

    expect(server.requests).toHaveLength(1);
    expect(records).toHaveLength(1);
  });

  it('of timeouts happen for idempotent calls, each attempt reported as TIMEOUT', async () => {
    const { clients } = await clientsAnswering(() => {}, { timeoutsMs: { catalog: 30 } });
    const { ctx, records } = recordingContext();

    const error = await clients.catalog.search({}, ctx).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ callerImposed: false, status: null, retryable: true });
    expect(records.map((r) => [r.attempt, r.status, r.error_code])).toEqual([
      [1, null, 'TIMEOUT'],
      [2, null, 'TIMEOUT'],
      [3, null, 'TIMEOUT'],
    ]);
  });
});

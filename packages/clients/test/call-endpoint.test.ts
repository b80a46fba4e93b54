import { afterEach, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import {
  BadResponseError,
  type CallRecord,
  createClients,
  isDownstreamError,
  NotFoundError,
  RejectedError,
  UnavailableError,
} from '../src/index';
import { recordingContext } from './support/call-context';
import { product, searchResponse, transcribeRequest, transcribeResponse } from './support/fixtures';
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

async function clientsAnswering(respond: Responder, globalRecords: CallRecord[] = []) {
  server = await startScriptedServer(respond);
  const urls = { media: server.url, catalog: server.url, composer: server.url };
  return { server, clients: createClients({ urls, sink: (record) => globalRecords.push(record) }) };
}

describe('a successful call', () => {
  it('returns the contract-valid body and reports one attempt to both sinks', async () => {
    const globalRecords: CallRecord[] = [];
    const { clients } = await clientsAnswering(
      (_req, res) => sendJson(res, 200, searchResponse),
      globalRecords,
    );
    const { ctx, records } = recordingContext();

    const result = await clients.catalog.search({ query: 'shoes' }, ctx);

    expect(result).toEqual(searchResponse);
    expect(records).toEqual([
      expect.objectContaining({
        service: 'catalog',
        endpoint: '/search',
        attempt: 1,
        status: 200,
        error_code: null,
      }),
    ]);
    expect(globalRecords).toEqual(records);
    expect(new Date(records[0]!.started_at).toISOString()).toBe(records[0]!.started_at);
    expect(records[0]!.latency_ms).toBeGreaterThanOrEqual(0);
  });

  it('posts the validated request, defaults applied, with the correlation headers', async () => {
    const { server, clients } = await clientsAnswering((req, res) =>
      sendJson(res, 200, req.url === '/search' ? searchResponse : transcribeResponse),
    );
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const { ctx } = recordingContext({ requestId: 'req-42', traceparent });

    await clients.media.transcribe(transcribeRequest, ctx);
    await clients.catalog.search({ query: 'shoes' }, ctx);

    const [transcribe, search] = server.requests;
    expect(transcribe).toMatchObject({ method: 'POST', url: '/transcribe' });
    expect(JSON.parse(transcribe!.body)).toEqual(transcribeRequest);
    expect(transcribe!.headers).toMatchObject({
      'x-request-id': 'req-42',
      traceparent,
      'content-type': 'application/json',
    });
    expect(JSON.parse(search!.body)).toEqual({ query: 'shoes', limit: 20 });
  });

  it('leaves traceparent out when the caller has none', async () => {
    const { server, clients } = await clientsAnswering((_req, res) => sendJson(res, 200, searchResponse));

    await clients.catalog.search({}, recordingContext().ctx);

    expect(server.requests[0]!.headers).not.toHaveProperty('traceparent');
  });

  it('substitutes and URL-encodes path parameters, and sends GET without a body', async () => {
    const { server, clients } = await clientsAnswering((_req, res) => sendJson(res, 200, product));

    await expect(clients.catalog.getProduct('sku 1/x?y', recordingContext().ctx)).resolves.toEqual(product);

    expect(server.requests[0]).toMatchObject({ method: 'GET', url: '/products/sku%201%2Fx%3Fy', body: '' });
  });

  it('keeps the path prefix of a base URL', async () => {
    server = await startScriptedServer((_req, res) => sendJson(res, 200, product));
    const base = `${server.url}/catalog/v1`;
    const clients = createClients({ urls: { media: base, catalog: base, composer: base } });

    await clients.catalog.getProduct('sku-1', recordingContext().ctx);

    expect(server.requests[0]!.url).toBe('/catalog/v1/products/sku-1');
  });
});

describe('an invalid request', () => {
  it('is the caller’s bug: a ZodError, and nothing is sent', async () => {
    const { server, clients } = await clientsAnswering((_req, res) => sendJson(res, 200, searchResponse));
    const { ctx, records } = recordingContext();

    const failure = clients.catalog.search({ limit: 0 }, ctx);

    await expect(failure).rejects.toBeInstanceOf(ZodError);
    await expect(failure).rejects.not.toSatisfy(isDownstreamError);
    expect(server.requests).toHaveLength(0);
    expect(records).toHaveLength(0);
  });

  it('is sent as it is when request validation is off, and the service’s refusal comes back', async () => {
    server = await startScriptedServer((_req, res) => sendServiceError(res, 400, 'INVALID_REQUEST'));
    const urls = { media: server.url, catalog: server.url, composer: server.url };
    const clients = createClients({ urls, validateRequests: false });

    const failure = clients.catalog.search({ limit: 0 }, recordingContext().ctx);

    await expect(failure).rejects.toBeInstanceOf(RejectedError);
    expect(server.requests).toHaveLength(1);
    expect(JSON.parse(server.requests[0]!.body)).toEqual({ limit: 0 });
  });

  it('rejects a path parameter that would change the route', async () => {
    const { server, clients } = await clientsAnswering((_req, res) => sendJson(res, 200, product));

    await expect(clients.catalog.getProduct('..', recordingContext().ctx)).rejects.not.toSatisfy(
      isDownstreamError,
    );
    expect(server.requests).toHaveLength(0);
  });
});

describe('error answers', () => {
  it('maps 404 to NotFoundError with the downstream code, without retrying', async () => {
    const { server, clients } = await clientsAnswering((_req, res) =>
      sendServiceError(res, 404, 'PRODUCT_NOT_FOUND'),
    );
    const { ctx, records } = recordingContext();

    const error = await clients.catalog.getProduct('nope', ctx).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({
      code: 'NOT_FOUND',
      service: 'catalog',
      endpoint: '/products/{product_id}',
      status: 404,
      downstreamCode: 'PRODUCT_NOT_FOUND',
      retryable: false,
    });
    expect(server.requests).toHaveLength(1);
    expect(records).toEqual([expect.objectContaining({ attempt: 1, status: 404, error_code: 'NOT_FOUND' })]);
  });

  it('maps another 4xx to RejectedError, without retrying', async () => {
    const { server, clients } = await clientsAnswering((_req, res) =>
      sendServiceError(res, 422, 'UNRECOGNIZED_AUDIO'),
    );

    const error = await clients.media
      .transcribe(transcribeRequest, recordingContext().ctx)
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RejectedError);
    expect(error).toMatchObject({
      code: 'REJECTED',
      status: 422,
      downstreamCode: 'UNRECOGNIZED_AUDIO',
      retryable: false,
    });
    expect(server.requests).toHaveLength(1);
  });

  it('maps a 500 to UnavailableError without retrying it', async () => {
    const { server, clients } = await clientsAnswering((_req, res) => sendServiceError(res, 500, 'INTERNAL'));

    const error = await clients.composer.rank(rankRequest(), recordingContext().ctx).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(UnavailableError);
    expect(error).toMatchObject({ status: 500, downstreamCode: 'INTERNAL', retryable: true });
    expect(server.requests).toHaveLength(1);
  });

  it('leaves downstreamCode null when the error body is not the service error shape', async () => {
    const { clients } = await clientsAnswering((_req, res) => {
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end('bad request');
    });

    const error = await clients.catalog.search({}, recordingContext().ctx).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RejectedError);
    expect(error).toMatchObject({ status: 400, downstreamCode: null });
  });
});

describe('malformed answers', () => {
  it('turns a 2xx whose body is not JSON into BadResponseError, without retrying', async () => {
    const { server, clients } = await clientsAnswering((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"products": [');
    });
    const { ctx, records } = recordingContext();

    const error = await clients.catalog.search({}, ctx).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(BadResponseError);
    expect(error).toMatchObject({ code: 'BAD_RESPONSE', status: 200, retryable: false });
    expect(server.requests).toHaveLength(1);
    expect(records).toEqual([expect.objectContaining({ status: 200, error_code: 'BAD_RESPONSE' })]);
  });

  it('turns a 2xx JSON body that breaks the contract into BadResponseError', async () => {
    const { clients } = await clientsAnswering((_req, res) =>
      sendJson(res, 200, { ...product, price: 'free' }),
    );

    await expect(clients.catalog.getProduct('sku-1', recordingContext().ctx)).rejects.toBeInstanceOf(
      BadResponseError,
    );
  });

  it('turns a redirect into BadResponseError instead of following it', async () => {
    const { server, clients } = await clientsAnswering((_req, res) => {
      res.writeHead(302, { location: '/elsewhere' });
      res.end();
    });

    await expect(clients.catalog.search({}, recordingContext().ctx)).rejects.toMatchObject({
      code: 'BAD_RESPONSE',
      status: 302,
    });
    expect(server.requests).toHaveLength(1);
  });
});

function rankRequest() {
  return {
    requirements: {
      product_type: 'shoes',
      keywords: ['running'],
      attributes: {},
      price: null,
      brands: [],
      rating_min: null,
      condition: null,
    },
    products: searchResponse.products,
  };
}

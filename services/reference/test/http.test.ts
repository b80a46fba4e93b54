import { request as httpRequest } from 'node:http';
import { ADMIN_PATHS, ObservedRequestSchema, SERVICE_NAMES } from '@talknshop/contracts';
import { describe, expect, it } from 'vitest';
import { type ErrorBody, get, post, request, useService } from './helpers';

const services = Object.fromEntries(SERVICE_NAMES.map((name) => [name, useService(name)])) as Record<
  (typeof SERVICE_NAMES)[number],
  { readonly url: string }
>;
const catalog = services.catalog;

function raw(url: string, init: RequestInit) {
  return fetch(url, init).then(async (response) => ({
    status: response.status,
    body: (await response.json()) as ErrorBody,
  }));
}

describe('every service', () => {
  it.each(SERVICE_NAMES)('%s answers GET /health', async (name) => {
    const response = await get(`${services[name].url}/health`);
    expect(response).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it.each(SERVICE_NAMES)('%s answers 404 NOT_FOUND for an unknown route', async (name) => {
    const response = await get<ErrorBody>(`${services[name].url}/nope/nothing`);
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('NOT_FOUND');
  });
});

describe('request handling', () => {
  it('answers 405 with Allow for a known path with the wrong method', async () => {
    const response = await get<ErrorBody>(`${catalog.url}/search`);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(response.body.error.code).toBe('METHOD_NOT_ALLOWED');
  });

  it('answers 415 for a body that is not JSON', async () => {
    const wrongType = await raw(`${catalog.url}/search`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'red shoes',
    });
    expect(wrongType.status).toBe(415);
    expect(wrongType.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const broken = await raw(`${catalog.url}/search`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": "red',
    });
    expect(broken.status).toBe(415);
    expect(broken.body.error.code).toBe('INVALID_JSON');
  });

  it('answers 413 for a body over the limit, declared or streamed', async () => {
    const big = JSON.stringify({ query: 'x'.repeat(1024 * 1024 + 10) });
    const declared = await raw(`${catalog.url}/search`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: big,
    });
    expect(declared.status).toBe(413);
    expect(declared.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    const streamed = await raw(`${catalog.url}/search`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new Blob([big]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    // The connection is still good for the next request.
    expect((await get(`${catalog.url}/health`)).status).toBe(200);
  });

  it('accepts media bodies well over the 1 MB limit of the other services', async () => {
    const response = await post<ErrorBody>(`${services.media.url}/transcribe`, {
      audio: { content_type: 'audio/wav', data_base64: 'A'.repeat(4 * 1024 * 1024) },
    });
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('UNRECOGNIZED_AUDIO');
  });

  it.each([
    ['an unknown field', { query: 'shoes', sort: 'price' }, 'sort'],
    ['a wrong type', { query: 42 }, 'query'],
    ['a nested wrong value', { filters: { condition: ['mint'] } }, 'filters.condition.0'],
    ['a limit out of range', { limit: 1000 }, 'limit'],
  ])('answers 400 INVALID_REQUEST naming the field for %s', async (_name, body, field) => {
    const response = await post<ErrorBody>(`${catalog.url}/search`, body);
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'INVALID_REQUEST', field });
  });

  it('survives whatever JSON it is sent', async () => {
    const bodies = [
      'null',
      '[]',
      '"text"',
      '12',
      '{"filters":null}',
      `${'['.repeat(5000)}${']'.repeat(5000)}`,
    ];
    for (const body of bodies) {
      for (const path of ['/search', '/rank', '/compose', '/transcribe', '/extract-image-attributes']) {
        const url =
          path === '/search'
            ? catalog.url
            : path.startsWith('/r') || path.startsWith('/c')
              ? services.composer.url
              : services.media.url;
        const response = await fetch(`${url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        expect(response.status).toBe(400);
      }
    }
    for (const url of Object.values(services)) expect((await get(`${url.url}/health`)).status).toBe(200);
  });

  it('echoes x-request-id', async () => {
    const response = await post(`${catalog.url}/search`, { query: 'shoes' }, { 'x-request-id': 'req-123' });
    expect(response.headers.get('x-request-id')).toBe('req-123');
  });

  it('answers 400 for a path parameter that is not valid percent-encoding', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      httpRequest(`${catalog.url}/products/%E0%A4%A`, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      })
        .on('error', reject)
        .end();
    });
    expect(status).toBe(400);
  });
});

describe('the request log', () => {
  const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

  it('records method, path and forwarded headers, newest last, until cleared', async () => {
    await request(`${catalog.url}${ADMIN_PATHS.requests}`, { method: 'DELETE' });
    await post(`${catalog.url}/search?debug=1`, { query: 'shoes' }, { 'x-request-id': 'req-1', traceparent });
    await get(`${catalog.url}/products/p-000002`);
    const log = await get<unknown[]>(`${catalog.url}${ADMIN_PATHS.requests}`);
    const entries = log.body.map((entry) => ObservedRequestSchema.parse(entry));
    expect(entries.map((entry) => `${entry.method} ${entry.path}`)).toEqual([
      'POST /search?debug=1',
      'GET /products/p-000002',
    ]);
    expect(entries[0]?.headers).toMatchObject({ 'x-request-id': 'req-1', traceparent });
    expect(Number.isNaN(Date.parse(entries[0]?.received_at ?? ''))).toBe(false);
    await request(`${catalog.url}${ADMIN_PATHS.requests}`, { method: 'DELETE' });
    expect((await get(`${catalog.url}${ADMIN_PATHS.requests}`)).body).toEqual([]);
  });

  it('keeps only the most recent 200 requests', async () => {
    await request(`${catalog.url}${ADMIN_PATHS.requests}`, { method: 'DELETE' });
    for (let i = 0; i < 205; i++) await get(`${catalog.url}/health?n=${i}`);
    const log = await get<{ path: string }[]>(`${catalog.url}${ADMIN_PATHS.requests}`);
    expect(log.body).toHaveLength(200);
    expect(log.body[0]?.path).toBe('/health?n=5');
    expect(log.body[199]?.path).toBe('/health?n=204');
  });
});

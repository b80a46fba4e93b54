import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET, POST } from '../app/trpc/[...trpc]/route';

/** A stand-in orchestrator over a real socket: it records what arrived and answers as told. */
interface Seen {
  method: string;
  url: string;
  cookie: string | undefined;
  contentType: string | undefined;
  lastEventId: string | undefined;
  body: string;
}

let server: Server;
let upstream: string;
const seen: Seen[] = [];
let streamClosed: Promise<void> | null = null;

function readAll(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const body = await readAll(req);
    seen.push({
      method: req.method ?? '',
      url: req.url ?? '',
      cookie: req.headers.cookie,
      contentType: req.headers['content-type'],
      lastEventId: req.headers['last-event-id'] as string | undefined,
      body,
    });
    if (req.url?.startsWith('/trpc/admin.sessions.events')) {
      // A subscription: one event now, then the stream stays open until the subscriber leaves.
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write('id: v1.1\ndata: {"json":{"type":"state_entered"}}\n\n');
      streamClosed = new Promise((resolve) => res.once('close', () => resolve()));
      return;
    }
    if (req.url?.startsWith('/trpc/admin.login')) {
      res.setHeader('set-cookie', ['tns_operator=abc; HttpOnly; Path=/', 'other=1; Path=/']);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ result: { data: { json: { username: 'operator' } } } }));
      return;
    }
    res.writeHead(401, { 'content-type': 'application/json', 'x-request-id': 'req-9' });
    res.end(JSON.stringify({ error: { json: { data: { httpStatus: 401 } } } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  upstream = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.ORCHESTRATOR_URL = upstream;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('the /trpc relay', () => {
  it('forwards path, query and the operator cookie, and returns the status as is', async () => {
    const response = await GET(
      new Request('http://console.test/trpc/admin.sessions.list?input=%7B%7D', {
        headers: { cookie: 'tns_operator=abc', host: 'console.test' },
      }),
    );
    expect(response.status).toBe(401);
    expect(response.headers.get('x-request-id')).toBe('req-9');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ error: { json: { data: { httpStatus: 401 } } } });
    expect(seen.at(-1)).toMatchObject({
      method: 'GET',
      url: '/trpc/admin.sessions.list?input=%7B%7D',
      cookie: 'tns_operator=abc',
    });
  });

  it('forwards a mutation body and hands every Set-Cookie back to the browser', async () => {
    const body = JSON.stringify({ json: { username: 'operator', password: 'secret-pass' } });
    const response = await POST(
      new Request('http://console.test/trpc/admin.login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.getSetCookie()).toEqual([
      'tns_operator=abc; HttpOnly; Path=/',
      'other=1; Path=/',
    ]);
    expect(seen.at(-1)).toMatchObject({
      method: 'POST',
      contentType: 'application/json',
      body,
      cookie: undefined,
    });
  });

  it('relays a subscription as it is written, unbuffered, and hangs up upstream when the browser leaves', async () => {
    const browser = new AbortController();
    const response = await GET(
      new Request('http://console.test/trpc/admin.sessions.events?input=%7B%7D', {
        headers: { cookie: 'tns_operator=abc', accept: 'text/event-stream', 'last-event-id': 'v1.0' },
        signal: browser.signal,
      }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(response.headers.get('cache-control')).toContain('no-transform');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    expect(seen.at(-1)).toMatchObject({ cookie: 'tns_operator=abc', lastEventId: 'v1.0' });

    // The upstream never ends this response: the first event arrives on its own.
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain('id: v1.1');

    browser.abort();
    await reader.cancel().catch(() => undefined);
    await expect(streamClosed).resolves.toBeUndefined();
  });

  it('answers 502 in tRPC error shape, one entry per batched call, when the orchestrator is down', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    process.env.ORCHESTRATOR_URL = `http://127.0.0.1:${deadPort}`;
    try {
      const response = await GET(
        new Request('http://console.test/trpc/admin.me,admin.latency?batch=1&input=%7B%7D'),
      );
      expect(response.status).toBe(502);
      const payload = (await response.json()) as {
        error: { data: { httpStatus: number; api: { code: string } } };
      }[];
      expect(payload).toHaveLength(2);
      expect(payload[0]?.error.data.httpStatus).toBe(502);
      expect(payload[0]?.error.data.api.code).toBe('ORCHESTRATOR_UNREACHABLE');
    } finally {
      process.env.ORCHESTRATOR_URL = upstream;
    }
  });
});

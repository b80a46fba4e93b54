import { afterEach, describe, expect, it } from 'vitest';
import { httpTransport } from '../src/index';
import { type ScriptedServer, sendJson, startScriptedServer } from './support/scripted-server';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const post = (url: string, body: string, signal = new AbortController().signal) => ({
  url: new URL('/search', url),
  method: 'POST' as const,
  headers: { 'content-type': 'application/json', 'x-request-id': 'transport-1' },
  body,
  signal,
});

describe('httpTransport', () => {
  it('sends the method, headers and body, and reads the whole answer', async () => {
    server = await startScriptedServer((_req, res) => sendJson(res, 201, { products: ['ü', 'ß'] }));
    const answer = await httpTransport()(post(server.url, '{"query":"grüne schuhe"}'));
    expect(answer).toEqual({ status: 201, text: '{"products":["ü","ß"]}' });
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      url: '/search',
      body: '{"query":"grüne schuhe"}',
      headers: expect.objectContaining({ 'x-request-id': 'transport-1', 'content-length': '25' }),
    });
  });

  it('decodes a character whose bytes arrive in two chunks', async () => {
    const bytes = Buffer.from('{"title":"grün"}', 'utf8');
    const split = bytes.indexOf(0xc3) + 1;
    server = await startScriptedServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(bytes.length) });
      res.write(bytes.subarray(0, split));
      setTimeout(() => res.end(bytes.subarray(split)), 20);
    });
    const answer = await httpTransport()(post(server.url, '{}'));
    expect(answer.text).toBe('{"title":"grün"}');
  });

  it('keeps the connection for the next request', async () => {
    const clientPorts: (number | undefined)[] = [];
    server = await startScriptedServer((_req, res) => {
      clientPorts.push(res.socket?.remotePort);
      sendJson(res, 200, {});
    });
    const transport = httpTransport();
    for (let i = 0; i < 3; i += 1) await transport(post(server.url, '{}'));
    expect(clientPorts).toHaveLength(3);
    expect(new Set(clientPorts).size).toBe(1);
  });

  it('answers a redirect as it is, without following it', async () => {
    server = await startScriptedServer((_req, res) => {
      res.writeHead(302, { location: 'http://127.0.0.1:1/elsewhere' });
      res.end();
    });
    const answer = await httpTransport()(post(server.url, '{}'));
    expect(answer.status).toBe(302);
    expect(server.requests).toHaveLength(1);
  });

  it('rejects when aborted while the body is still arriving', async () => {
    server = await startScriptedServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"products":[');
    });
    const abort = new AbortController();
    const pending = httpTransport()(post(server.url, '{}', abort.signal));
    await new Promise((resolve) => setTimeout(resolve, 50));
    abort.abort();
    await expect(pending).rejects.toThrow();
    await server.closed(0);
  });

  it('rejects when the connection drops mid-answer', async () => {
    server = await startScriptedServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"products":[');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    await expect(httpTransport()(post(server.url, '{}'))).rejects.toThrow();
  });
});

import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Answers the request (or deliberately does not); `index` counts requests from 0. */
export type Responder = (request: ReceivedRequest, response: ServerResponse, index: number) => void;

export interface ScriptedServer {
  url: string;
  requests: ReceivedRequest[];
  /** Resolves when the client side of the `index`-th request goes away (answered, aborted or reset). */
  closed(index: number): Promise<void>;
  close(): Promise<void>;
}

/** A local HTTP server on an ephemeral port whose answers the test scripts precisely. */
export async function startScriptedServer(respond: Responder): Promise<ScriptedServer> {
  const requests: ReceivedRequest[] = [];
  const closings: Promise<void>[] = [];
  const server = createServer((req, res) => {
    const index = requests.length;
    const chunks: Buffer[] = [];
    const request: ReceivedRequest = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      body: '',
    };
    requests.push(request);
    closings.push(new Promise((resolve) => res.once('close', () => resolve())));
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      request.body = Buffer.concat(chunks).toString('utf8');
      respond(request, res, index);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    closed: (index) => closings[index] ?? Promise.reject(new Error(`no request #${index}`)),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

export function sendServiceError(response: ServerResponse, status: number, code: string): void {
  sendJson(response, status, { error: { code, message: `scripted ${code}` } });
}

/** A URL on which nothing listens: the port was just released by a server that closed. */
export async function refusedUrl(): Promise<string> {
  const server = await startScriptedServer(() => {});
  await server.close();
  return server.url;
}

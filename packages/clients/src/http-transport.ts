import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** One HTTP request as the clients send it: the body is already serialised. */
export interface TransportRequest {
  url: URL;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body: string | undefined;
  /** Aborting it at any point, the body download included, rejects the request. */
  signal: AbortSignal;
}

export interface TransportResponse {
  status: number;
  text: string;
}

/** Sends a request and reads the whole answer; rejects on a connection failure or an abort. */
export type Transport = (request: TransportRequest) => Promise<TransportResponse>;

/**
 * Idle connections are closed after this long, before the services' own keep-alive timeout (Node's default
 * is 5 s) can close one under a request being sent on it.
 */
const IDLE_SOCKET_MS = 4_000;

/**
 * node:http(s) over keep-alive connections. Redirects are never followed: none is part of any contract,
 * so it surfaces as an unexpected status. Chosen over `fetch`, whose WHATWG layers (Request, Headers,
 * streams, abort signals) cost several times node:http's CPU per call: with three or more downstream calls
 * per shopper request, that was a tenth of the orchestrator's CPU.
 */
export function httpTransport(): Transport {
  const httpAgent = new HttpAgent({ keepAlive: true, timeout: IDLE_SOCKET_MS });
  const httpsAgent = new HttpsAgent({ keepAlive: true, timeout: IDLE_SOCKET_MS });
  return (request) =>
    new Promise<TransportResponse>((resolve, reject) => {
      const https = request.url.protocol === 'https:';
      const send = https ? httpsRequest : httpRequest;
      // Encoded once: its length is the header, and the same bytes are written.
      const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8');
      const headers =
        body === undefined ? request.headers : { ...request.headers, 'content-length': String(body.length) };
      const outgoing = send(
        request.url,
        {
          method: request.method,
          headers,
          agent: https ? httpsAgent : httpAgent,
          signal: request.signal,
        },
        (response) => readText(response).then(resolve, reject),
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
}

function readText(response: IncomingMessage): Promise<TransportResponse> {
  return new Promise((resolve, reject) => {
    // Decoded as it arrives (a character split across chunks included): no joined copy of the bytes.
    response.setEncoding('utf8');
    let text = '';
    response.on('data', (chunk: string) => {
      text += chunk;
    });
    response.on('error', reject);
    response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
    // An abort or a dropped connection mid-body ends here without 'end' (a no-op once settled).
    response.on('close', () => {
      if (!response.complete) reject(new Error('the connection closed before the answer was complete'));
    });
  });
}

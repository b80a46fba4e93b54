/**
 * How the console's `/trpc/*` route relays calls to the orchestrator: the browser only ever talks to the
 * console's origin, so the operator cookie stays first-party and no CORS is needed.
 */

/**
 * Request headers worth relaying; hop-by-hop and host headers are the console's own business.
 * `last-event-id` is what a reconnecting event source sends to resume a subscription.
 */
const REQUEST_HEADERS = [
  'accept',
  'content-type',
  'cookie',
  'last-event-id',
  'traceparent',
  'trpc-accept',
  'x-request-id',
];

/** Response headers worth relaying; encodings are dropped because fetch has already decoded the body. */
const RESPONSE_HEADERS = ['content-type', 'retry-after', 'x-request-id'];

export const DEFAULT_ORCHESTRATOR_URL = 'http://127.0.0.1:8000';

export function upstreamUrl(base: string, incoming: URL): string {
  const target = new URL(incoming.pathname + incoming.search, base.endsWith('/') ? base : `${base}/`);
  return target.toString();
}

export function forwardedRequestHeaders(incoming: Headers): Headers {
  const headers = new Headers();
  for (const name of REQUEST_HEADERS) {
    const value = incoming.get(name);
    if (value !== null) headers.set(name, value);
  }
  return headers;
}

export function isEventStream(headers: Headers): boolean {
  return headers.get('content-type')?.startsWith('text/event-stream') ?? false;
}

export function forwardedResponseHeaders(upstream: Headers): Headers {
  const headers = new Headers({ 'cache-control': 'no-store' });
  if (isEventStream(upstream)) {
    // A subscription's events must reach the browser as they are written: `no-transform` keeps the
    // console's response compression (which would hold them back) off, and proxies are told not to buffer.
    headers.set('cache-control', 'no-store, no-transform');
    headers.set('x-accel-buffering', 'no');
  }
  for (const name of RESPONSE_HEADERS) {
    const value = upstream.get(name);
    if (value !== null) headers.set(name, value);
  }
  for (const cookie of upstream.getSetCookie()) headers.append('set-cookie', cookie);
  return headers;
}

/**
 * The body of a 502 when the orchestrator cannot be reached, in tRPC's error shape (one entry per call of
 * a batch) so the client shows a readable error instead of a parse failure.
 */
export function unreachableBody(incoming: URL, reason: string): unknown {
  const error = {
    error: {
      message: `the orchestrator is unreachable: ${reason}`,
      code: -32603,
      data: {
        code: 'BAD_GATEWAY',
        httpStatus: 502,
        api: {
          code: 'ORCHESTRATOR_UNREACHABLE',
          message: `the orchestrator is unreachable: ${reason}`,
          request_id: null,
        },
      },
    },
  };
  if (incoming.searchParams.get('batch') !== '1') return error;
  const procedures = incoming.pathname.replace(/^\/trpc\//, '').split(',');
  return procedures.map(() => error);
}

import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { finished } from 'node:stream/promises';
import {
  ApiError,
  type ApiErrorBody,
  type ApiKeyAuth,
  type ApiServices,
  type AppRouter,
  appRouter,
  type Context,
  OPERATOR_COOKIE,
  toApiErrorBody,
} from '@talknshop/api';
import type { TRPCError } from '@trpc/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { createOpenApiNodeHttpHandler, generateOpenApiDocument } from 'trpc-to-openapi';
import type { Logger } from '../logger';
import { type Metrics, routeOf } from '../observability/metrics';
import { withServerSpan } from '../observability/tracing';
import { isJsonContentType, parseJson, readBody } from './body';
import { DOCS_CONTENT_SECURITY_POLICY, docsAsset } from './docs';
import { EVENTS_PATH, serveEventStream } from './event-stream';
import { parseQuery } from './query';

export interface HttpServerOptions {
  services: ApiServices;
  logger: Logger;
  metrics: Metrics;
  apiKeys: ApiKeyAuth;
  /** The only origin browsers may call the API from (the operator console). */
  corsOrigin: string;
  maxBodyBytes: number;
  /** Base URL written into the OpenAPI document. */
  publicUrl: string;
  version: string;
}

const REQUEST_ID = /^[A-Za-z0-9_.:@-]{1,128}$/;
const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

type BodyRequest = IncomingMessage & { body?: unknown; query?: Record<string, string[]> };

interface RequestState {
  requestId: string;
  traceparent: string | undefined;
  /**
   * The sessions the request is about, once its path, its responses or its errors name them (for the log):
   * one, except for a tRPC batch over several sessions.
   */
  sessionIds: string[];
}

const states = new WeakMap<IncomingMessage, RequestState>();
/** The request behind a tRPC context: `responseMeta` only sees the context. */
const contextStates = new WeakMap<Context, RequestState>();

const SESSION_PATH = /^\/api\/v1\/sessions\/([^/]+)/;

function requestState(req: IncomingMessage): RequestState {
  const existing = states.get(req);
  if (existing) return existing;
  const header = req.headers['x-request-id'];
  const traceparent = req.headers.traceparent;
  const state: RequestState = {
    requestId: typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID(),
    traceparent: typeof traceparent === 'string' && TRACEPARENT.test(traceparent) ? traceparent : undefined,
    sessionIds: [],
  };
  states.set(req, state);
  return state;
}

const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
};

/** CORS for exactly one origin, with credentials (the console's operator cookie); others get nothing. */
function applyCors(req: IncomingMessage, res: ServerResponse, allowed: string): boolean {
  const origin = req.headers.origin;
  res.setHeader('vary', 'origin');
  if (origin !== allowed) return false;
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('access-control-allow-credentials', 'true');
  res.setHeader(
    'access-control-expose-headers',
    'x-request-id, retry-after, ratelimit-limit, ratelimit-remaining, ratelimit-policy, idempotent-replayed',
  );
  return true;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function readCookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

function sessionInPath(pathname: string): string | undefined {
  const segment = SESSION_PATH.exec(pathname)?.[1];
  if (segment === undefined) return undefined;
  try {
    const id = decodeURIComponent(segment);
    return REQUEST_ID.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * The sessions a response is about: each output's `session_id` (REST passes outputs as they are, tRPC wraps
 * them in `result.data`) and the session each error names, in order, without repeats.
 */
function sessionsInResponse(data: unknown[], errors: TRPCError[]): string[] {
  const ids: string[] = [];
  for (const item of data) {
    const output = isRecord(item) && isRecord(item.result) ? item.result.data : item;
    if (isRecord(output) && typeof output.session_id === 'string') ids.push(output.session_id);
  }
  for (const error of errors) {
    if (error.cause instanceof ApiError && error.cause.sessionId) ids.push(error.cause.sessionId);
  }
  return [...new Set(ids)];
}

function retryAfter(errors: TRPCError[]): Record<string, string> {
  for (const error of errors) {
    const cause = error.cause;
    if (cause instanceof ApiError && cause.retryAfterSeconds !== undefined) {
      return { 'Retry-After': String(cause.retryAfterSeconds) };
    }
  }
  return {};
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, error: ApiError, requestId: string): void {
  if (res.headersSent) {
    // A stream already under way (server-sent events) can only be ended.
    res.end();
    return;
  }
  const body: ApiErrorBody = {
    code: error.code,
    message: error.message,
    ...(error.issues ? { issues: error.issues } : {}),
    request_id: error.requestId ?? requestId,
    session_id: error.sessionId,
  };
  const headers: Record<string, string> = error.retryAfterSeconds
    ? { 'Retry-After': String(error.retryAfterSeconds) }
    : {};
  sendJson(res, error.status, { error: body }, headers);
}

/**
 * The REST adapter writes tRPC's error shape; REST clients get `{ error: <ApiErrorBody> }` instead, the same
 * object tRPC clients find in `error.data.api`.
 */
function reshapeRestErrors(res: ServerResponse, requestId: string): void {
  const end = res.end.bind(res);
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (res.statusCode >= 400 && typeof chunk === 'string') {
      try {
        const shape = JSON.parse(chunk) as {
          data?: { api?: ApiErrorBody; stack?: string };
          message?: string;
          code?: string;
        };
        const api = shape.data?.api ?? {
          code: 'INTERNAL',
          message: shape.message ?? 'error',
          request_id: null,
        };
        // The error formatter adds a stack only with DEBUG=true; REST clients get it next to the error.
        const stack = typeof shape.data?.stack === 'string' ? { stack: shape.data.stack } : {};
        chunk = JSON.stringify({ error: { ...api, request_id: api.request_id ?? requestId, ...stack } });
        res.setHeader('content-length', Buffer.byteLength(chunk as string));
      } catch {
        // Not JSON: leave the adapter's body as it is.
      }
    }
    return (end as (...args: unknown[]) => ServerResponse)(chunk, ...rest);
  }) as ServerResponse['end'];
}

export function createHttpServer(options: HttpServerOptions): Server {
  const { services, logger } = options;
  const context = (req: IncomingMessage, res: ServerResponse): Context => {
    const state = requestState(req);
    const controller = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    const ctx: Context = {
      services,
      requestId: state.requestId,
      clientId: options.apiKeys.authenticate(req.headers.authorization),
      operator: services.operatorAuth.verify(readCookie(req, OPERATOR_COOKIE)),
      setCookie: (cookie: string) => res.appendHeader('set-cookie', cookie),
      setHeader: (name: string, value: string) => {
        if (!res.headersSent) res.setHeader(name, value);
      },
      idempotencyKey: headerValue(req.headers['idempotency-key']),
      traceparent: state.traceparent,
      signal: controller.signal,
    };
    contextStates.set(ctx, state);
    return ctx;
  };
  const onError = ({ error, path }: { error: TRPCError; path?: string | undefined }) => {
    const api = toApiErrorBody(error, undefined);
    if (api.code === 'INTERNAL') logger.error({ err: error.cause ?? error, path }, 'unhandled error');
  };
  const responseMeta = ({
    ctx,
    data,
    errors,
  }: {
    ctx?: Context | undefined;
    data: unknown[];
    errors: TRPCError[];
  }) => {
    const state = ctx ? contextStates.get(ctx) : undefined;
    if (state && state.sessionIds.length === 0) state.sessionIds = sessionsInResponse(data, errors);
    return { headers: retryAfter(errors) };
  };

  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    createContext: ({ req, res }) => context(req, res),
    onError,
    responseMeta,
    maxBodySize: options.maxBodyBytes,
  });
  const rest = createOpenApiNodeHttpHandler<AppRouter, IncomingMessage, ServerResponse>({
    router: appRouter,
    createContext: ({ req, res }) => context(req, res),
    onError,
    responseMeta,
    maxBodySize: options.maxBodyBytes,
  });
  const openapi = JSON.stringify(
    generateOpenApiDocument(appRouter, {
      title: 'TalknShop Orchestrator API',
      version: options.version,
      baseUrl: options.publicUrl,
      description:
        'The conversational shopping orchestrator. Errors: `{ "error": { code, message, issues?, request_id, session_id? } }`.',
    }),
  );

  async function handle(req: BodyRequest, res: ServerResponse): Promise<void> {
    const state = requestState(req);
    res.setHeader('x-request-id', state.requestId);
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    const corsAllowed = applyCors(req, res, options.corsOrigin);
    if (req.method === 'OPTIONS') {
      if (corsAllowed) {
        res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
        res.setHeader(
          'access-control-allow-headers',
          'authorization, content-type, idempotency-key, x-request-id, traceparent, last-event-id',
        );
        res.setHeader('access-control-max-age', '600');
      }
      res.writeHead(204);
      res.end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const inPath = sessionInPath(url.pathname);
    state.sessionIds = inPath === undefined ? [] : [inPath];
    const started = performance.now();
    res.once('finish', () => {
      const seconds = (performance.now() - started) / 1000;
      options.metrics.observeHttp(routeOf(url.pathname), req.method ?? 'GET', res.statusCode, seconds);
      logger.info(
        {
          request_id: state.requestId,
          ...(state.sessionIds.length > 0 ? { session_id: state.sessionIds[0] } : {}),
          ...(state.sessionIds.length > 1 ? { session_ids: state.sessionIds } : {}),
          // The caller's trace, even with tracing off: the line can be found from the trace that led here.
          ...(state.traceparent ? { trace_id: state.traceparent.split('-')[1] } : {}),
          method: req.method,
          path: url.pathname,
          status: res.statusCode,
          duration_ms: Math.round(performance.now() - started),
        },
        'request',
      );
    });
    try {
      if (req.method === 'GET' && url.pathname === '/metrics') {
        res.writeHead(200, { 'content-type': options.metrics.contentType });
        res.end(await options.metrics.render());
        return;
      }
      if (req.method === 'GET' && EVENTS_PATH.test(url.pathname)) {
        await serveEventStream(req, res, url, {
          orchestration: services.orchestration,
          apiKeys: options.apiKeys,
          requestId: state.requestId,
          rateLimiter: services.rateLimiter,
        });
        return;
      }
      if (req.method === 'GET' && url.pathname === '/openapi.json') {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        res.end(openapi);
        return;
      }
      if (req.method === 'GET') {
        const asset = await docsAsset(url.pathname);
        if (asset) {
          res.writeHead(200, {
            'content-type': asset.contentType,
            'cache-control': 'public, max-age=3600',
            'content-security-policy': DOCS_CONTENT_SECURITY_POLICY,
          });
          res.end(asset.body);
          return;
        }
      }
      const isTrpc = url.pathname.startsWith('/trpc/');
      if (req.method === 'POST' || req.method === 'PUT' || req.method === 'PATCH') {
        if (!isJsonContentType(req.headers['content-type'])) {
          throw new ApiError('UNSUPPORTED_MEDIA_TYPE', 'request body must be application/json', {
            issues: [{ field: 'content-type', message: `got ${req.headers['content-type'] ?? 'none'}` }],
          });
        }
        const text = await readBody(req, options.maxBodyBytes);
        req.body = isTrpc ? text : (parseJson(text) ?? {});
        // The REST adapter only parses bodies itself for one exact content type; we have parsed it already.
        req.headers['content-type'] = 'application/json';
      }
      if (isTrpc) {
        trpc(req, res);
        return;
      }
      reshapeRestErrors(res, state.requestId);
      req.query = parseQuery(url);
      await rest(req, res);
    } catch (error) {
      if (error instanceof ApiError) {
        sendError(res, error, state.requestId);
        return;
      }
      logger.error({ err: error, request_id: state.requestId }, 'unhandled error');
      sendError(res, new ApiError('INTERNAL', 'internal error'), state.requestId);
    }
  }

  return createServer((req, res) => {
    const route = routeOf(new URL(req.url ?? '/', 'http://localhost').pathname);
    void withServerSpan(
      `${req.method ?? 'GET'} ${route}`,
      req.headers,
      { 'http.request.method': req.method ?? 'GET', 'http.route': route },
      async (span) => {
        await handle(req, res);
        // The tRPC adapter answers asynchronously: the span lasts until the response is complete.
        if (!res.writableFinished) await finished(res).catch(() => undefined);
        span.setAttribute('http.response.status_code', res.statusCode);
      },
    );
  });
}

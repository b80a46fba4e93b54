import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  ApiError,
  type ApiKeyAuth,
  IdentifierSchema,
  type Orchestration,
  type RateLimiter,
} from '@talknshop/api';

export const EVENTS_PATH = /^\/api\/v1\/sessions\/([^/]+)\/events$/;
const HEARTBEAT_MS = 15_000;

/**
 * `GET /api/v1/sessions/{session_id}/events`: the session's workflow events as `text/event-stream`, for
 * clients without tRPC. Same auth, ownership and rate limits as the other endpoints; `Last-Event-ID` resumes.
 */
export async function serveEventStream(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  deps: { orchestration: Orchestration; apiKeys: ApiKeyAuth; requestId: string; rateLimiter?: RateLimiter },
): Promise<void> {
  const clientId = deps.apiKeys.authenticate(req.headers.authorization);
  if (!clientId)
    throw new ApiError('UNAUTHORIZED', 'a valid API key is required: Authorization: Bearer <api key>');
  const sessionId = decodedSegment(EVENTS_PATH.exec(url.pathname)?.[1] ?? '');
  const userId = url.searchParams.get('user_id') ?? undefined;
  for (const [field, value] of [
    ['session_id', sessionId],
    ['user_id', userId],
  ] as const) {
    if (value !== undefined && !IdentifierSchema.safeParse(value).success) {
      throw new ApiError('INVALID_INPUT', `invalid ${field}`, {
        issues: [{ field, message: 'invalid identifier' }],
      });
    }
  }
  // Registered before anything is awaited: a client gone by the time the stream opens must end it.
  const controller = new AbortController();
  res.once('close', () => controller.abort());
  // Opening a stream counts against the same buckets as any other call (a reconnect is a new call).
  await deps.rateLimiter?.(clientId, userId ?? null, { set: (name, value) => res.setHeader(name, value) });
  const lastEventId = req.headers['last-event-id'];
  const stream = await deps.orchestration.openEventStream(
    { session_id: sessionId, user_id: userId },
    { clientId, requestId: deps.requestId },
    { lastEventId: typeof lastEventId === 'string' ? lastEventId : null, signal: controller.signal },
  );
  if (controller.signal.aborted) return;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.write('retry: 1000\n\n');
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  try {
    for await (const { id, event } of stream) {
      res.write(`id: ${id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    }
  } finally {
    clearInterval(heartbeat);
    res.end();
  }
}

/** A malformed percent-encoding is the caller's mistake, named like any other invalid identifier. */
function decodedSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ApiError('INVALID_INPUT', 'invalid session_id', {
      issues: [{ field: 'session_id', message: 'invalid identifier' }],
    });
  }
}

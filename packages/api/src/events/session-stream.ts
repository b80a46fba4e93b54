import type { OrchestratorRepository, RequestItem } from '@talknshop/db';
import {
  decodeEventId,
  eventsOfRequest,
  newEvents,
  type PositionedEvent,
  type WorkflowEvent,
} from './workflow-events';

/** What the stream needs of a stored request; both the repository's items and the console's views have it. */
export interface StreamedRequest {
  request_id: string;
  request_type: string;
  /** Moves with every write of the request: its events can only have changed when it has. */
  version: number;
  workflow_state: unknown;
}

export interface FollowOptions {
  /** Reads every request of the session, oldest first (the order event ids count in). */
  loadRequests: () => Promise<readonly StreamedRequest[]>;
  /** Resume after this event id (Last-Event-ID); from the start when absent. */
  lastEventId?: string | null | undefined;
  pollMs: number;
  signal: AbortSignal;
}

export interface SessionStreamOptions extends Omit<FollowOptions, 'loadRequests'> {
  repo: Pick<OrchestratorRepository, 'listSessionRequests'>;
  sessionId: string;
}

/** Every request of a session as stored (replays included), oldest first. */
export async function allRequests(
  repo: Pick<OrchestratorRepository, 'listSessionRequests'>,
  sessionId: string,
): Promise<RequestItem[]> {
  const items: RequestItem[] = [];
  let cursor: string | null = null;
  do {
    const page = await repo.listSessionRequests(sessionId, { limit: 100, cursor, order: 'asc' });
    items.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return items;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Follows a session's workflow events by polling its requests, until the subscriber goes away. Replays
 * are operator experiments, not the conversation, so they never appear. Every instance reads the same
 * items, so a reconnect may land anywhere and resume from Last-Event-ID. Shared by the shopper's stream
 * and the operator console's, whichever way each reads the requests. A request's events are derived (its
 * record decompressed and parsed) once per version: a poll of a session whose requests have finished costs
 * the read alone.
 */
export async function* followSessionEvents(options: FollowOptions): AsyncGenerator<PositionedEvent> {
  let seen = decodeEventId(options.lastEventId);
  const derived = new Map<string, { version: number; events: readonly WorkflowEvent[] }>();
  const eventsOf = (request: StreamedRequest) => {
    const known = derived.get(request.request_id);
    if (known?.version === request.version) return known.events;
    const events = eventsOfRequest(request);
    derived.set(request.request_id, { version: request.version, events });
    return events;
  };
  while (!options.signal.aborted) {
    const requests = (await options.loadRequests()).filter((item) => item.request_type !== 'replay');
    const batch = newEvents(requests, seen, eventsOf);
    seen = batch.seen;
    for (const positioned of batch.events) yield positioned;
    await sleep(options.pollMs, options.signal);
  }
}

/** `followSessionEvents` over the repository: the shopper-facing stream. */
export function sessionEvents(options: SessionStreamOptions): AsyncGenerator<PositionedEvent> {
  const { repo, sessionId, ...rest } = options;
  return followSessionEvents({ ...rest, loadRequests: () => allRequests(repo, sessionId) });
}

import type { OrchestratorRepository, RequestItem } from '@talknshop/db';
import { decodeEventId, newEvents, type PositionedEvent } from './workflow-events';

export interface SessionStreamOptions {
  repo: Pick<OrchestratorRepository, 'listSessionRequests'>;
  sessionId: string;
  /** Resume after this event id (Last-Event-ID); from the start when absent. */
  lastEventId?: string | null | undefined;
  pollMs: number;
  signal: AbortSignal;
}

async function allRequests(repo: SessionStreamOptions['repo'], sessionId: string): Promise<RequestItem[]> {
  const items: RequestItem[] = [];
  let cursor: string | null = null;
  do {
    const page = await repo.listSessionRequests(sessionId, { limit: 100, cursor, order: 'asc' });
    items.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return items.filter((item) => item.request_type !== 'replay');
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
 * Follows a session's workflow events by polling its request items, until the subscriber goes away.
 * Every instance reads the same items, so a reconnect may land anywhere and resume from Last-Event-ID.
 */
export async function* sessionEvents(options: SessionStreamOptions): AsyncGenerator<PositionedEvent> {
  let seen = decodeEventId(options.lastEventId);
  while (!options.signal.aborted) {
    const requests = await allRequests(options.repo, options.sessionId);
    const batch = newEvents(requests, seen);
    seen = batch.seen;
    for (const positioned of batch.events) yield positioned;
    await sleep(options.pollMs, options.signal);
  }
}

import { z } from 'zod';
import { followSessionEvents } from '../events/session-stream';
import type { PositionedEvent } from '../events/workflow-events';
import { IdentifierSchema } from '../wire';
import type { AdminService } from './service';
import type { SessionDetail } from './wire';

/**
 * `admin.sessions.events`: the session page's live feed. The same events, ids and resumption as the
 * shopper's `session.events`, read through the console's own view of the session (any client's session,
 * replays left out of the stream like everywhere else it is followed).
 */
export const SessionEventsInputSchema = z.strictObject({
  session_id: IdentifierSchema,
  /** Set by the tRPC client from the last tracked id when it reconnects (or from `Last-Event-ID`). */
  lastEventId: z.string().max(4000).nullish(),
});
export type SessionEventsInput = z.infer<typeof SessionEventsInputSchema>;

/** How often an open session page's stream rereads the session's requests. */
export const ADMIN_EVENT_POLL_MS = 500;

/**
 * Checks the session exists first (404 like `admin.sessions.get`), then follows its workflow events
 * until the subscriber goes away. The existence check's read doubles as the first poll; later polls read
 * the requests as stored, so only a request that changed is decoded again (see `followSessionEvents`).
 */
export async function openAdminEventStream(
  admin: Pick<AdminService, 'getSession' | 'sessionRequests'>,
  input: SessionEventsInput,
  options: { signal: AbortSignal; pollMs?: number },
): Promise<AsyncGenerator<PositionedEvent>> {
  let firstRead: SessionDetail | null = await admin.getSession(input.session_id);
  return followSessionEvents({
    loadRequests: async () => {
      const requests = firstRead?.requests ?? (await admin.sessionRequests(input.session_id));
      firstRead = null;
      return requests;
    },
    lastEventId: input.lastEventId,
    pollMs: options.pollMs ?? ADMIN_EVENT_POLL_MS,
    signal: options.signal,
  });
}

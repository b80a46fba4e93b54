'use client';

import { useEffect, useRef, useState } from 'react';
import { coalesce } from '../../lib/coalesce';
import { sendToLoginOn401 } from '../../lib/login-redirect';
import { trpc } from '../../trpc';

/** How long after an event the session is reread, so a burst of events costs one read. */
const REFRESH_DELAY_MS = 150;

/** What the page tells the operator about its live feed. */
export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'off';

/**
 * Follows the session's workflow events (`admin.sessions.events`, server-sent events) and rereads the
 * session whenever one arrives. The tRPC client reconnects by itself after a dropped connection and
 * resumes after the last event it saw; `off` means the feed gave up (the page then falls back to polling).
 */
export function useSessionEvents(sessionId: string): { state: LiveState; reconnect(): void } {
  const utils = trpc.useUtils();
  const invalidate = useRef(() => {});
  invalidate.current = () => void utils.admin.sessions.get.invalidate({ session_id: sessionId });
  const [refresh] = useState(() => coalesce(() => invalidate.current(), REFRESH_DELAY_MS));
  useEffect(() => () => refresh.cancel(), [refresh]);

  const events = trpc.admin.sessions.events.useSubscription(
    { session_id: sessionId },
    { onData: refresh.trigger, onError: sendToLoginOn401 },
  );
  return { state: liveState(events), reconnect: events.reset };
}

function liveState(events: { status: string; error: unknown }): LiveState {
  switch (events.status) {
    case 'pending':
      return 'live';
    case 'error':
      return 'off';
    case 'connecting':
      return events.error ? 'reconnecting' : 'connecting';
    default:
      return 'connecting';
  }
}

/** Every in-app link is built here, so ids are always encoded the same way. */

export function sessionHref(sessionId: string, requestId?: string | null): string {
  const base = `/sessions/${encodeURIComponent(sessionId)}`;
  return requestId
    ? `${base}?request=${encodeURIComponent(requestId)}#request-${encodeURIComponent(requestId)}`
    : base;
}

export function replayHref(requestId: string): string {
  return `/replays/${encodeURIComponent(requestId)}`;
}

/** The DOM id of a request's card on the session page (the target of `sessionHref(…, requestId)`). */
export function requestAnchor(requestId: string): string {
  return `request-${requestId}`;
}

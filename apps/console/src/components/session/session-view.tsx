'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useEffect } from 'react';
import { describeError } from '../../lib/api-error';
import { formatDateTime } from '../../lib/format';
import { requestAnchor } from '../../lib/routes';
import { trpc } from '../../trpc';
import { ErrorNotice, Loading } from '../feedback';
import { StatusBadge } from '../status-badge';
import { LiveIndicator } from './live-indicator';
import { RequestCard } from './request-card';
import { RequirementsList } from './requirements-list';
import { useSessionEvents } from './use-session-events';

/** Only while the live feed is down: the feed, not this poll, is what keeps the page current. */
const FALLBACK_REFRESH_MS = 30_000;

export function SessionView({ sessionId }: { sessionId: string }) {
  const highlight = useSearchParams().get('request');
  // Every workflow event (a new request included) rereads the session.
  const live = useSessionEvents(sessionId);
  const detail = trpc.admin.sessions.get.useQuery(
    { session_id: sessionId },
    { refetchInterval: live.state === 'live' ? false : FALLBACK_REFRESH_MS },
  );
  const loaded = detail.data !== undefined;

  // Bring the looked-up request into view once, when it first renders.
  useEffect(() => {
    if (!loaded || !highlight) return;
    const element = document.getElementById(requestAnchor(highlight));
    element?.scrollIntoView({ block: 'start' });
    element?.focus({ preventScroll: true });
  }, [loaded, highlight]);

  if (detail.isPending) return <Loading label="Loading the session…" />;
  if (detail.isError) {
    const notFound = describeError(detail.error).status === 404;
    return (
      <>
        <h1>Session</h1>
        <ErrorNotice
          error={detail.error}
          title={notFound ? `Session ${sessionId} not found` : 'Could not load the session'}
          onRetry={notFound ? undefined : () => detail.refetch()}
        />
        <p>
          <Link href="/sessions">Back to sessions</Link>
        </p>
      </>
    );
  }

  const { session, requests } = detail.data;
  const ordered = [...requests].sort((a, b) => a.created_at.localeCompare(b.created_at));
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link href="/sessions">Sessions</Link> <span aria-hidden="true">/</span>{' '}
        <span className="mono">{session.session_id}</span>
      </nav>
      <div className="page-head">
        <h1>
          Session <span className="mono">{session.session_id}</span>
        </h1>
        <div className="head-tools">
          <LiveIndicator state={live.state} onReconnect={live.reconnect} />
          <StatusBadge value={session.status} />
        </div>
      </div>
      <dl className="summary">
        <div>
          <dt>User</dt>
          <dd className="mono">{session.user_id}</dd>
        </div>
        <div>
          <dt>Client</dt>
          <dd className="mono">{session.client_id}</dd>
        </div>
        <div>
          <dt>State</dt>
          <dd className="mono">{session.state}</dd>
        </div>
        <div>
          <dt>Requests</dt>
          <dd>{session.request_count}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>{formatDateTime(session.created_at)}</dd>
        </div>
        <div>
          <dt>Updated</dt>
          <dd>{formatDateTime(session.updated_at)}</dd>
        </div>
      </dl>
      {session.requirements ? (
        <details className="panel" open>
          <summary>Current requirements</summary>
          <RequirementsList requirements={session.requirements} />
        </details>
      ) : null}
      {ordered.length === 0 ? (
        <p className="feedback empty">This session has no requests.</p>
      ) : (
        ordered.map((request) => (
          <RequestCard
            key={request.request_id}
            request={request}
            highlighted={request.request_id === highlight}
          />
        ))
      )}
    </>
  );
}

'use client';

import Link from 'next/link';
import { describeError } from '../../lib/api-error';
import { formatDateTime } from '../../lib/format';
import { sessionHref } from '../../lib/routes';
import { readWorkflow, resultCardsOf } from '../../lib/workflow';
import { type AdminOutputs, trpc } from '../../trpc';
import { ErrorNotice, Loading } from '../feedback';
import {
  FailureDiff,
  LatencyDiff,
  ReplyDiff,
  RequirementsDiff,
  ResultsDiff,
  StatePathDiff,
} from './diff-sections';

type Replay = AdminOutputs['replays']['get'];

function titlesOf(result: Replay): Map<string, string> {
  const titles = new Map<string, string>();
  for (const request of [result.original, result.replay]) {
    for (const card of resultCardsOf(readWorkflow(request.workflow_state))) {
      if (card.title) titles.set(card.product_id, card.title);
    }
  }
  return titles;
}

function Banner({ diff }: { diff: Replay['diff'] }) {
  const differing = [
    diff.state_path.same ? null : 'state path',
    diff.requirements.same ? null : 'requirements',
    diff.results.same ? null : 'results',
    diff.reply.same ? null : 'reply',
    diff.failure && !diff.failure.same ? 'failure' : null,
  ].filter((part) => part !== null);
  return diff.identical ? (
    <div className="banner same" role="status">
      <strong>Identical</strong>
      <span>Same state path, requirements, results and reply as the original.</span>
    </div>
  ) : (
    <div className="banner differs" role="status">
      <strong>Differs</strong>
      <span>
        {differing.length > 0 ? `Changed: ${differing.join(', ')}.` : 'The replay differs from the original.'}
      </span>
    </div>
  );
}

export function ReplayView({ requestId }: { requestId: string }) {
  const query = trpc.admin.replays.get.useQuery({ request_id: requestId });
  if (query.isPending) return <Loading label="Loading the replay…" />;
  if (query.isError) {
    const notFound = describeError(query.error).status === 404;
    return (
      <>
        <h1>Replay</h1>
        <ErrorNotice
          error={query.error}
          title={notFound ? `No replay ${requestId}` : 'Could not load the replay'}
          onRetry={notFound ? undefined : () => query.refetch()}
        />
      </>
    );
  }
  const { original, replay, diff } = query.data;
  const titles = titlesOf(query.data);
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link href="/sessions">Sessions</Link> <span aria-hidden="true">/</span>{' '}
        <Link href={sessionHref(original.session_id, original.request_id)} className="mono">
          {original.session_id}
        </Link>{' '}
        <span aria-hidden="true">/</span> replay
      </nav>
      <div className="page-head">
        <h1>Replay diff</h1>
      </div>
      <Banner diff={diff} />
      <div className="side-by-side heads">
        <div>
          <h2>Original</h2>
          <p className="small">
            <Link href={sessionHref(original.session_id, original.request_id)} className="mono">
              {original.request_id}
            </Link>
            <br />
            <span className="muted">
              {formatDateTime(original.created_at)} · {original.state}
            </span>
          </p>
        </div>
        <div>
          <h2>Replay</h2>
          <p className="small">
            <Link href={sessionHref(replay.session_id, replay.request_id)} className="mono">
              {replay.request_id}
            </Link>
            <br />
            <span className="muted">
              {formatDateTime(replay.created_at)} · {replay.state}
            </span>
          </p>
        </div>
      </div>
      {diff.failure ? <FailureDiff diff={diff.failure} /> : null}
      <StatePathDiff diff={diff.state_path} />
      <RequirementsDiff diff={diff.requirements} />
      <ResultsDiff diff={diff.results} titles={titles} />
      <ReplyDiff diff={diff.reply} />
      <LatencyDiff rows={diff.step_latency} />
    </>
  );
}

import Link from 'next/link';
import { formatDateTime, formatMs } from '../../lib/format';
import { replayHref, requestAnchor } from '../../lib/routes';
import { readInput, readWorkflow, threadOf, timelineOf } from '../../lib/workflow';
import type { AdminOutputs } from '../../trpc';
import { JsonView } from '../json-view';
import { StatusBadge } from '../status-badge';
import { ReplayButtons } from './replay-buttons';
import { Thread } from './thread';
import { Timeline } from './timeline';

type Request = AdminOutputs['sessions']['get']['requests'][number];

export function RequestCard({ request, highlighted }: { request: Request; highlighted: boolean }) {
  const input = readInput(request.input_data);
  const record = readWorkflow(request.workflow_state);
  const timeline = timelineOf(record);
  const total = timeline.entries.reduce((sum, e) => sum + (e.duration_ms ?? 0), 0);
  return (
    <article
      id={requestAnchor(request.request_id)}
      className={`request-card${highlighted ? ' highlighted' : ''}`}
      aria-labelledby={`${requestAnchor(request.request_id)}-title`}
      tabIndex={-1}
    >
      <header className="request-head">
        <div>
          <h2 id={`${requestAnchor(request.request_id)}-title`}>
            <span className="tag">{request.request_type}</span>{' '}
            <span className="mono">{request.request_id}</span>
            {highlighted ? <span className="visually-hidden"> (the request you looked up)</span> : null}
          </h2>
          <p className="muted small">
            {formatDateTime(request.created_at)} · <StatusBadge value={request.status} />{' '}
            <span className="mono">{request.state}</span> · {formatMs(total)} in states · version{' '}
            {request.version}
            {request.replay_of ? (
              <>
                {' '}
                · replay of <span className="mono">{request.replay_of}</span> ·{' '}
                <Link href={replayHref(request.request_id)}>see the diff</Link>
              </>
            ) : null}
          </p>
        </div>
        <ReplayButtons requestId={request.request_id} />
      </header>

      <div className="request-body">
        <section aria-label="Conversation">
          <h3>Conversation</h3>
          <Thread items={threadOf(input, record, request.created_at)} />
          {record.degraded.length > 0 ? <p className="note">Degraded: {record.degraded.join('; ')}</p> : null}
        </section>
        <section aria-label="Timeline">
          <h3>Timeline</h3>
          <Timeline entries={timeline.entries} unplaced={timeline.unplaced} />
          {record.errors.length > 0 ? (
            <ul className="errors">
              {record.errors.map((e) => (
                <li key={`${e.at}-${e.code}`}>
                  <span className="mono">{e.state}</span> · <span className="mono">{e.code}</span>:{' '}
                  {e.message}
                </li>
              ))}
            </ul>
          ) : null}
        </section>
      </div>

      <div className="raw">
        <JsonView label="Raw input_data" value={request.input_data} />
        <JsonView label="Raw workflow_state" value={request.workflow_state} />
      </div>
    </article>
  );
}

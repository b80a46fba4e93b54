import { formatDateTime, formatMs } from '../../lib/format';
import type { CallRecord, TimelineEntry } from '../../lib/workflow';
import { StatusBadge } from '../status-badge';

function CallsTable({ calls, caption }: { calls: CallRecord[]; caption: string }) {
  return (
    <table className="calls">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Service</th>
          <th scope="col">Endpoint</th>
          <th scope="col" className="num">
            Attempt
          </th>
          <th scope="col" className="num">
            Status
          </th>
          <th scope="col" className="num">
            Latency
          </th>
          <th scope="col">Error</th>
        </tr>
      </thead>
      <tbody>
        {calls.map((call) => {
          const failed = call.error_code !== null || call.status === null || call.status >= 400;
          return (
            <tr
              key={`${call.started_at}-${call.endpoint}-${call.attempt}`}
              className={failed ? 'failed' : undefined}
            >
              <td>{call.service}</td>
              <td className="mono">{call.endpoint}</td>
              <td className="num">{call.attempt}</td>
              <td className="num">{call.status ?? '—'}</td>
              <td className="num">{formatMs(call.latency_ms)}</td>
              <td className="mono">{call.error_code ?? ''}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Each state with how long the request spent in it (a bar relative to the longest), and its calls. */
export function Timeline({ entries, unplaced }: { entries: TimelineEntry[]; unplaced: CallRecord[] }) {
  const longest = Math.max(1, ...entries.map((e) => e.duration_ms ?? 0));
  return (
    <>
      <ol className="timeline" aria-label="State timeline">
        {entries.map((entry) => (
          <li key={`${entry.state}-${entry.entered_at}`}>
            <div className="timeline-row">
              <StatusBadge value={entry.state} />
              <span className="duration-bar" aria-hidden="true">
                <span
                  className="duration-fill"
                  style={{ width: `${Math.max(2, ((entry.duration_ms ?? 0) / longest) * 100)}%` }}
                />
              </span>
              <span className="num duration">
                {entry.left_at === null
                  ? entry.state === 'COMPLETED' || entry.state === 'FAILED'
                    ? 'final'
                    : 'current'
                  : formatMs(entry.duration_ms)}
              </span>
              <time className="muted small" dateTime={entry.entered_at}>
                {formatDateTime(entry.entered_at)}
              </time>
            </div>
            {entry.calls.length > 0 ? (
              <CallsTable calls={entry.calls} caption={`Downstream calls during ${entry.state}`} />
            ) : null}
          </li>
        ))}
      </ol>
      {unplaced.length > 0 ? (
        <CallsTable calls={unplaced} caption="Calls outside any recorded state" />
      ) : null}
    </>
  );
}

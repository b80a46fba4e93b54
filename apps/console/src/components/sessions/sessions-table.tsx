import Link from 'next/link';
import { formatDateTime, formatRelative, shortId } from '../../lib/format';
import { sessionHref } from '../../lib/routes';
import type { AdminOutputs } from '../../trpc';
import { StatusBadge } from '../status-badge';

type Row = AdminOutputs['sessions']['list']['items'][number];

export function SessionsTable({ rows, now }: { rows: Row[]; now: Date }) {
  return (
    <div className="table-wrap">
      <table className="data-table">
        <caption className="visually-hidden">Sessions, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Session</th>
            <th scope="col">User</th>
            <th scope="col">Status</th>
            <th scope="col">State</th>
            <th scope="col">Type</th>
            <th scope="col" className="num">
              Requests
            </th>
            <th scope="col">Last request</th>
            <th scope="col">Created</th>
            <th scope="col">Updated</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.session_id}>
              <th scope="row">
                <Link href={sessionHref(row.session_id)} className="mono" title={row.session_id}>
                  {shortId(row.session_id)}
                </Link>
              </th>
              <td className="mono">{row.user_id}</td>
              <td>
                <StatusBadge value={row.status} />
              </td>
              <td className="mono small">{row.state}</td>
              <td>{row.request_type}</td>
              <td className="num">{row.request_count}</td>
              <td>
                {row.last_request_id ? (
                  <Link
                    href={sessionHref(row.session_id, row.last_request_id)}
                    className="mono"
                    title={row.last_request_id}
                  >
                    {shortId(row.last_request_id)}
                  </Link>
                ) : (
                  '—'
                )}
              </td>
              <td className="nowrap">{formatDateTime(row.created_at)}</td>
              <td className="nowrap" title={formatDateTime(row.updated_at)}>
                {formatRelative(row.updated_at, now)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

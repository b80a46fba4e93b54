'use client';

import type { LatencyWindow } from '@talknshop/api';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { formatCount, formatDateTime, formatMs, formatPercent, shortId } from '../../lib/format';
import { isOneOf, LATENCY_WINDOWS, WINDOW_LABELS } from '../../lib/options';
import { sessionHref } from '../../lib/routes';
import { type AdminOutputs, trpc } from '../../trpc';
import { Empty, ErrorNotice, Loading } from '../feedback';
import { StatusBadge } from '../status-badge';
import { LatencyChart } from './latency-chart';

type Latency = AdminOutputs['latency'];
type Endpoint = Latency['endpoints'][number];

const REFRESH_MS = 5_000;
const endpointKey = (e: Endpoint) => `${e.service} ${e.endpoint}`;

function WindowPicker({ value, onChange }: { value: LatencyWindow; onChange: (w: LatencyWindow) => void }) {
  return (
    <fieldset className="segmented">
      <legend className="visually-hidden">Time window</legend>
      {LATENCY_WINDOWS.map((w) => (
        <label key={w} className={w === value ? 'checked' : undefined}>
          <input type="radio" name="window" value={w} checked={w === value} onChange={() => onChange(w)} />
          {WINDOW_LABELS[w]}
        </label>
      ))}
    </fieldset>
  );
}

function Breakers({ breakers }: { breakers: Latency['breakers'] }) {
  const entries = Object.entries(breakers);
  if (entries.length === 0) return null;
  return (
    <section className="breakers" aria-label="Circuit breakers">
      <h2>Circuit breakers</h2>
      <ul className="breaker-list">
        {entries.map(([service, state]) => (
          <li key={service}>
            <span>{service}</span> <StatusBadge value={state} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function EndpointTable({ endpoints }: { endpoints: Endpoint[] }) {
  return (
    <div className="table-wrap">
      <table className="data-table">
        <caption className="visually-hidden">Downstream calls per service and endpoint</caption>
        <thead>
          <tr>
            <th scope="col">Service</th>
            <th scope="col">Endpoint</th>
            <th scope="col" className="num">
              Calls
            </th>
            <th scope="col" className="num">
              Errors
            </th>
            <th scope="col" className="num">
              Error rate
            </th>
            <th scope="col" className="num">
              p50
            </th>
            <th scope="col" className="num">
              p95
            </th>
            <th scope="col" className="num">
              p99
            </th>
          </tr>
        </thead>
        <tbody>
          {endpoints.map((e) => (
            <tr key={endpointKey(e)} data-endpoint={endpointKey(e)}>
              <th scope="row">{e.service}</th>
              <td className="mono">
                {e.count > 0 ? <a href={`#chart-${e.service}-${e.endpoint}`}>{e.endpoint}</a> : e.endpoint}
              </td>
              <td className="num">{formatCount(e.count)}</td>
              <td className="num">{formatCount(e.errors)}</td>
              <td className={`num${e.error_rate > 0 ? ' warn' : ''}`}>{formatPercent(e.error_rate)}</td>
              <td className="num" data-metric="p50">
                {formatMs(e.p50)}
              </td>
              <td className="num" data-metric="p95">
                {formatMs(e.p95)}
              </td>
              <td className="num" data-metric="p99">
                {formatMs(e.p99)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function EndpointPanel({ endpoint }: { endpoint: Endpoint }) {
  const title = endpointKey(endpoint);
  return (
    <section
      className="panel endpoint-panel"
      id={`chart-${endpoint.service}-${endpoint.endpoint}`}
      aria-label={title}
    >
      <h3>
        {endpoint.service} <span className="mono">{endpoint.endpoint}</span>
      </h3>
      <LatencyChart series={endpoint.series} label={title} />
      <h4>Slowest requests</h4>
      {endpoint.slowest.length === 0 ? (
        <p className="muted small">None.</p>
      ) : (
        <ol className="slowest">
          {endpoint.slowest.map((s) => (
            <li key={`${s.request_id}-${s.at}`}>
              <Link href={sessionHref(s.session_id, s.request_id)} className="mono" title={s.request_id}>
                {shortId(s.request_id)}
              </Link>{' '}
              <strong>{formatMs(s.latency_ms)}</strong>{' '}
              <span className="muted small">{formatDateTime(s.at)}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

export function LatencyView() {
  const router = useRouter();
  const pathname = usePathname();
  const requested = useSearchParams().get('window');
  const selected: LatencyWindow = isOneOf(LATENCY_WINDOWS, requested) ? requested : '1h';
  const [live, setLive] = useState(true);
  const latency = trpc.admin.latency.useQuery(
    { window: selected },
    { refetchInterval: live ? REFRESH_MS : false },
  );

  return (
    <>
      <div className="page-head">
        <h1>Downstream latency</h1>
        <div className="head-tools">
          <WindowPicker value={selected} onChange={(w) => router.replace(`${pathname}?window=${w}`)} />
          <label className="toggle">
            <input type="checkbox" checked={live} onChange={(e) => setLive(e.target.checked)} />
            Live refresh
          </label>
        </div>
      </div>
      {latency.isPending ? (
        <Loading label="Loading latency…" />
      ) : latency.isError ? (
        <ErrorNotice error={latency.error} title="Could not load latency" onRetry={() => latency.refetch()} />
      ) : (
        <>
          <p className="muted small">
            {formatDateTime(latency.data.from)} – {formatDateTime(latency.data.to)}
          </p>
          <Breakers breakers={latency.data.breakers} />
          {latency.data.endpoints.length === 0 ? (
            <Empty>No downstream calls in this window.</Empty>
          ) : (
            <>
              <EndpointTable endpoints={latency.data.endpoints} />
              <div className="panels">
                {latency.data.endpoints
                  .filter((e) => e.count > 0)
                  .map((e) => (
                    <EndpointPanel key={endpointKey(e)} endpoint={e} />
                  ))}
              </div>
            </>
          )}
          <p className="method note">
            <strong>How these are computed:</strong> {latency.data.method}
          </p>
        </>
      )}
    </>
  );
}

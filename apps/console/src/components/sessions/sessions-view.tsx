'use client';

import { keepPreviousData } from '@tanstack/react-query';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import {
  type CursorStack,
  currentCursor,
  firstPage,
  hasPrevious,
  pageIndex,
  popCursor,
  pushCursor,
} from '../../lib/cursor-stack';
import { formatDateTime } from '../../lib/format';
import { filtersToQuery, parseFilters, type SessionFilters } from '../../lib/session-filters';
import { trpc } from '../../trpc';
import { Empty, ErrorNotice, Loading } from '../feedback';
import { FiltersForm } from './filters-form';
import { LookupForm } from './lookup-form';
import { SessionsTable } from './sessions-table';
import { StatusCounts } from './status-counts';

const PAGE_SIZE = 25;
const LIVE_INTERVAL_MS = 3_000;

export function SessionsView() {
  const router = useRouter();
  const pathname = usePathname();
  const filters = parseFilters(new URLSearchParams(useSearchParams().toString()));
  const filterKey = filtersToQuery(filters);
  // The cursor stack belongs to one set of filters: new filters start again at page 1.
  const [paging, setPaging] = useState<{ key: string; stack: CursorStack }>({
    key: filterKey,
    stack: firstPage(),
  });
  const stack = paging.key === filterKey ? paging.stack : firstPage();
  const [live, setLive] = useState(true);
  const refetchInterval = live ? LIVE_INTERVAL_MS : false;

  const list = trpc.admin.sessions.list.useQuery(
    { ...filters, limit: PAGE_SIZE, cursor: currentCursor(stack) },
    { refetchInterval, placeholderData: keepPreviousData },
  );
  const counts = trpc.admin.sessions.counts.useQuery(
    { ...(filters.from ? { from: filters.from } : {}), ...(filters.to ? { to: filters.to } : {}) },
    { refetchInterval },
  );

  const apply = (next: SessionFilters) => router.push(`${pathname}${filtersToQuery(next)}`);
  const nextCursor = list.data?.cursor ?? null;

  return (
    <>
      <div className="page-head">
        <h1>Sessions</h1>
        <div className="head-tools">
          <label className="toggle">
            <input type="checkbox" checked={live} onChange={(e) => setLive(e.target.checked)} />
            Live refresh (every {LIVE_INTERVAL_MS / 1000} s)
          </label>
          <span className="muted small" aria-live="off">
            {list.dataUpdatedAt
              ? `Updated ${formatDateTime(new Date(list.dataUpdatedAt).toISOString())}`
              : ''}
          </span>
        </div>
      </div>

      <section className="toolbar" aria-label="Overview and lookup">
        <StatusCounts
          counts={counts.data}
          selected={filters.status}
          onSelect={(status) => apply({ ...filters, status })}
        />
        <LookupForm />
      </section>

      <FiltersForm filters={filters} onApply={apply} />

      <section aria-label="Sessions" aria-busy={list.isFetching}>
        {list.isPending ? (
          <Loading label="Loading sessions…" />
        ) : list.isError ? (
          <ErrorNotice error={list.error} title="Could not load sessions" onRetry={() => list.refetch()} />
        ) : list.data.items.length === 0 ? (
          <Empty>
            {filterKey
              ? 'No sessions match these filters.'
              : 'No sessions yet. They appear here as shoppers search.'}
          </Empty>
        ) : (
          <SessionsTable rows={list.data.items} now={new Date(list.dataUpdatedAt || Date.now())} />
        )}
        <nav className="pager" aria-label="Pages">
          <button
            type="button"
            className="button"
            disabled={!hasPrevious(stack)}
            onClick={() => setPaging({ key: filterKey, stack: popCursor(stack) })}
          >
            ← Previous
          </button>
          <span className="muted">Page {pageIndex(stack) + 1}</span>
          <button
            type="button"
            className="button"
            disabled={!nextCursor || list.isPlaceholderData}
            onClick={() => nextCursor && setPaging({ key: filterKey, stack: pushCursor(stack, nextCursor) })}
          >
            Next →
          </button>
        </nav>
      </section>
    </>
  );
}

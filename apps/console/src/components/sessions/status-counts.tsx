'use client';

import { formatCount } from '../../lib/format';
import { REQUEST_STATUSES, type RequestStatus } from '../../lib/options';
import type { AdminOutputs } from '../../trpc';

type Counts = AdminOutputs['sessions']['counts'];

/** One tile per status; pressing a tile filters the table by it (pressing it again clears the filter). */
export function StatusCounts({
  counts,
  selected,
  onSelect,
}: {
  counts: Counts | undefined;
  selected: RequestStatus | undefined;
  onSelect: (status: RequestStatus | undefined) => void;
}) {
  return (
    <ul className="counts" aria-label="Sessions by status">
      {REQUEST_STATUSES.map((status) => (
        <li key={status}>
          <button
            type="button"
            className={`count tone-${status}`}
            aria-pressed={selected === status}
            onClick={() => onSelect(selected === status ? undefined : status)}
          >
            <span className="count-value">{counts ? formatCount(counts[status]) : '–'}</span>
            <span className="count-label">{status}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

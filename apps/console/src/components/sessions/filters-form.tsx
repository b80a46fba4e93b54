'use client';

import { type FormEvent, useState } from 'react';
import { isoToLocalInput, localInputToIso } from '../../lib/format';
import { isOneOf, REQUEST_STATUSES, REQUEST_TYPES, WORKFLOW_STATES } from '../../lib/options';
import { isUserIdValid, type SessionFilters } from '../../lib/session-filters';

interface Draft {
  user_id: string;
  status: string;
  state: string;
  request_type: string;
  from: string;
  to: string;
}

function toDraft(filters: SessionFilters): Draft {
  return {
    user_id: filters.user_id ?? '',
    status: filters.status ?? '',
    state: filters.state ?? '',
    request_type: filters.request_type ?? '',
    from: isoToLocalInput(filters.from),
    to: isoToLocalInput(filters.to),
  };
}

function fromDraft(draft: Draft): SessionFilters {
  const filters: SessionFilters = {};
  const user = draft.user_id.trim();
  if (user) filters.user_id = user;
  if (isOneOf(REQUEST_STATUSES, draft.status)) filters.status = draft.status;
  if (isOneOf(WORKFLOW_STATES, draft.state)) filters.state = draft.state;
  if (isOneOf(REQUEST_TYPES, draft.request_type)) filters.request_type = draft.request_type;
  const from = localInputToIso(draft.from);
  if (from) filters.from = from;
  const to = localInputToIso(draft.to);
  if (to) filters.to = to;
  return filters;
}

/** Edits are drafted locally and applied together, so typing a user id does not query on every key. */
export function FiltersForm({
  filters,
  onApply,
}: {
  filters: SessionFilters;
  onApply: (filters: SessionFilters) => void;
}) {
  const [draft, setDraft] = useState(() => toDraft(filters));
  const [appliedKey, setAppliedKey] = useState(() => JSON.stringify(filters));
  // The URL can change under the form (counts buttons, back button): follow it.
  const key = JSON.stringify(filters);
  if (key !== appliedKey) {
    setAppliedKey(key);
    setDraft(toDraft(filters));
  }
  const set = (field: keyof Draft) => (event: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [field]: event.target.value }));
  const userValid = isUserIdValid(draft.user_id);
  const rangeValid = !draft.from || !draft.to || draft.from < draft.to;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (userValid && rangeValid) onApply(fromDraft(draft));
  };

  return (
    <form className="filters" onSubmit={submit} aria-label="Filter sessions">
      <div className="field">
        <label htmlFor="filter-user">User id</label>
        <input
          id="filter-user"
          value={draft.user_id}
          onChange={set('user_id')}
          spellCheck={false}
          aria-invalid={!userValid}
          aria-describedby={userValid ? undefined : 'filter-user-error'}
        />
        {userValid ? null : (
          <span id="filter-user-error" className="field-error">
            Letters, digits and _ . : @ - only
          </span>
        )}
      </div>
      <div className="field">
        <label htmlFor="filter-status">Status</label>
        <select id="filter-status" value={draft.status} onChange={set('status')}>
          <option value="">Any</option>
          {REQUEST_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-state">Workflow state</label>
        <select id="filter-state" value={draft.state} onChange={set('state')}>
          <option value="">Any</option>
          {WORKFLOW_STATES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-type">Request type</label>
        <select id="filter-type" value={draft.request_type} onChange={set('request_type')}>
          <option value="">Any</option>
          {REQUEST_TYPES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-from">From</label>
        <input id="filter-from" type="datetime-local" value={draft.from} onChange={set('from')} />
      </div>
      <div className="field">
        <label htmlFor="filter-to">To</label>
        <input
          id="filter-to"
          type="datetime-local"
          value={draft.to}
          onChange={set('to')}
          aria-invalid={!rangeValid}
          aria-describedby={rangeValid ? undefined : 'filter-range-error'}
        />
        {rangeValid ? null : (
          <span id="filter-range-error" className="field-error">
            Must be after “From”
          </span>
        )}
      </div>
      <div className="filter-actions">
        <button type="submit" className="button primary" disabled={!userValid || !rangeValid}>
          Apply
        </button>
        <button type="button" className="button subtle" onClick={() => onApply({})}>
          Clear
        </button>
      </div>
    </form>
  );
}

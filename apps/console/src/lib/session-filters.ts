import type { SessionListInput } from '@talknshop/api';
import { isOneOf, REQUEST_STATUSES, REQUEST_TYPES, WORKFLOW_STATES } from './options';

/** The sessions table's filters live in the URL, so a filtered view can be bookmarked and shared. */
export type SessionFilters = Pick<
  SessionListInput,
  'user_id' | 'status' | 'state' | 'request_type' | 'from' | 'to'
>;

const IDENTIFIER = /^[A-Za-z0-9_.:@-]{1,128}$/;

function isoOrUndefined(value: string | null): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** Unknown or malformed values are dropped rather than sent, so a hand-edited URL never breaks the page. */
export function parseFilters(params: URLSearchParams): SessionFilters {
  const filters: SessionFilters = {};
  const user = params.get('user_id')?.trim();
  if (user && IDENTIFIER.test(user)) filters.user_id = user;
  const status = params.get('status');
  if (isOneOf(REQUEST_STATUSES, status)) filters.status = status;
  const state = params.get('state');
  if (isOneOf(WORKFLOW_STATES, state)) filters.state = state;
  const type = params.get('request_type');
  if (isOneOf(REQUEST_TYPES, type)) filters.request_type = type;
  const from = isoOrUndefined(params.get('from'));
  if (from) filters.from = from;
  const to = isoOrUndefined(params.get('to'));
  if (to) filters.to = to;
  return filters;
}

const KEYS = ['user_id', 'status', 'state', 'request_type', 'from', 'to'] as const;

export function filtersToQuery(filters: SessionFilters): string {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  const query = params.toString();
  return query ? `?${query}` : '';
}

export function isUserIdValid(value: string): boolean {
  return value.trim() === '' || IDENTIFIER.test(value.trim());
}

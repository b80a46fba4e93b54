import type { WorkflowRecord } from './record';
import { canTransition, isTerminal } from './states';

/**
 * The record closed as FAILED where it stopped, with the reason as its failure. Where it stopped stays in
 * the history, so an operator sees how far the request got.
 */
export function failedRecord(
  record: WorkflowRecord,
  failure: { code: string; message: string; retryable: boolean },
  at: Date,
): WorkflowRecord {
  const next = structuredClone(record);
  const iso = at.toISOString();
  const open = next.history.at(-1);
  if (open && open.left_at === null) {
    open.left_at = iso;
    open.duration_ms = at.getTime() - Date.parse(open.entered_at);
  }
  if (canTransition(next.current, 'FAILED')) {
    next.history.push({ state: 'FAILED', entered_at: iso, left_at: iso, duration_ms: 0 });
    next.current = 'FAILED';
  }
  next.failure = { ...failure, service: null, downstream_code: null };
  return next;
}

/**
 * A run whose outcome never reached the shopper (the session moved on before it was written), closed as
 * FAILED after wherever it ended, COMPLETED included. Its history only grows, so whoever follows the
 * request's events sees the failure after a completion they may already have seen.
 */
export function undelivered(
  record: WorkflowRecord,
  failure: { code: string; message: string; retryable: boolean },
  at: Date,
): WorkflowRecord {
  if (!isTerminal(record.current)) return failedRecord(record, failure, at);
  const next = structuredClone(record);
  const iso = at.toISOString();
  next.history.push({ state: 'FAILED', entered_at: iso, left_at: iso, duration_ms: 0 });
  next.current = 'FAILED';
  next.failure = { ...failure, service: null, downstream_code: null };
  return next;
}

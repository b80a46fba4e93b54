import type { WorkflowRecord } from './record';
import { canTransition } from './states';

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
 * The record as it stood before it entered COMPLETED, for a run whose outcome never reached the shopper:
 * such a run did not complete, and can then be closed as FAILED where its work ended. Any other record is
 * returned as it is.
 */
export function reopened(record: WorkflowRecord): WorkflowRecord {
  if (record.current !== 'COMPLETED') return record;
  const next = structuredClone(record);
  next.history.pop();
  const last = next.history.at(-1);
  if (last) {
    last.left_at = null;
    last.duration_ms = null;
    next.current = last.state;
  }
  return next;
}

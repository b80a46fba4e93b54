import type { RankedProduct } from '@talknshop/contracts';
import type { JsonObject, RequestItem, SessionItem, SessionPatch } from '@talknshop/db';
import { pendingClarification, type WorkflowRecord } from './workflow/record';
import { statusOf } from './workflow/states';

export type SessionOutcome = Required<SessionPatch>;

/**
 * What a finished run (completed, failed or waiting for the shopper) writes to its session: the
 * conversation's requirements, the pending question, the prices and cursor a follow-up refines, and copies
 * of the request's status. `isNewRequest` counts the request; a clarify answer continues one already counted.
 */
export function sessionOutcome(
  session: Pick<SessionItem, 'requirements' | 'request_count'>,
  request: Pick<RequestItem, 'request_id' | 'created_at' | 'request_type'>,
  record: WorkflowRecord,
  results: readonly RankedProduct[],
  isNewRequest: boolean,
): SessionOutcome {
  const pending = pendingClarification(record);
  return {
    requirements: record.steps.requirements ? asJson(record.steps.requirements) : session.requirements,
    pending_clarification: pending
      ? {
          request_id: request.request_id,
          created_at: request.created_at,
          field: pending.field,
          question: pending.question,
          suggestions: pending.suggestions,
        }
      : null,
    last_prices: results.map((p) => p.price),
    last_cursor: record.steps.search?.next_cursor ?? null,
    status: statusOf(record.current),
    state: record.current,
    request_type: request.request_type,
    last_request_id: request.request_id,
    request_count: session.request_count + (isNewRequest ? 1 : 0),
  };
}

/** Our records are plain JSON by construction (zod-parsed data, no class instances). */
function asJson<T extends object>(value: T): JsonObject {
  return value as unknown as JsonObject;
}

import { z } from 'zod';
import { WorkflowRecordSchema } from '../workflow/record';
import { unpackedWorkflowState } from '../workflow/stored-record';

/**
 * Live progress of a session, derived from the request items the workflow already persists at every
 * checkpoint: no extra writes, and any orchestrator instance can serve any subscriber. A request's events
 * form an append-only sequence (each state entered, then the downstream calls made in it, the question
 * asked, the outcome), so "the first n events of request i" is a stable position to resume from.
 */
export const WorkflowEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('state_entered'), request_id: z.string(), state: z.string(), at: z.string() }),
  z.object({
    type: z.literal('call_finished'),
    request_id: z.string(),
    service: z.string(),
    endpoint: z.string(),
    attempt: z.number(),
    status: z.number().nullable(),
    latency_ms: z.number(),
    error_code: z.string().nullable(),
    at: z.string(),
  }),
  z.object({
    type: z.literal('clarification_asked'),
    request_id: z.string(),
    question: z.string(),
    field: z.string(),
    suggestions: z.array(z.string()),
    at: z.string(),
  }),
  z.object({ type: z.literal('completed'), request_id: z.string(), at: z.string() }),
  z.object({
    type: z.literal('failed'),
    request_id: z.string(),
    at: z.string(),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
  }),
]);
export type WorkflowEvent = z.infer<typeof WorkflowEventSchema>;

// Events never need the recorded responses: left unparsed on every poll.
const EventSourceSchema = z.preprocess(
  unpackedWorkflowState,
  WorkflowRecordSchema.omit({ activities: true }),
);

export function eventsOfRequest(request: { request_id: string; workflow_state: unknown }): WorkflowEvent[] {
  const parsed = EventSourceSchema.safeParse(request.workflow_state);
  if (!parsed.success) return [];
  const record = parsed.data;
  const request_id = request.request_id;
  const events: WorkflowEvent[] = [];
  let clarificationIndex = 0;
  record.history.forEach((entry, i) => {
    events.push({ type: 'state_entered', request_id, state: entry.state, at: entry.entered_at });
    if (entry.state === 'CLARIFICATION') {
      const round = record.clarifications[clarificationIndex++];
      if (round) {
        events.push({
          type: 'clarification_asked',
          request_id,
          question: round.question,
          field: round.field,
          suggestions: round.suggestions,
          at: round.asked_at,
        });
      }
    }
    if (entry.state === 'COMPLETED') events.push({ type: 'completed', request_id, at: entry.entered_at });
    if (entry.state === 'FAILED') {
      const failure = record.failure;
      events.push({
        type: 'failed',
        request_id,
        at: entry.entered_at,
        error: failure ? { code: failure.code, message: failure.message } : null,
      });
    }
    const next = record.history[i + 1]?.entered_at;
    for (const call of record.calls) {
      const inThisState =
        call.started_at >= entry.entered_at && (next === undefined || call.started_at < next);
      if (!inThisState) continue;
      events.push({
        type: 'call_finished',
        request_id,
        service: call.service,
        endpoint: call.endpoint,
        attempt: call.attempt,
        status: call.status,
        latency_ms: call.latency_ms,
        error_code: call.error_code,
        at: new Date(Date.parse(call.started_at) + call.latency_ms).toISOString(),
      });
    }
  });
  return events;
}

/** Event ids carry how many events of each request (in time order) the subscriber has seen. */
export function encodeEventId(counts: readonly number[]): string {
  return `v1.${counts.join('.')}`;
}

export function decodeEventId(id: string | null | undefined): number[] {
  if (!id || !/^v1(\.\d{1,6}){0,500}$/.test(id)) return [];
  return id.split('.').slice(1).map(Number);
}

export interface PositionedEvent {
  id: string;
  event: WorkflowEvent;
}

/**
 * The events a subscriber at `seen` has not had yet, each with the id that resumes right after it.
 * `eventsOf` derives a request's events (a follower passes one that remembers them per request version).
 */
export function newEvents<R extends { request_id: string; workflow_state: unknown }>(
  requests: readonly R[],
  seen: readonly number[],
  eventsOf: (request: R) => readonly WorkflowEvent[] = eventsOfRequest,
): { events: PositionedEvent[]; seen: number[] } {
  const counts = [...seen];
  const out: PositionedEvent[] = [];
  requests.forEach((request, i) => {
    const all = eventsOf(request);
    for (let n = counts[i] ?? 0; n < all.length; n += 1) {
      counts[i] = n + 1;
      for (let j = 0; j < i; j += 1) counts[j] ??= 0;
      out.push({ id: encodeEventId(counts), event: all[n]! });
    }
  });
  return { events: out, seen: counts };
}

import type { LatencyWindow, SessionListInput, WorkflowRecord } from '@talknshop/api';

/**
 * The choices the filters offer. The console imports only types from the API package (never its server
 * code), so the lists live here, and `everyMember` makes the compiler reject a list that misses a value
 * the API accepts.
 */
function everyMember<T extends string>() {
  return <const L extends readonly T[]>(
    ...values: L & ([Exclude<T, L[number]>] extends [never] ? unknown : never)
  ): L => values;
}

export type RequestStatus = NonNullable<SessionListInput['status']>;
export type WorkflowState = WorkflowRecord['current'];
export type RequestType = NonNullable<SessionListInput['request_type']>;

export const REQUEST_STATUSES = everyMember<RequestStatus>()('pending', 'processing', 'completed', 'failed');

export const WORKFLOW_STATES = everyMember<WorkflowState>()(
  'INITIAL',
  'MEDIA_PROCESSING',
  'REQUIREMENT_BUILDING',
  'CLARIFICATION',
  'SEARCHING',
  'RANKING',
  'COMPLETED',
  'FAILED',
);

export const REQUEST_TYPES = everyMember<RequestType>()('search', 'chat', 'clarify', 'replay');

export const LATENCY_WINDOWS = everyMember<LatencyWindow>()('15m', '1h', '24h');

export const WINDOW_LABELS: Record<LatencyWindow, string> = {
  '15m': 'Last 15 minutes',
  '1h': 'Last hour',
  '24h': 'Last 24 hours',
};

export function isOneOf<T extends string>(
  values: readonly T[],
  value: string | null | undefined,
): value is T {
  return value !== null && value !== undefined && (values as readonly string[]).includes(value);
}

import type { CallSink } from './call-record';

/** Per-call information from the caller: its deadline, correlation ids and where to report attempts. */
export interface CallContext {
  /** Epoch ms: no attempt or backoff sleep may outlive it. */
  deadline: number;
  /** Forwarded as `x-request-id`. */
  requestId: string;
  /** W3C trace context, forwarded as `traceparent` when given. */
  traceparent?: string;
  /** Receives one record per attempt, in addition to the global sink of the config. */
  sink?: CallSink;
  /** Aborts the call (in-flight attempt included) when it fires. */
  signal?: AbortSignal;
}

export function msUntilDeadline(ctx: CallContext, now: number = Date.now()): number {
  return ctx.deadline - now;
}

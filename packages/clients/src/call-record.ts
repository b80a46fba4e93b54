import type { ServiceName } from '@talknshop/contracts';
import type { DownstreamErrorCode } from './errors';

/** One attempt of one downstream call, as reported to the sinks. */
export interface CallRecord {
  service: ServiceName;
  /** Route template, e.g. '/search'. */
  endpoint: string;
  /** 1-based. */
  attempt: number;
  /** HTTP status, or null when no answer arrived (connection error, timeout, open circuit). */
  status: number | null;
  latency_ms: number;
  error_code: DownstreamErrorCode | null;
  /** ISO timestamp of the attempt's start. */
  started_at: string;
}

export type CallSink = (record: CallRecord) => void;

/**
 * Delivers a record to every sink. A sink that throws is ignored: telemetry must never turn a successful
 * downstream call into a failed one, nor a DownstreamError into some other error.
 */
export function reportCall(record: CallRecord, sinks: ReadonlyArray<CallSink | undefined>): void {
  for (const sink of sinks) {
    if (!sink) continue;
    try {
      sink(record);
    } catch {
      // Deliberately ignored, see above.
    }
  }
}

import type { CallRecord } from '@talknshop/clients';
import {
  bucketOf,
  hourOf,
  type MetricsStore,
  type MinuteDelta,
  minuteOf,
  type SlowCall,
} from '@talknshop/db';

export interface LatencyRecorderOptions {
  store: Pick<MetricsStore, 'addToMinute' | 'recordSlowCalls'>;
  /** How often the aggregates are written. */
  flushMs: number;
  /** How many of the slowest calls per endpoint and hour this instance keeps; default 5. */
  slowPerHour?: number;
  /** A flush that failed: its figures are dropped (never written twice), the next flush goes on. */
  onError?: (error: unknown) => void;
  clock?: () => Date;
}

export interface LatencyRecorder {
  /** Counts one downstream attempt, in memory only: nothing is written on the request path. */
  record(call: CallRecord, requestId: string): void;
  /** Writes what was counted since the last flush: one UpdateItem per endpoint and minute touched. */
  flush(): Promise<void>;
  /** Stops the timer and flushes one last time. */
  close(): Promise<void>;
}

type Delta = MinuteDelta & { buckets: Map<number, number> };

/**
 * Aggregates downstream attempts per (service, endpoint, minute) in memory and adds them to the shared
 * per-minute histograms every `flushMs`. It also remembers this hour's slowest calls per endpoint and
 * stores a call only when it enters that top list, so slow-call writes stay few however busy it gets.
 */
export function createLatencyRecorder(options: LatencyRecorderOptions): LatencyRecorder {
  const keep = options.slowPerHour ?? 5;
  const clock = options.clock ?? (() => new Date());
  let minutes = new Map<string, Delta>();
  let slowPending: SlowCall[] = [];
  /** Latencies of the slowest calls seen per endpoint and hour, slowest first, at most `keep`. */
  const slowest = new Map<string, number[]>();
  let flushing: Promise<void> = Promise.resolve();

  const slowKey = (call: Pick<SlowCall, 'service' | 'endpoint' | 'started_at'>) =>
    `${call.service} ${call.endpoint} ${hourOf(call.started_at)}`;

  function considerSlow(call: CallRecord, requestId: string): void {
    const key = slowKey(call);
    const top = slowest.get(key) ?? [];
    if (top.length >= keep && call.latency_ms <= top.at(-1)!) return;
    top.push(call.latency_ms);
    top.sort((a, b) => b - a);
    top.length = Math.min(top.length, keep);
    slowest.set(key, top);
    slowPending.push({
      service: call.service,
      endpoint: call.endpoint,
      request_id: requestId,
      latency_ms: call.latency_ms,
      started_at: call.started_at,
      status: call.status,
      error_code: call.error_code,
    });
  }

  /** A pending call overtaken by slower ones before the flush is no longer worth a write. */
  function stillSlowest(call: SlowCall): boolean {
    const top = slowest.get(slowKey(call)) ?? [];
    return top.length < keep || call.latency_ms >= top.at(-1)!;
  }

  /** Only this hour's and the previous hour's lists can still change. */
  function forgetOldHours(): void {
    const now = clock().getTime();
    const current = new Set([hourOf(now), hourOf(now - 3_600_000)]);
    for (const key of slowest.keys()) {
      if (!current.has(key.slice(key.lastIndexOf(' ') + 1))) slowest.delete(key);
    }
  }

  async function flushOnce(): Promise<void> {
    const deltas = [...minutes.values()];
    const slow = slowPending.filter(stillSlowest);
    minutes = new Map();
    slowPending = [];
    forgetOldHours();
    const writes = deltas.map((delta) => options.store.addToMinute(delta));
    if (slow.length) writes.push(options.store.recordSlowCalls(slow));
    for (const result of await Promise.allSettled(writes)) {
      if (result.status === 'rejected') options.onError?.(result.reason);
    }
  }

  function flush(): Promise<void> {
    flushing = flushing.then(flushOnce);
    return flushing;
  }

  const timer = setInterval(() => void flush(), options.flushMs);
  // The timer alone must not keep a process alive that has nothing else to do.
  timer.unref();

  return {
    record(call, requestId) {
      // A call its caller gave up on (the shopper hung up) was cut short by us: not the service's latency.
      if (call.error_code === 'CANCELLED') return;
      const minute = minuteOf(call.started_at);
      const key = `${call.service} ${call.endpoint} ${minute}`;
      let delta = minutes.get(key);
      if (!delta) {
        delta = {
          service: call.service,
          endpoint: call.endpoint,
          minute,
          count: 0,
          errors: 0,
          sum_ms: 0,
          buckets: new Map(),
        };
        minutes.set(key, delta);
      }
      const bucket = bucketOf(call.latency_ms);
      delta.count += 1;
      if (call.error_code !== null) delta.errors += 1;
      delta.sum_ms += call.latency_ms;
      delta.buckets.set(bucket, (delta.buckets.get(bucket) ?? 0) + 1);
      considerSlow(call, requestId);
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}

import type { BreakerState } from '@talknshop/clients';
import { contracts } from '@talknshop/contracts';
import {
  type EndpointKey,
  HISTOGRAM_GROWTH,
  HISTOGRAM_MAX_MS,
  type MetricsStore,
  type MinuteHistogram,
  mergeBuckets,
  type OrchestratorRepository,
  percentile,
  RELATIVE_ERROR_BOUND,
  SUB_MILLISECOND_ERROR_MS,
  type TimeWindow,
} from '@talknshop/db';
import type { EndpointLatency, LatencyOutput, LatencyPoint, LatencyWindow } from './wire';

export interface LatencyReportDeps {
  metrics: Pick<MetricsStore, 'readMinutes' | 'readSlowest'>;
  repo: Pick<OrchestratorRepository, 'findRequestRef'>;
  breakerStates: () => Record<string, BreakerState>;
  clock: () => Date;
  /** Slowest calls listed per endpoint; default 5. */
  slowest?: number;
}

const MINUTE_MS = 60_000;

/** Each window's length and the width of one point of its chart. */
const WINDOWS: Record<LatencyWindow, { lengthMs: number; stepMs: number }> = {
  '15m': { lengthMs: 15 * MINUTE_MS, stepMs: MINUTE_MS },
  '1h': { lengthMs: 60 * MINUTE_MS, stepMs: MINUTE_MS },
  '24h': { lengthMs: 24 * 60 * MINUTE_MS, stepMs: 15 * MINUTE_MS },
};

/** Every endpoint of the contract map, so the report lists quiet endpoints too. */
export const LATENCY_ENDPOINTS: EndpointKey[] = Object.entries(contracts).flatMap(([service, endpoints]) =>
  Object.values(endpoints).map((contract) => ({ service, endpoint: contract.path })),
);

const percent = (value: number) => `${(value * 100).toFixed(2)}%`;

export const LATENCY_METHOD =
  'Latency of every downstream attempt (each retry counts), from per-minute histograms that all ' +
  'orchestrator instances add to atomically in DynamoDB. Buckets are logarithmic: each is ' +
  `${HISTOGRAM_GROWTH}× wider than the one before, from 1 ms. A percentile is the nearest-rank value ` +
  '(the ⌈q·n⌉-th smallest latency of the window or point) reported as the geometric midpoint of its ' +
  `bucket, so it is within ±${percent(RELATIVE_ERROR_BOUND)} (√${HISTOGRAM_GROWTH} − 1) of the exact value ` +
  `(±${SUB_MILLISECOND_ERROR_MS} ms below 1 ms; latencies above ${HISTOGRAM_MAX_MS / 1000} s count as ` +
  `${HISTOGRAM_MAX_MS / 1000} s).`;

/** Builds the console's downstream latency page from the stored histograms and slow calls. */
export function createLatencyReport(deps: LatencyReportDeps) {
  const slowestCount = deps.slowest ?? 5;

  /** Slow calls link to their session; one whose request is gone is left out. */
  async function withSessions(key: EndpointKey, range: TimeWindow): Promise<EndpointLatency['slowest']> {
    const calls = await deps.metrics.readSlowest(key, range, slowestCount);
    const sessions = new Map<string, Promise<string | null>>();
    const sessionOf = (requestId: string) => {
      let found = sessions.get(requestId);
      if (!found) {
        found = deps.repo.findRequestRef(requestId).then((ref) => ref?.session_id ?? null);
        sessions.set(requestId, found);
      }
      return found;
    };
    const linked = await Promise.all(
      calls.map(async (call) => {
        const sessionId = await sessionOf(call.request_id);
        return sessionId === null
          ? null
          : {
              request_id: call.request_id,
              session_id: sessionId,
              latency_ms: call.latency_ms,
              at: call.started_at,
            };
      }),
    );
    return linked.filter((call) => call !== null);
  }

  async function endpointLatency(
    key: EndpointKey,
    range: TimeWindow,
    stepMs: number,
  ): Promise<EndpointLatency> {
    const [minutes, slowest] = await Promise.all([
      deps.metrics.readMinutes(key, range),
      withSessions(key, range),
    ]);
    const total = summarize(minutes);
    return {
      ...key,
      count: total.count,
      errors: total.errors,
      error_rate: total.count ? total.errors / total.count : 0,
      p50: total.p50,
      p95: total.p95,
      p99: total.p99,
      series: series(minutes, range, stepMs),
      slowest,
    };
  }

  return async (window: LatencyWindow): Promise<LatencyOutput> => {
    const { lengthMs, stepMs } = WINDOWS[window];
    // The window ends with the point that holds "now", so the chart's last point fills up live.
    const end = Math.floor(deps.clock().getTime() / stepMs) * stepMs + stepMs;
    const range = { from: new Date(end - lengthMs), to: new Date(end) };
    const endpoints = await Promise.all(LATENCY_ENDPOINTS.map((key) => endpointLatency(key, range, stepMs)));
    return {
      window,
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      method: LATENCY_METHOD,
      endpoints,
      breakers: deps.breakerStates(),
    };
  };
}

function summarize(minutes: readonly MinuteHistogram[]): Omit<LatencyPoint, 'at'> {
  const buckets = mergeBuckets(minutes.map((m) => m.buckets));
  return {
    count: minutes.reduce((sum, m) => sum + m.count, 0),
    errors: minutes.reduce((sum, m) => sum + m.errors, 0),
    p50: percentile(buckets, 0.5),
    p95: percentile(buckets, 0.95),
    p99: percentile(buckets, 0.99),
  };
}

/** One point per step of the window, empty ones included, oldest first. */
function series(minutes: readonly MinuteHistogram[], range: TimeWindow, stepMs: number): LatencyPoint[] {
  const from = range.from.getTime();
  const points = Math.round((range.to.getTime() - from) / stepMs);
  const perPoint: MinuteHistogram[][] = Array.from({ length: points }, () => []);
  for (const minute of minutes) {
    const index = Math.floor((Date.parse(`${minute.minute}:00.000Z`) - from) / stepMs);
    perPoint[index]?.push(minute);
  }
  return perPoint.map((group, index) => ({
    at: new Date(from + index * stepMs).toISOString(),
    ...summarize(group),
  }));
}

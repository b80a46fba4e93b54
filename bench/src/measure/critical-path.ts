import { mediaInputs, mediaSearchInput, userIds } from '../load/bodies';
import { API_HEADERS } from '../load/orchestrator-api';
import { type LoadResult, runLoad } from '../load/run-load';
import { setFaults } from '../stack/faults';
import type { ServiceUrls } from '../stack/stack';
import { delta, type Sample, scrape, sumBy } from './prom-metrics';

/** Fixed added latency per downstream endpoint, in ms. */
export const INJECTED_LATENCY_MS = {
  transcribe: 120,
  imageAttributes: 180,
  catalogSearch: 80,
  rank: 20,
  compose: 20,
} as const;

/** Media calls run side by side; everything after them is sequential. */
export const CRITICAL_PATH_MS =
  Math.max(INJECTED_LATENCY_MS.transcribe, INJECTED_LATENCY_MS.imageAttributes) +
  INJECTED_LATENCY_MS.catalogSearch +
  INJECTED_LATENCY_MS.rank +
  INJECTED_LATENCY_MS.compose;

export interface CriticalPathScale {
  connections: number;
  seconds: number;
  warmupSeconds: number;
}

export interface CriticalPathResult {
  request: string;
  injectedLatencyMs: typeof INJECTED_LATENCY_MS;
  criticalPathMs: number;
  load: LoadResult;
  medianRatio: number;
  p99Ratio: number;
  /** Downstream attempts per completed workflow, by endpoint: 1 each means no retry and no extra search. */
  downstreamCallsPerRequest: Record<string, number>;
  /** Mean duration of each downstream call as the orchestrator timed it (injected latency + service + network). */
  observedDownstreamMs: Record<string, number>;
  /** The critical path over those observed means, and what the mean request spent beyond it. */
  observedCriticalPathMs: number;
  beyondObservedPathMs: number;
  /** DynamoDB call time per request (all sequential on the request's path), as the SDK middleware timed it. */
  dynamoMsPerRequest: number;
  targets: { medianRatio: number; p99Ratio: number };
}

/** Requests still in flight when a load run stops finish within this, so both counters include them. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 1_500));
}

/** End-to-end latency of a voice note + photo + text search over the critical path of its downstream calls. */
export async function measureCriticalPath(
  orchestratorUrl: string,
  services: ServiceUrls,
  scale: CriticalPathScale,
): Promise<CriticalPathResult> {
  const media = mediaInputs();
  const user = userIds('critical');
  await setFaults(services, {
    media: {
      rules: [
        { endpoint: '/transcribe', latency: INJECTED_LATENCY_MS.transcribe },
        { endpoint: '/extract-image-attributes', latency: INJECTED_LATENCY_MS.imageAttributes },
      ],
    },
    catalog: { rules: [{ endpoint: '/search', latency: INJECTED_LATENCY_MS.catalogSearch }] },
    composer: {
      rules: [
        { endpoint: '/rank', latency: INJECTED_LATENCY_MS.rank },
        { endpoint: '/compose', latency: INJECTED_LATENCY_MS.compose },
      ],
    },
  });
  try {
    const spec = {
      url: orchestratorUrl,
      connections: scale.connections,
      seconds: scale.seconds,
      warmupSeconds: 0,
      headers: API_HEADERS,
      next: () => ({
        method: 'POST' as const,
        path: '/api/v1/search',
        body: JSON.stringify(mediaSearchInput(user(), media)),
      }),
    };
    if (scale.warmupSeconds > 0) await runLoad({ ...spec, seconds: scale.warmupSeconds });
    await settle();
    const before = await scrape(orchestratorUrl);
    const load = await runLoad(spec);
    await settle();
    const after = await scrape(orchestratorUrl);
    const completed = (samples: Sample[]) =>
      sumBy(samples, 'talknshop_workflow_duration_seconds_count', 'outcome').completed ?? 0;
    const workflows = completed(after) - completed(before);
    const change = (name: string) => delta(sumBy(before, name, 'endpoint'), sumBy(after, name, 'endpoint'));
    const calls = change('talknshop_downstream_call_duration_seconds_count');
    const seconds = change('talknshop_downstream_call_duration_seconds_sum');
    const observed = Object.fromEntries(
      Object.entries(calls).map(([endpoint, count]) => [endpoint, ((seconds[endpoint] ?? 0) * 1000) / count]),
    );
    const dynamoSeconds = Object.values(
      delta(
        sumBy(before, 'talknshop_dynamodb_operation_duration_seconds_sum', 'operation'),
        sumBy(after, 'talknshop_dynamodb_operation_duration_seconds_sum', 'operation'),
      ),
    ).reduce((sum, value) => sum + value, 0);
    const at = (endpoint: string) => observed[endpoint] ?? 0;
    const observedCriticalPathMs =
      Math.max(at('/transcribe'), at('/extract-image-attributes')) +
      at('/search') +
      at('/rank') +
      at('/compose');
    return {
      request: `POST /api/v1/search with audio (fixture), image (fixture) and text, ${scale.connections} connections`,
      injectedLatencyMs: INJECTED_LATENCY_MS,
      criticalPathMs: CRITICAL_PATH_MS,
      load,
      medianRatio: load.latencyMs.p50 / CRITICAL_PATH_MS,
      p99Ratio: load.latencyMs.p99 / CRITICAL_PATH_MS,
      downstreamCallsPerRequest: Object.fromEntries(
        Object.entries(calls).map(([endpoint, count]) => [endpoint, count / Math.max(1, workflows)]),
      ),
      observedDownstreamMs: observed,
      observedCriticalPathMs,
      beyondObservedPathMs: load.latencyMs.mean - observedCriticalPathMs,
      dynamoMsPerRequest: (dynamoSeconds * 1000) / Math.max(1, workflows),
      targets: { medianRatio: 1.1, p99Ratio: 1.25 },
    };
  } finally {
    await setFaults(services, {});
  }
}

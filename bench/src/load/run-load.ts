import autocannon from 'autocannon';
import { type LatencySummary, summarizeLatencies } from './latency';

export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}

export interface LoadSpec {
  url: string;
  connections: number;
  seconds: number;
  /** Unmeasured load first, so JIT warm-up and connection set-up stay out of the figures. */
  warmupSeconds: number;
  headers?: Record<string, string>;
  /** Called for every request: per-request paths and bodies (unique users, random session ids). */
  next: () => LoadRequest;
}

export interface LoadResult {
  connections: number;
  seconds: number;
  /** Completed 2xx responses. */
  ok: number;
  /** Non-2xx answers, connection errors and timeouts: a healthy run has none. */
  failed: number;
  /** 2xx responses per second. */
  throughput: number;
  latencyMs: LatencySummary;
}

/** Drives load with autocannon's programmatic API and measures every response's latency exactly. */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  if (spec.warmupSeconds > 0) await fire(spec, spec.warmupSeconds);
  return fire(spec, spec.seconds);
}

async function fire(spec: LoadSpec, seconds: number): Promise<LoadResult> {
  const latencies: number[] = [];
  let failed = 0;
  let finish: (error: unknown, result?: autocannon.Result) => void = () => {};
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finish = (error, result) => (error || !result ? reject(error) : resolve(result));
  });
  const instance = autocannon(
    {
      url: spec.url,
      connections: spec.connections,
      duration: seconds,
      timeout: 30,
      headers: spec.headers ?? {},
      requests: [
        {
          setupRequest: (request) => {
            const next = spec.next();
            return {
              ...request,
              method: next.method,
              path: next.path,
              ...(next.body === undefined ? {} : { body: next.body }),
            };
          },
        },
      ],
    },
    (error, result) => finish(error, result),
  );
  instance.on('response', (_client, status, _bytes, responseTime) => {
    if (status >= 200 && status < 300) latencies.push(responseTime);
    else failed += 1;
  });
  instance.on('reqError', () => {
    failed += 1;
  });
  const result = await done;
  return {
    connections: spec.connections,
    seconds: result.duration,
    ok: latencies.length,
    failed,
    throughput: latencies.length / result.duration,
    latencyMs: summarizeLatencies(latencies),
  };
}

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
  /** p99 of each turn on its own (one entry per round): their median shrugs off one noisy turn. */
  turnP99sMs: number[];
}

interface RawRun {
  latencies: number[];
  failed: number;
  seconds: number;
}

/** Drives one target with autocannon's programmatic API, measuring every response's latency exactly. */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const [result] = await runInterleaved([spec], 1);
  return result!;
}

/**
 * Several targets measured in turns (A B A B ...), each warmed up once: slow drift of a shared machine
 * then weighs on every target alike, which keeps their ratios honest.
 */
export async function runInterleaved(specs: readonly LoadSpec[], rounds: number): Promise<LoadResult[]> {
  const runs: RawRun[][] = specs.map(() => []);
  for (let round = 0; round < rounds; round += 1) {
    for (const [index, spec] of specs.entries()) {
      if (round === 0 && spec.warmupSeconds > 0) await fire(spec, spec.warmupSeconds);
      runs[index]!.push(await fire(spec, spec.seconds));
    }
  }
  return specs.map((spec, index) => combine(spec.connections, runs[index]!));
}

function combine(connections: number, runs: readonly RawRun[]): LoadResult {
  const latencies = runs.flatMap((run) => run.latencies);
  const seconds = runs.reduce((sum, run) => sum + run.seconds, 0);
  return {
    connections,
    seconds,
    ok: latencies.length,
    failed: runs.reduce((sum, run) => sum + run.failed, 0),
    throughput: seconds > 0 ? latencies.length / seconds : 0,
    latencyMs: summarizeLatencies(latencies),
    turnP99sMs: runs.map((run) => summarizeLatencies(run.latencies).p99),
  };
}

async function fire(spec: LoadSpec, seconds: number): Promise<RawRun> {
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
  return { latencies, failed, seconds: result.duration };
}

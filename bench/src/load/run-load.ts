import autocannon from 'autocannon';
import { addCounts, failureReason, totalCount } from './failures';
import { type LatencySummary, median, summarizeLatencies } from './latency';
import { TurnWindow } from './turn-window';

export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}

export interface LoadSpec {
  url: string;
  connections: number;
  seconds: number;
  /** Unmeasured load first, so JIT warm-up stays out of the figures. */
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
  /** The same, by reason: `HTTP <status> [<error code>]`, or the connection error's code. */
  failures: Record<string, number>;
  /** 2xx responses per second. */
  throughput: number;
  latencyMs: LatencySummary;
  /** p99 of each turn on its own (one entry per round): their median shrugs off one noisy turn. */
  turnP99sMs: number[];
  /**
   * Median over the turns of the time from opening the connections until every one had its first answer:
   * not part of the measured window (see `TurnWindow`).
   */
  rampSeconds: number;
}

interface RawRun {
  latencies: number[];
  failures: Record<string, number>;
  seconds: number;
  rampSeconds: number;
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
  const failures = addCounts(runs.map((run) => run.failures));
  const seconds = runs.reduce((sum, run) => sum + run.seconds, 0);
  return {
    connections,
    seconds,
    ok: latencies.length,
    failed: totalCount(failures),
    failures,
    throughput: seconds > 0 ? latencies.length / seconds : 0,
    latencyMs: summarizeLatencies(latencies),
    turnP99sMs: runs.map((run) => summarizeLatencies(run.latencies).p99),
    rampSeconds: median(runs.map((run) => run.rampSeconds)),
  };
}

/**
 * A connection that has not answered by then no longer holds the window back: a target that cannot answer
 * one of them at all shows up as failures and low throughput instead of a bench that never ends.
 */
const MAX_RAMP_SECONDS = 20;

/** One turn, measured in the window `TurnWindow` describes; autocannon stops when it closes. */
async function fire(spec: LoadSpec, seconds: number): Promise<RawRun> {
  let finish: (error: unknown, result?: autocannon.Result) => void = () => {};
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finish = (error, result) => (error || !result ? reject(error) : resolve(result));
  });
  const window = new TurnWindow({ connections: spec.connections, seconds, now: () => performance.now() });
  let failure: string | null = null;
  const instance = autocannon(
    {
      url: spec.url,
      connections: spec.connections,
      // Only an upper bound: the instance is stopped when the window closes.
      duration: MAX_RAMP_SECONDS + seconds + 2,
      // autocannon notices a stop at its next sample; its default of one per second idled ~0.5 s per turn.
      sampleInt: 100,
      timeout: 30,
      headers: spec.headers ?? {},
      requests: [
        {
          // Called just before the 'response' event of the same answer: the reason travels between them.
          onResponse: (status, body) => {
            failure = failureReason(status, body);
          },
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
  let stopTimer: NodeJS.Timeout | undefined;
  // Called once the window is open, whoever opened it: the last first answer or the ramp's time limit.
  const scheduleStop = () => {
    if (stopTimer !== undefined) return;
    clearTimeout(rampTimer);
    stopTimer = setTimeout(() => instance.stop(), seconds * 1000);
  };
  const rampTimer = setTimeout(() => {
    window.open();
    scheduleStop();
  }, MAX_RAMP_SECONDS * 1000);
  instance.on('response', (client, status, _bytes, responseTime) => {
    window.answer(client, status >= 200 && status < 300 ? null : (failure ?? `HTTP ${status}`), responseTime);
    failure = null;
    if (window.isOpen) scheduleStop();
  });
  instance.on('reqError', (error: NodeJS.ErrnoException) => window.error(error.code ?? error.message));
  try {
    await done;
  } finally {
    clearTimeout(rampTimer);
    clearTimeout(stopTimer);
  }
  return { latencies: window.latencies, failures: window.failures, ...window.span() };
}

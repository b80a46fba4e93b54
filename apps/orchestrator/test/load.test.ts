import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RequestItem } from '@talknshop/db';
import { type ReferenceServices, startReferenceServices } from '@talknshop/reference-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type OrchestratorProcess,
  processRepository,
  spawnOrchestrator,
} from './support/orchestrator-process';
import { AUTH, setFaults } from './support/stack';

/**
 * A bounded load run on loopback: LOAD_SHOPPERS concurrent shoppers (default 50) for LOAD_DURATION_MS
 * (default 15 s) against the orchestrator in its own process, with 10% of catalog searches failing (503,
 * seeded). Every request must be answered, no 5xx but the injected faults' 503/504, and every accepted
 * request must be in DynamoDB with a final status. The figures go to test-results/load.json.
 */
const SHOPPERS = Number(process.env.LOAD_SHOPPERS ?? 50);
const DURATION_MS = Number(process.env.LOAD_DURATION_MS ?? 15_000);
const FAULTS = { seed: 42, rules: [{ endpoint: '/search', error_rate: 0.1, error_status: 503 }] };
const RESULTS = fileURLToPath(new URL('../test-results/load.json', import.meta.url));

const QUERIES = [
  'red running shoes under $150',
  'sony noise cancelling headphones',
  'lenovo laptop under 900 dollars',
  'waterproof jacket size medium',
  'leather handbag in black',
  'garmin running watch',
  'espresso machine under $300',
  'mechanical keyboard',
];

interface Sample {
  endpoint: string;
  status: number | 'no answer';
  code: string | null;
  ms: number;
  /** The request item a search or chat created (from the answer or its error). */
  requestId: string | null;
  outcome: string | null;
}

let services: ReferenceServices;
let orchestrator: OrchestratorProcess;
let dataDir: string;

beforeAll(async () => {
  services = await startReferenceServices({ logger: false });
  dataDir = await mkdtemp(join(tmpdir(), 'talknshop-load-'));
  orchestrator = await spawnOrchestrator({
    dataDir,
    services: services.urls,
    keepLogs: false,
    // Rate limits on, as deployed, but far above this load: concurrent shoppers on one API key share the
    // bucket without being refused for contention.
    env: { RATE_LIMIT_PER_KEY_PER_MINUTE: '1000000', RATE_LIMIT_PER_USER_PER_MINUTE: '1000000' },
  });
  await setFaults(services.urls.catalog, FAULTS);
}, 60_000);

afterAll(async () => {
  if (orchestrator && orchestrator.child.exitCode === null) {
    orchestrator.child.kill('SIGTERM');
    await orchestrator.exited;
  }
  await services?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function call(
  samples: Sample[],
  endpoint: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<Record<string, unknown> | null> {
  const started = performance.now();
  try {
    const response = await fetch(`${orchestrator.url}${path}`, {
      method,
      headers: { ...AUTH, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(60_000),
    });
    const parsed = (await response.json()) as Record<string, unknown> & {
      error?: { code?: string; request_id?: string };
    };
    const ms = performance.now() - started;
    samples.push({
      endpoint,
      status: response.status,
      code: parsed.error?.code ?? null,
      ms,
      requestId: (parsed.request_id as string | undefined) ?? parsed.error?.request_id ?? null,
      outcome: (parsed.status as string | undefined) ?? null,
    });
    return response.ok ? parsed : null;
  } catch {
    samples.push({
      endpoint,
      status: 'no answer',
      code: null,
      ms: performance.now() - started,
      requestId: null,
      outcome: null,
    });
    return null;
  }
}

/** One shopper: searches, refines, answers questions and looks at the session, until the time is up. */
async function shopper(index: number, until: number, samples: Sample[]): Promise<void> {
  const user = `load-shopper-${index}`;
  for (let round = 0; Date.now() < until; round += 1) {
    const vague = (index + round) % 4 === 0;
    const query = vague ? 'I want to buy something nice' : QUERIES[(index + round) % QUERIES.length]!;
    const found = await call(samples, 'POST /api/v1/search', 'POST', '/api/v1/search', {
      user_id: user,
      query,
    });
    if (!found) continue;
    const session = found.session_id as string;
    if (found.status === 'awaiting_clarification') {
      await call(
        samples,
        'POST /api/v1/sessions/{id}/clarify',
        'POST',
        `/api/v1/sessions/${session}/clarify`,
        {
          user_id: user,
          answer: 'headphones under 200 dollars',
        },
      );
    } else {
      await call(samples, 'POST /api/v1/chat', 'POST', '/api/v1/chat', {
        user_id: user,
        session_id: session,
        message: 'cheaper',
      });
    }
    await call(samples, 'GET /api/v1/sessions/{id}', 'GET', `/api/v1/sessions/${session}?user_id=${user}`);
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round(sorted[Math.max(0, index)]! * 10) / 10;
}

function latency(samples: Sample[]) {
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  return {
    p50_ms: percentile(sorted, 50),
    p90_ms: percentile(sorted, 90),
    p99_ms: percentile(sorted, 99),
    max_ms: percentile(sorted, 100),
  };
}

function countBy<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

/** Catalog search attempts by outcome, and retries, as the orchestrator counted them (GET /metrics). */
async function catalogAttempts(): Promise<{ attempts: Record<string, number>; retries: number }> {
  const text = await (await fetch(`${orchestrator.url}/metrics`)).text();
  const attempts: Record<string, number> = {};
  let retries = 0;
  for (const line of text.split('\n')) {
    const labels = /service="catalog".*endpoint="\/search"/.test(line);
    const count = /^talknshop_downstream_call_duration_seconds_count\{.*outcome="([^"]+)".*\} (\d+)/.exec(
      line,
    );
    if (labels && count) attempts[count[1]!] = Number(count[2]);
    const retry = /^talknshop_downstream_retries_total\{.*\} (\d+)/.exec(line);
    if (labels && retry) retries = Number(retry[1]);
  }
  return { attempts, retries };
}

async function storedRequests(): Promise<RequestItem[]> {
  const db = processRepository(orchestrator.dynamoEndpoint);
  try {
    return await db.requestItems();
  } finally {
    db.close();
  }
}

describe('load', () => {
  it(
    `serves ${SHOPPERS} concurrent shoppers for ${DURATION_MS} ms with 10% catalog faults`,
    async () => {
      const samples: Sample[] = [];
      // The machine may be shared: its load around the run says how much of it the run had.
      const loadBefore = loadavg()[0]!;
      const startedAt = Date.now();
      await Promise.all(
        Array.from({ length: SHOPPERS }, (_, i) => shopper(i, startedAt + DURATION_MS, samples)),
      );
      const elapsedMs = Date.now() - startedAt;

      const statuses = countBy(samples, (s) => String(s.status));
      const figures = {
        measured_at: new Date().toISOString(),
        shoppers: SHOPPERS,
        duration_ms: elapsedMs,
        faults: FAULTS,
        machine: {
          cpus: availableParallelism(),
          cpu_model: cpus()[0]?.model ?? 'unknown',
          node: process.version,
          load_average_1m: { before: loadBefore, after: loadavg()[0]! },
        },
        requests: samples.length,
        requests_per_second: Math.round((samples.length / elapsedMs) * 10_000) / 10,
        statuses,
        error_codes: countBy(
          samples.filter((s) => s.code),
          (s) => s.code!,
        ),
        latency: latency(samples),
        catalog_search_attempts: await catalogAttempts(),
        by_endpoint: Object.fromEntries(
          [...new Set(samples.map((s) => s.endpoint))].map((endpoint) => {
            const group = samples.filter((s) => s.endpoint === endpoint);
            return [
              endpoint,
              {
                requests: group.length,
                statuses: countBy(group, (s) => String(s.status)),
                ...latency(group),
              },
            ];
          }),
        ),
      };
      await mkdir(join(RESULTS, '..'), { recursive: true });
      await writeFile(RESULTS, `${JSON.stringify(figures, null, 2)}\n`);
      console.log(`load figures (${RESULTS}):\n${JSON.stringify(figures, null, 2)}`);

      // Every request answered; the only server errors are the injected faults surfacing as 503/504.
      expect(samples.length).toBeGreaterThan(SHOPPERS);
      expect(statuses['no answer'] ?? 0).toBe(0);
      for (const sample of samples) {
        if (sample.status === 200) continue;
        expect([503, 504], JSON.stringify(sample)).toContain(sample.status);
        expect(['DOWNSTREAM_UNAVAILABLE', 'DOWNSTREAM_TIMEOUT']).toContain(sample.code);
      }

      // Every accepted request is in DynamoDB, once, in a final state that matches its answer.
      const stored = await storedRequests();
      const byId = new Map(stored.map((item) => [item.request_id, item]));
      expect(byId.size).toBe(stored.length);
      for (const item of stored) {
        const settled =
          item.status === 'completed' ||
          item.status === 'failed' ||
          (item.status === 'pending' && item.state === 'CLARIFICATION');
        expect(settled, `${item.request_id} ${item.status} ${item.state}`).toBe(true);
      }
      const created = samples.filter(
        (s) => (s.endpoint === 'POST /api/v1/search' || s.endpoint === 'POST /api/v1/chat') && s.requestId,
      );
      for (const sample of created) {
        const item = byId.get(sample.requestId!);
        expect(item, sample.requestId!).toBeDefined();
        if (sample.status !== 200) expect(item!.status).toBe('failed');
        else if (sample.outcome === 'completed') expect(item!.status).toBe('completed');
      }
    },
    DURATION_MS + 120_000,
  );
});

import type { WorkflowResponse } from '@talknshop/api';
import { TEXT_QUERY, textSearchInput, userIds } from '../load/bodies';
import { API_HEADERS, postJson } from '../load/orchestrator-api';
import { type LoadResult, type LoadSpec, runInterleaved, runLoad } from '../load/run-load';
import type { BaselineProcess } from '../stack/baseline-process';

export interface FrameworkScale {
  concurrencies: number[];
  seconds: number;
  warmupSeconds: number;
  /** Baseline and orchestrator take turns this many times per concurrency. */
  rounds: number;
}

export interface FrameworkRow {
  connections: number;
  health: LoadResult;
  baseline: LoadResult;
  orchestrator: LoadResult;
  /** Orchestrator text-search throughput ÷ baseline throughput. */
  throughputRatio: number;
}

export interface BaselineParity {
  /** The baseline's own DynamoDB calls per search, counted at its SDK like the orchestrator's. */
  reads: number;
  writes: number;
  writeBytes: number;
  operations: Record<string, number>;
  /** Both answer the bench's query with the same products in the same order. */
  sameResults: boolean;
}

export interface FrameworkResults {
  request: string;
  rows: FrameworkRow[];
  baseline: BaselineParity;
  target: { throughputRatio: number };
}

/**
 * Text searches with no added downstream latency at each concurrency: the orchestrator against a minimal
 * server making the same calls, and against its own /health (the HTTP floor of the same process).
 */
export async function measureFrameworkCost(
  orchestratorUrl: string,
  baseline: BaselineProcess,
  scale: FrameworkScale,
): Promise<FrameworkResults> {
  const parity = await checkParity(orchestratorUrl, baseline);
  const rows: FrameworkRow[] = [];
  for (const connections of scale.concurrencies) {
    const common = { connections, seconds: scale.seconds, warmupSeconds: scale.warmupSeconds };
    const health = await runLoad({
      ...common,
      url: orchestratorUrl,
      next: () => ({ method: 'GET', path: '/health' }),
    });
    const [baselineLoad, orchestratorLoad] = await runInterleaved(
      [
        textSearchLoad(baseline.url, common, `baseline-${connections}`),
        textSearchLoad(orchestratorUrl, common, `orchestrator-${connections}`),
      ],
      scale.rounds,
    );
    rows.push({
      connections,
      health,
      baseline: baselineLoad!,
      orchestrator: orchestratorLoad!,
      throughputRatio: orchestratorLoad!.throughput / Math.max(1e-9, baselineLoad!.throughput),
    });
  }
  return {
    request: `POST /api/v1/search {"user_id": <unique>, "query": "${TEXT_QUERY}"}`,
    rows,
    baseline: parity,
    target: { throughputRatio: 0.8 },
  };
}

/** Text searches from unique shoppers (ids start with `prefix`). */
export function textSearchLoad(
  url: string,
  common: Pick<LoadSpec, 'connections' | 'seconds' | 'warmupSeconds'>,
  prefix: string,
): LoadSpec {
  const user = userIds(prefix);
  return {
    ...common,
    url,
    headers: API_HEADERS,
    next: () => ({ method: 'POST', path: '/api/v1/search', body: JSON.stringify(textSearchInput(user())) }),
  };
}

const PARITY_SEARCHES = 10;

/** The baseline's DynamoDB calls per search, and whether it answers with the orchestrator's products. */
async function checkParity(orchestratorUrl: string, baseline: BaselineProcess): Promise<BaselineParity> {
  const user = userIds('parity');
  const before = await baseline.stats();
  let baselineIds: string[] = [];
  for (let i = 0; i < PARITY_SEARCHES; i += 1) {
    const answer = await postJson<WorkflowResponse>(baseline.url, '/api/v1/search', textSearchInput(user()));
    baselineIds = answer.results.map((result) => result.product_id);
  }
  const after = await baseline.stats();
  const orchestrator = await postJson<WorkflowResponse>(
    orchestratorUrl,
    '/api/v1/search',
    textSearchInput(user()),
  );
  const operations: Record<string, number> = {};
  for (const [name, count] of Object.entries(after.operations)) {
    const change = count - (before.operations[name] ?? 0);
    if (change > 0) operations[name] = change / PARITY_SEARCHES;
  }
  const sum = (names: string[]) => names.reduce((total, name) => total + (operations[name] ?? 0), 0);
  return {
    reads: sum(['GetItem', 'Query']),
    writes: sum(['PutItem', 'UpdateItem']),
    writeBytes: (after.writeBytes - before.writeBytes) / PARITY_SEARCHES,
    operations,
    sameResults:
      JSON.stringify(orchestrator.results.map((result) => result.product_id)) === JSON.stringify(baselineIds),
  };
}

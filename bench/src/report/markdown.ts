import { median } from '../load/latency';
import type { LoadResult } from '../load/run-load';
import type { DynamoCost } from '../measure/dynamo-cost';
import type { BenchResults } from './results';

const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const ratio = (value: number) => fixed(value, 2);
const ms = (value: number) => fixed(value, 1);
const rps = (value: number) => fixed(value, 1);

function table(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}

function load(result: LoadResult): string[] {
  return [rps(result.throughput), ms(result.latencyMs.p50), ms(result.latencyMs.p99)];
}

function operations(cost: DynamoCost): string {
  return Object.entries(cost.operations)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, count]) => `${name} ${fixed(count, 2)}`)
    .join(', ');
}

/** How many requests failed, and where and why when any did: `3 (orchestrator at 64 connections: HTTP 503 X 3)`. */
export function describeFailures(loads: readonly [string, LoadResult][]): string {
  const failing = loads.filter(([, load]) => load.failed > 0);
  const total = failing.reduce((sum, [, load]) => sum + load.failed, 0);
  if (total === 0) return '0';
  const where = failing.map(([name, load]) => {
    const reasons = Object.entries(load.failures)
      .sort(([, a], [, b]) => b - a)
      .map(([reason, count]) => `${reason} ${count}`);
    return `${name}: ${reasons.join(', ')}`;
  });
  return `${total} (${where.join('; ')})`;
}

/** bench/results/latest.md: the summary table first, then each section's detail and how it was measured. */
export function renderMarkdown(results: BenchResults): string {
  const { machine, criticalPath, frameworkCost, dynamodb, memory, growth } = results;
  const loads: [string, LoadResult][] = [
    ['critical path', criticalPath.load],
    ...frameworkCost.rows.flatMap((row): [string, LoadResult][] => [
      [`/health at ${row.connections} connections`, row.health],
      [`baseline at ${row.connections} connections`, row.baseline],
      [`orchestrator at ${row.connections} connections`, row.orchestrator],
    ]),
    ...growth.levels.flatMap((level): [string, LoadResult][] => [
      [`growth list at ${level.sessions} sessions`, level.list],
      [`growth get at ${level.sessions} sessions`, level.get],
    ]),
  ];
  const lines = [
    '# Orchestrator benchmark',
    '',
    `- Date: ${results.date} (${results.scale} scale, ${fixed(results.durationSeconds, 0)} s)`,
    `- Revision: ${results.revision}`,
    `- Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGb} GB memory, Node ${machine.node}, ${machine.os}`,
    `- Load average (1/5/15 min) at start ${results.loadAverage.atStart.map((v) => fixed(v, 2)).join(' / ')}, at end ${results.loadAverage.atEnd.map((v) => fixed(v, 2)).join(' / ')} (the machine is shared: compare ratios, not absolute figures)`,
    `- Failed requests during measured load: ${describeFailures(loads)}`,
    '',
    '## Summary',
    '',
    table(
      ['Section', 'Figure', 'Measured', 'Target', 'Met'],
      results.verdicts.map((v) => [
        v.section,
        v.figure,
        fixed(v.measured, 2),
        v.target,
        v.pass ? 'yes' : '**no**',
      ]),
    ),
    '',
    '## 1. Critical-path efficiency',
    '',
    `${criticalPath.request}; injected latency (ms): transcribe ${criticalPath.injectedLatencyMs.transcribe}, image attributes ${criticalPath.injectedLatencyMs.imageAttributes}, catalog search ${criticalPath.injectedLatencyMs.catalogSearch}, rank ${criticalPath.injectedLatencyMs.rank}, compose ${criticalPath.injectedLatencyMs.compose}; critical path ${criticalPath.criticalPathMs} ms.`,
    '',
    table(
      ['Requests', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'p50 ÷ path', 'p99 ÷ path'],
      [
        [
          String(criticalPath.load.ok),
          rps(criticalPath.load.throughput),
          ms(criticalPath.load.latencyMs.p50),
          ms(criticalPath.load.latencyMs.p90),
          ms(criticalPath.load.latencyMs.p99),
          ms(criticalPath.load.latencyMs.max),
          ratio(criticalPath.medianRatio),
          ratio(criticalPath.p99Ratio),
        ],
      ],
    ),
    '',
    `Downstream attempts per request: ${Object.entries(criticalPath.downstreamCallsPerRequest)
      .map(([endpoint, count]) => `${endpoint} ${fixed(count, 2)}`)
      .join(', ')}.`,
    '',
    `As the orchestrator timed them (injected latency + service + loopback), the calls took on average ${Object.entries(
      criticalPath.observedDownstreamMs,
    )
      .map(([endpoint, value]) => `${endpoint} ${ms(value)} ms`)
      .join(
        ', ',
      )}: a critical path of ${ms(criticalPath.observedCriticalPathMs)} ms. The mean request took ${ms(criticalPath.load.latencyMs.mean)} ms, ${ms(criticalPath.beyondObservedPathMs)} ms beyond it, of which ${ms(criticalPath.dynamoMsPerRequest)} ms waiting on DynamoDB calls (the rest: the orchestrator's own work and queuing for the CPU). Mean ÷ observed path: ${ratio(criticalPath.load.latencyMs.mean / Math.max(1e-9, criticalPath.observedCriticalPathMs))}.`,
    '',
    '## 2. Framework cost',
    '',
    `${frameworkCost.request}, no added downstream latency. Baseline: node:http + fetch + AWS SDK, same downstream calls and DynamoDB calls per search.`,
    '',
    table(
      [
        'Connections',
        '/health req/s',
        '/health p50',
        '/health p99',
        'baseline req/s',
        'baseline p50',
        'baseline p99',
        'orchestrator req/s',
        'orchestrator p50',
        'orchestrator p99',
        'orchestrator ÷ baseline',
      ],
      frameworkCost.rows.map((row) => [
        String(row.connections),
        ...load(row.health),
        ...load(row.baseline),
        ...load(row.orchestrator),
        ratio(row.throughputRatio),
      ]),
    ),
    '',
    `Connection ramp before each measured turn (until every connection had its first answer), median of the turns: baseline ${frameworkCost.rows.map((row) => fixed(row.baseline.rampSeconds, 2)).join(' / ')} s, orchestrator ${frameworkCost.rows.map((row) => fixed(row.orchestrator.rampSeconds, 2)).join(' / ')} s at ${frameworkCost.rows.map((row) => row.connections).join(' / ')} connections.`,
    '',
    `Latencies in ms. Baseline DynamoDB calls per search: ${fixed(frameworkCost.baseline.writes, 2)} writes, ${fixed(frameworkCost.baseline.reads, 2)} reads, ${fixed(frameworkCost.baseline.writeBytes, 0)} bytes written; same products as the orchestrator: ${frameworkCost.baseline.sameResults ? 'yes' : 'no'}.`,
    '',
    '## 3. DynamoDB cost',
    '',
    table(
      ['Request', 'Batch', 'Reads', 'Writes', 'Bytes written', 'Calls by operation'],
      (
        [
          ['text search', dynamodb.textSearch],
          ['clarified search (vague query + one answer)', dynamodb.clarifiedSearch],
          ['voice note + photo + text search', dynamodb.mediaSearch],
        ] as const
      ).map(([name, cost]) => [
        name,
        String(cost.requests),
        fixed(cost.reads, 2),
        fixed(cost.writes, 2),
        fixed(cost.writeBytes, 0),
        operations(cost),
      ]),
    ),
    '',
    `Counted by: ${dynamodb.counting}. Targets per text search: ≤ ${dynamodb.targets.writesPerTextSearch} writes, ≤ ${dynamodb.targets.readsPerTextSearch} reads.`,
    '',
    '## 4. Memory',
    '',
    `Orchestrator peak RSS (VmHWM) over the whole run: ${fixed(memory.peakRssMb, 1)} MB (target ≤ ${memory.target.peakRssMb} MB); ${fixed(memory.startRssMb, 1)} MB idle after start-up; highest sampled VmRSS ${fixed(memory.sampledPeakRssMb, 1)} MB during ${memory.sampledPeakPhase} (${memory.samples} samples, every 250 ms). For scale, the baseline process (Node + tsx + AWS SDK, same load) peaked at ${fixed(results.baselineMemory.peakRssMb, 1)} MB. Right after the 64-connection load the orchestrator reported RSS ${fixed(results.heapAfterLoad.rssMb, 1)} MB: V8 heap ${fixed(results.heapAfterLoad.heapUsedMb, 1)} MB used of ${fixed(results.heapAfterLoad.heapTotalMb, 1)} MB, external ${fixed(results.heapAfterLoad.externalMb, 1)} MB.`,
    '',
    '## 5. Growth',
    '',
    `List: ${growth.list}. Get: ${growth.get}. Seeding: ${growth.seeding}. ${growth.levels[0]?.list.connections ?? 0} connections.`,
    '',
    table(
      [
        'Stored sessions',
        'list req/s',
        'list p50',
        'list p99',
        'list p99, median of turns',
        'get req/s',
        'get p50',
        'get p99',
        'get p99, median of turns',
        'seeding s',
      ],
      growth.levels.map((level) => [
        String(level.sessions),
        ...load(level.list),
        ms(median(level.list.turnP99sMs)),
        ...load(level.get),
        ms(median(level.get.turnP99sMs)),
        fixed(level.seedSeconds, 1),
      ]),
    ),
    '',
    `Largest ÷ smallest: list throughput ${ratio(growth.listRatio.throughput)}, list p99 ${ratio(growth.listRatio.p99)}; get throughput ${ratio(growth.getRatio.throughput)}, get p99 ${ratio(growth.getRatio.p99)} (p99 ratios of the medians over turns; latencies in ms).`,
    '',
    '## Set-up',
    '',
    ...results.setup.map((line) => `- ${line}`),
    '',
  ];
  return lines.join('\n');
}

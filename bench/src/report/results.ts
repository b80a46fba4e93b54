import type { CriticalPathResult } from '../measure/critical-path';
import type { DynamoCostResults } from '../measure/dynamo-cost';
import type { FrameworkResults } from '../measure/framework-cost';
import type { GrowthResults } from '../measure/growth';
import type { HeapFigures, MemoryResult } from '../measure/memory';
import type { Machine } from './machine';

/** Everything one bench run measured: bench/results/latest.json. */
export interface BenchResults {
  scale: 'full' | 'quick';
  date: string;
  durationSeconds: number;
  machine: Machine;
  /** The commit measured, with a fingerprint of uncommitted changes; says so if the tree changed mid-run. */
  revision: string;
  /** 1, 5 and 15 minute load averages: how busy the shared machine was around the run. */
  loadAverage: { atStart: number[]; atEnd: number[] };
  /** How the orchestrator was run, so the figures can be reproduced. */
  setup: string[];
  criticalPath: CriticalPathResult;
  frameworkCost: FrameworkResults;
  dynamodb: DynamoCostResults;
  memory: MemoryResult;
  /** What the orchestrator's own process metrics said right after the heaviest load (64 connections). */
  heapAfterLoad: HeapFigures;
  /** The baseline process's own peak, for scale: Node, tsx and the AWS SDK with nothing else. */
  baselineMemory: MemoryResult;
  growth: GrowthResults;
  verdicts: Verdict[];
}

/** One figure next to its target. */
export interface Verdict {
  section: string;
  figure: string;
  measured: number;
  /** e.g. "≤ 1.10" */
  target: string;
  pass: boolean;
}

export type Measurements = Omit<BenchResults, 'verdicts'>;

export function verdicts(results: Measurements): Verdict[] {
  const atMost = (section: string, figure: string, measured: number, limit: number): Verdict => ({
    section,
    figure,
    measured,
    target: `≤ ${limit}`,
    pass: measured <= limit,
  });
  const atLeast = (section: string, figure: string, measured: number, limit: number): Verdict => ({
    section,
    figure,
    measured,
    target: `≥ ${limit}`,
    pass: measured >= limit,
  });
  const { criticalPath, frameworkCost, dynamodb, memory, growth } = results;
  return [
    atMost(
      '1. Critical path',
      'median ÷ critical path',
      criticalPath.medianRatio,
      criticalPath.targets.medianRatio,
    ),
    atMost('1. Critical path', 'p99 ÷ critical path', criticalPath.p99Ratio, criticalPath.targets.p99Ratio),
    ...frameworkCost.rows.map((row) =>
      atLeast(
        '2. Framework cost',
        `throughput ÷ baseline, ${row.connections} connection${row.connections === 1 ? '' : 's'}`,
        row.throughputRatio,
        frameworkCost.target.throughputRatio,
      ),
    ),
    atMost(
      '3. DynamoDB',
      'writes per text search',
      dynamodb.textSearch.writes,
      dynamodb.targets.writesPerTextSearch,
    ),
    atMost(
      '3. DynamoDB',
      'reads per text search',
      dynamodb.textSearch.reads,
      dynamodb.targets.readsPerTextSearch,
    ),
    atMost('4. Memory', 'peak RSS (MB)', memory.peakRssMb, memory.target.peakRssMb),
    atLeast(
      '5. Growth',
      'list throughput, largest ÷ smallest',
      growth.listRatio.throughput,
      growth.targets.minThroughputRatio,
    ),
    atMost(
      '5. Growth',
      'list p99 (median of turns), largest ÷ smallest',
      growth.listRatio.p99,
      growth.targets.maxP99Ratio,
    ),
    atLeast(
      '5. Growth',
      'get throughput, largest ÷ smallest',
      growth.getRatio.throughput,
      growth.targets.minThroughputRatio,
    ),
    atMost(
      '5. Growth',
      'get p99 (median of turns), largest ÷ smallest',
      growth.getRatio.p99,
      growth.targets.maxP99Ratio,
    ),
  ];
}

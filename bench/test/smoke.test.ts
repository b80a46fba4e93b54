import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadResult } from '../src/load/run-load';
import type { BenchResults } from '../src/report/results';
import { BENCH_ROOT } from '../src/stack/paths';

let out: string;
let results: BenchResults;
let markdown: string;

/** The real command, at tiny scale: every process, every section, a few seconds of load each. */
function runQuickBench(dir: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--quick', '--out', dir], {
      cwd: BENCH_ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'bench-smoke-'));
  const run = await runQuickBench(out);
  expect(run.code, run.stderr).toBe(0);
  results = JSON.parse(await readFile(join(out, 'latest.json'), 'utf8')) as BenchResults;
  markdown = await readFile(join(out, 'latest.md'), 'utf8');
}, 240_000);

afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

function expectLoad(load: LoadResult): void {
  for (const value of [
    load.throughput,
    load.latencyMs.p50,
    load.latencyMs.p99,
    load.seconds,
    load.rampSeconds,
  ]) {
    expect(Number.isFinite(value)).toBe(true);
    expect(value).toBeGreaterThanOrEqual(0);
  }
  expect(Number.isInteger(load.ok)).toBe(true);
  // Every failure is counted under a reason, so a report can say what failed.
  expect(Object.values(load.failures).reduce((sum, count) => sum + count, 0)).toBe(load.failed);
}

describe('npm run bench -- --quick', () => {
  it('describes the run and the machine', () => {
    expect(results.scale).toBe('quick');
    expect(Number.isNaN(Date.parse(results.date))).toBe(false);
    expect(results.machine.cores).toBeGreaterThan(0);
    expect(results.machine.cpuModel).not.toBe('');
    expect(results.machine.node).toBe(process.version);
  });

  it('measures the critical path of a voice note + photo + text search', () => {
    expect(results.criticalPath.criticalPathMs).toBe(300);
    expectLoad(results.criticalPath.load);
    expect(results.criticalPath.load.ok).toBeGreaterThan(0);
    expect(results.criticalPath.medianRatio).toBeGreaterThan(0);
    expect(results.criticalPath.p99Ratio).toBeGreaterThanOrEqual(results.criticalPath.medianRatio);
    expect(Object.keys(results.criticalPath.downstreamCallsPerRequest)).toEqual(
      expect.arrayContaining(['/transcribe', '/extract-image-attributes', '/search', '/rank', '/compose']),
    );
  });

  it('compares the orchestrator with /health and the baseline at 1, 16 and 64 connections', () => {
    expect(results.frameworkCost.rows.map((row) => row.connections)).toEqual([1, 16, 64]);
    for (const row of results.frameworkCost.rows) {
      expectLoad(row.health);
      expectLoad(row.baseline);
      expectLoad(row.orchestrator);
      expect(Number.isFinite(row.throughputRatio)).toBe(true);
    }
    expect(results.frameworkCost.baseline.sameResults).toBe(true);
  });

  it('counts DynamoDB calls per request, and the baseline makes as many', () => {
    const { textSearch, clarifiedSearch, mediaSearch } = results.dynamodb;
    for (const cost of [textSearch, clarifiedSearch, mediaSearch]) {
      expect(cost.writes).toBeGreaterThan(0);
      expect(cost.writeBytes).toBeGreaterThan(0);
      expect(Number.isFinite(cost.reads)).toBe(true);
    }
    expect(clarifiedSearch.writes).toBeGreaterThan(textSearch.writes);
    expect(results.frameworkCost.baseline.writes).toBe(Math.round(textSearch.writes));
    expect(results.frameworkCost.baseline.reads).toBe(Math.round(textSearch.reads));
  });

  it('samples the orchestrator memory', () => {
    expect(results.memory.peakRssMb).toBeGreaterThan(0);
    expect(results.memory.samples).toBeGreaterThan(0);
  });

  it('lists and reads sessions at three table sizes', () => {
    expect(results.growth.levels.map((level) => level.sessions)).toEqual([30, 60, 120]);
    for (const level of results.growth.levels) {
      expectLoad(level.list);
      expectLoad(level.get);
    }
    for (const ratio of [results.growth.listRatio, results.growth.getRatio]) {
      expect(Number.isFinite(ratio.throughput)).toBe(true);
      expect(Number.isFinite(ratio.p99)).toBe(true);
    }
  });

  it('puts every figure next to its target in the Markdown table', () => {
    const sections = new Set(results.verdicts.map((verdict) => verdict.section));
    expect([...sections]).toEqual([
      '1. Critical path',
      '2. Framework cost',
      '3. DynamoDB',
      '4. Memory',
      '5. Growth',
    ]);
    for (const verdict of results.verdicts) {
      expect(Number.isFinite(verdict.measured)).toBe(true);
      expect(markdown).toContain(`| ${verdict.section} | ${verdict.figure} |`);
    }
    expect(markdown).toContain(results.machine.cpuModel);
  });
});

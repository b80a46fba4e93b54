import { join } from 'node:path';
import { type BaselinePlan, PLAN_ENV } from '../baseline/plan';
import { type Child, startChild, waitUntilHealthy } from './child';
import { BENCH_ROOT } from './paths';

export interface BaselineStats {
  operations: Record<string, number>;
  writeBytes: number;
}

export interface BaselineProcess {
  url: string;
  child: Child;
  /** The baseline's own SDK-level DynamoDB counters. */
  stats(): Promise<BaselineStats>;
}

/** The baseline server in a process of its own, like the orchestrator. */
export async function startBaselineProcess(
  plan: BaselinePlan,
  workDir: string,
  nodeFlags: string[] = [],
): Promise<BaselineProcess> {
  const child = startChild({
    name: 'baseline',
    nodeFlags,
    script: join(BENCH_ROOT, 'src/baseline/main.ts'),
    cwd: BENCH_ROOT,
    env: { [PLAN_ENV]: JSON.stringify(plan) },
    logFile: join(workDir, 'baseline.log'),
  });
  const url = `http://127.0.0.1:${plan.port}`;
  await waitUntilHealthy(`${url}/health`, child);
  return {
    url,
    child,
    stats: async () => {
      const response = await fetch(`${url}/__stats`);
      return (await response.json()) as BaselineStats;
    },
  };
}

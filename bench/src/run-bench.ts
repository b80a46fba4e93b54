import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDocumentClient } from '@talknshop/db';
import { deriveBaselinePlan } from './measure/baseline-plan';
import { measureCriticalPath } from './measure/critical-path';
import { measureDynamoCost } from './measure/dynamo-cost';
import { measureFrameworkCost } from './measure/framework-cost';
import { measureGrowth } from './measure/growth';
import { heapFigures, sampleMemory } from './measure/memory';
import { describeMachine } from './report/machine';
import { type BenchResults, verdicts } from './report/results';
import { describeRevision, runRevision } from './report/revision';
import type { Scale } from './scale';
import { startBaselineProcess } from './stack/baseline-process';
import { REPO_ROOT } from './stack/paths';
import { startStack } from './stack/stack';

export interface RunOptions {
  scale: Scale;
  /** Progress lines go here. */
  log: (line: string) => void;
}

/**
 * One run, every figure from the same processes: growth first (its own tables and orchestrators), then the
 * DynamoDB counts, which also tell the baseline what to imitate, then the latency and throughput runs.
 */
export async function runBench(options: RunOptions): Promise<BenchResults> {
  const { scale, log } = options;
  const started = performance.now();
  const loadAtStart = loadavg();
  const revisionAtStart = describeRevision(REPO_ROOT);
  const workDir = await mkdtemp(join(tmpdir(), 'talknshop-bench-'));
  log(`starting the stack (work dir ${workDir})`);
  const stack = await startStack({ workDir });
  const { client, doc } = createDocumentClient({ endpoint: stack.dynamoEndpoint, region: 'us-east-1' });
  const memory = sampleMemory(stack.orchestrator.child.pid);
  let baselineStop: (() => Promise<void>) | null = null;
  try {
    const url = stack.orchestrator.url;
    memory.phase('growth');
    log(`5. growth: seeding and measuring at ${scale.growth.levels.join(', ')} sessions`);
    const growth = await measureGrowth(stack, client, scale.growth);

    memory.phase('dynamodb');
    log('3. DynamoDB cost per request');
    const dynamodb = await measureDynamoCost(url, scale.dynamo);

    const plan = await deriveBaselinePlan(stack, doc, dynamodb.textSearch);
    const baseline = await startBaselineProcess(plan, workDir);
    const baselineMemory = sampleMemory(baseline.child.pid);
    baselineStop = async () => {
      baselineMemory.stop();
      await baseline.child.stop();
    };

    memory.phase('critical path');
    log(`1. critical path: ${scale.criticalPath.connections} connections, ${scale.criticalPath.seconds} s`);
    const criticalPath = await measureCriticalPath(url, stack.services, scale.criticalPath);

    memory.phase('framework cost');
    log(`2. framework cost at ${scale.framework.concurrencies.join(', ')} connections`);
    const frameworkCost = await measureFrameworkCost(url, baseline, scale.framework);
    const heapAfterLoad = await heapFigures(url);

    const measurements = {
      scale: scale.name,
      date: new Date().toISOString(),
      durationSeconds: (performance.now() - started) / 1000,
      machine: describeMachine(),
      revision: runRevision(revisionAtStart, describeRevision(REPO_ROOT)),
      loadAverage: { atStart: loadAtStart, atEnd: loadavg() },
      setup: setupNotes(scale),
      criticalPath,
      frameworkCost,
      dynamodb,
      memory: memory.stop(),
      heapAfterLoad,
      baselineMemory: baselineMemory.stop(),
      growth,
    };
    return { ...measurements, verdicts: verdicts(measurements) };
  } finally {
    memory.stop();
    client.destroy();
    await baselineStop?.();
    await stack.close();
    await rm(workDir, { recursive: true, force: true });
  }
}

function setupNotes(scale: Scale): string[] {
  const { framework, criticalPath, growth } = scale;
  return [
    'Separate processes on loopback: embedded DynamoDB (dynalite over LevelDB in a temp dir, a process of its own), each reference service (`node --import tsx services/reference/src/main.ts <service>`), the orchestrator as its image runs it (`node apps/orchestrator/dist/main.mjs`, bundled by `apps/orchestrator/scripts/bundle.mjs` at the start of the run), the baseline (`node --import tsx bench/src/baseline/main.ts`), and the load generator (autocannon, programmatic API) in the bench process.',
    'Orchestrator as deployed (LOG_LEVEL=info, logs to a file) except: AWS_ENDPOINT_URL_DYNAMODB pointing at the engine, RATE_LIMIT_ENABLED=false, tracing export off, and background DynamoDB work that does not depend on the load pushed out of the run so per-request counts hold per-request calls only: METRICS_FLUSH_MS=600000 (downstream latency figures, a few UpdateItems per endpoint and minute) and RECOVERY_INTERVAL_MS=3600000 (crash-recovery sweep, one Query per open-requests shard per pass, every 10 s by default).',
    `Warm-up before measuring (unmeasured): ${criticalPath.warmupSeconds} s (critical path), ${framework.warmupSeconds} s per target and concurrency (framework cost), ${growth.warmupSeconds} s per size and request (growth). Framework cost: baseline and orchestrator take ${framework.rounds} alternating turns of ${framework.seconds} s per concurrency; growth: every size and request takes ${growth.rounds} turns of ${growth.seconds} s. Every turn (warm-up included) opens its connections afresh and is measured from the moment each connection has had its first answer: a busy Node server accepts one new connection per event-loop iteration, so counted from the start a turn would weigh how fast the target accepts a burst of connections (the ramp, reported in section 2) rather than its cost per request.`,
    'Latency percentiles are exact (nearest rank) over every 2xx response of the measured windows; throughput is 2xx responses per second of measured window.',
  ];
}

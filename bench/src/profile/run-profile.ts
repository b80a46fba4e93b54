import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDocumentClient } from '@talknshop/db';
import { type LoadResult, runInterleaved, runLoad } from '../load/run-load';
import { deriveBaselinePlan } from '../measure/baseline-plan';
import { measureDynamoCost } from '../measure/dynamo-cost';
import { textSearchLoad } from '../measure/framework-cost';
import { startBaselineProcess } from '../stack/baseline-process';
import { REPO_ROOT } from '../stack/paths';
import { startStack } from '../stack/stack';
import { type CpuProfile, type ProfileSummary, summarizeProfile } from './cpu-profile';

export interface ProfiledProcess {
  name: string;
  summary: ProfileSummary;
  /** Requests it answered inside the profiled window (2xx and not). */
  requests: number;
  /** Busy CPU per request, in ms. */
  cpuMsPerRequest: number;
  loads: LoadResult[];
  /** The raw profile, to open in Chrome DevTools. */
  profilePath: string;
}

export interface ProfileRun {
  seconds: number;
  concurrencies: number[];
  orchestrator: ProfiledProcess;
  baseline: ProfiledProcess;
}

/**
 * The orchestrator and the baseline, both under `node --cpu-prof`, take turns under the framework-cost load
 * (text searches, no added downstream latency). Only samples inside the measured window count, so start-up
 * and warm-up stay out; busy CPU per request compares the two directly.
 */
export async function runProfile(options: {
  seconds: number;
  concurrencies: number[];
  keepDir: string;
  log: (line: string) => void;
}): Promise<ProfileRun> {
  const workDir = await mkdtemp(join(tmpdir(), 'talknshop-profile-'));
  const dirs = { orchestrator: join(workDir, 'orchestrator'), baseline: join(workDir, 'baseline') };
  const stack = await startStack({
    workDir,
    orchestratorFlags: ['--cpu-prof', `--cpu-prof-dir=${dirs.orchestrator}`],
    orchestratorFromSources: true,
  });
  const { client, doc } = createDocumentClient({ endpoint: stack.dynamoEndpoint, region: 'us-east-1' });
  let stopBaseline: () => Promise<void> = async () => {};
  const loads = { orchestrator: [] as LoadResult[], baseline: [] as LoadResult[] };
  let measured = { from: 0, to: 0 };
  try {
    options.log('deriving the baseline plan');
    const cost = await measureDynamoCost(stack.orchestrator.url, {
      textSearches: 10,
      clarifiedSearches: 1,
      mediaSearches: 1,
    });
    const plan = await deriveBaselinePlan(stack, doc, cost.textSearch);
    const baseline = await startBaselineProcess(plan, workDir, [
      '--cpu-prof',
      `--cpu-prof-dir=${dirs.baseline}`,
    ]);
    stopBaseline = () => baseline.child.stop();
    const spec = (url: string, connections: number, seconds: number) =>
      textSearchLoad(
        url,
        { connections, seconds, warmupSeconds: 0 },
        `profile-${url === baseline.url ? 'baseline' : 'orchestrator'}-${connections}`,
      );
    options.log('warming up');
    await runLoad(spec(stack.orchestrator.url, 16, 3));
    await runLoad(spec(baseline.url, 16, 3));
    measured = { from: micros(), to: 0 };
    for (const connections of options.concurrencies) {
      options.log(`${connections} connections, ${options.seconds} s each`);
      const [baselineLoad, orchestratorLoad] = await runInterleaved(
        [
          spec(baseline.url, connections, options.seconds),
          spec(stack.orchestrator.url, connections, options.seconds),
        ],
        1,
      );
      loads.baseline.push(baselineLoad!);
      loads.orchestrator.push(orchestratorLoad!);
    }
    measured = { ...measured, to: micros() };
  } finally {
    // Each process writes its profile when it exits.
    await stopBaseline();
    client.destroy();
    await stack.close();
  }
  await mkdir(options.keepDir, { recursive: true });
  const summarize = async (name: 'orchestrator' | 'baseline'): Promise<ProfiledProcess> => {
    const [file] = (await readdir(dirs[name])).filter((entry) => entry.endsWith('.cpuprofile'));
    if (!file) throw new Error(`the ${name} wrote no CPU profile`);
    const text = await readFile(join(dirs[name], file), 'utf8');
    const profilePath = join(options.keepDir, `${name}.cpuprofile`);
    await writeFile(profilePath, text);
    const summary = summarizeProfile(JSON.parse(text) as CpuProfile, {
      repoRoot: REPO_ROOT,
      fromMicros: measured.from,
      toMicros: measured.to,
      top: 30,
    });
    const requests = loads[name].reduce((sum, load) => sum + load.ok + load.failed, 0);
    return {
      name,
      summary,
      requests,
      cpuMsPerRequest: summary.busyMs / Math.max(1, requests),
      loads: loads[name],
      profilePath,
    };
  };
  const result = {
    seconds: options.seconds,
    concurrencies: options.concurrencies,
    orchestrator: await summarize('orchestrator'),
    baseline: await summarize('baseline'),
  };
  await rm(workDir, { recursive: true, force: true });
  return result;
}

function micros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

import type { ProfiledProcess, ProfileRun } from './run-profile';

const percent = (value: number) => `${value.toFixed(1)} %`;

/** profile.md: busy CPU per request of both processes, then where the orchestrator's went and the baseline's. */
export function renderProfile(run: ProfileRun): string {
  const { orchestrator, baseline } = run;
  return [
    '# CPU profile under the framework-cost load',
    '',
    `Text searches (\`POST /api/v1/search\`), no added downstream latency, ${run.concurrencies.join(' then ')} connections, ${run.seconds} s each, baseline and orchestrator in turns; \`node --cpu-prof\` on both processes, samples outside the measured window left out.`,
    '',
    '| Process | Requests | Busy CPU s | CPU ms per request | req/s (per concurrency) |',
    '| --- | --- | --- | --- | --- |',
    ...[orchestrator, baseline].map(
      (process) =>
        `| ${process.name} | ${process.requests} | ${(process.summary.busyMs / 1000).toFixed(1)} | ${process.cpuMsPerRequest.toFixed(2)} | ${process.loads.map((load) => `${load.connections}: ${load.throughput.toFixed(1)}`).join(', ')} |`,
    ),
    '',
    `Orchestrator ÷ baseline CPU per request: ${(orchestrator.cpuMsPerRequest / Math.max(1e-9, baseline.cpuMsPerRequest)).toFixed(2)}.`,
    '',
    ...section(orchestrator),
    ...section(baseline),
  ].join('\n');
}

function section(process: ProfiledProcess): string[] {
  const { summary } = process;
  return [
    `## ${process.name}: self time by owner`,
    '',
    '| Owner | Self ms | Share of busy |',
    '| --- | --- | --- |',
    ...summary.owners
      .filter((owner) => owner.selfPercent >= 0.1)
      .map((owner) => `| ${owner.owner} | ${owner.selfMs.toFixed(0)} | ${percent(owner.selfPercent)} |`),
    '',
    `## ${process.name}: top functions by self time`,
    '',
    '| Function | Location | Owner | Self ms | Share of busy |',
    '| --- | --- | --- | --- | --- |',
    ...summary.functions.map(
      (fn) =>
        `| \`${fn.functionName}\` | ${fn.location} | ${fn.owner} | ${fn.selfMs.toFixed(0)} | ${percent(fn.selfPercent)} |`,
    ),
    '',
  ];
}

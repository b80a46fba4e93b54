// `pnpm --filter @talknshop/bench run profile [--seconds N] [--out DIR]`: the orchestrator and the baseline
// under the framework-cost load with `--cpu-prof`, summarised by self time into profile.md, next to the raw
// orchestrator.cpuprofile and baseline.cpuprofile (open them in Chrome DevTools).
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_ROOT } from '../stack/paths';
import { renderProfile } from './render-profile';
import { runProfile } from './run-profile';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '15' }, out: { type: 'string' } },
});
const out = resolve(values.out ?? join(BENCH_ROOT, 'results'));
const run = await runProfile({
  seconds: Number(values.seconds),
  concurrencies: [16, 64],
  keepDir: out,
  log: (line) => console.error(`[profile] ${line}`),
});
const markdown = renderProfile(run);
await mkdir(out, { recursive: true });
await writeFile(join(out, 'profile.md'), markdown);
console.error(`[profile] wrote ${join(out, 'profile.md')}, orchestrator.cpuprofile and baseline.cpuprofile`);
console.log(markdown);

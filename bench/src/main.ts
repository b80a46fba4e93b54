// `npm run bench` (repository root) or `tsx src/main.ts [--quick] [--out DIR]`: starts the whole stack,
// measures the orchestrator's cost as ratios taken in one run, writes latest.json and latest.md, prints the
// table.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { renderMarkdown } from './report/markdown';
import { runBench } from './run-bench';
import { FULL_SCALE, QUICK_SCALE } from './scale';
import { BENCH_ROOT } from './stack/paths';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
const out = resolve(values.out ?? join(BENCH_ROOT, 'results'));
const log = (line: string) => console.error(`[bench] ${line}`);

const results = await runBench({ scale: values.quick ? QUICK_SCALE : FULL_SCALE, log });
const markdown = renderMarkdown(results);
await mkdir(out, { recursive: true });
await writeFile(join(out, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
await writeFile(join(out, 'latest.md'), markdown);
log(`wrote ${join(out, 'latest.json')} and latest.md`);
console.log(markdown);

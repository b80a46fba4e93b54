#!/usr/bin/env node
// Entry point behind `npm start`, `npm test` and `npm run bench`: a fresh clone has only Node and npm,
// so pnpm comes pinned through npx and the lockfile is installed frozen before anything runs.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const { packageManager } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const env = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: '1',
  DO_NOT_TRACK: '1',
  NEXT_TELEMETRY_DISABLED: '1',
};

function pnpm(args) {
  const result = spawnSync('npx', ['-y', packageManager, ...args], { stdio: 'inherit', env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const tasks = {
  start: () => pnpm(['--filter', '@talknshop/orchestrator', 'run', 'stack']),
  test: () =>
    pnpm([
      'exec',
      'turbo',
      'run',
      'lint',
      'typecheck',
      'test',
      'test:conformance',
      'test:e2e',
      '--concurrency=2',
      '--log-order=grouped',
      '--continue',
    ]),
  bench: () => pnpm(['--filter', '@talknshop/bench', 'run', 'bench', ...process.argv.slice(3)]),
};

const task = tasks[process.argv[2]];
if (!task) {
  console.error(`usage: node scripts/run.mjs ${Object.keys(tasks).join('|')}`);
  process.exit(2);
}
pnpm(['install', '--frozen-lockfile', '--reporter=append-only']);
task();

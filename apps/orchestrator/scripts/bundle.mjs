#!/usr/bin/env node
// `node scripts/bundle.mjs [outfile]`: the orchestrator as deployed — one ES module holding the server and
// every package it imports (workspace TypeScript sources included), run by plain `node` with no tsx loader
// thread and no TypeScript at run time. The container image and the benchmark run this same bundle.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const outfile = process.argv[2] ?? `${appDir}dist/main.mjs`;

await build({
  entryPoints: [`${appDir}src/main.ts`],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // The embedded engine's LevelDB binding is native; it is loaded only when no endpoint is configured.
  external: ['dynalite'],
  // Bundled CommonJS packages call `require`.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  sourcemap: 'linked',
  logLevel: 'warning',
});

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { textSearchInput, userIds } from '../src/load/bodies';
import { API_HEADERS } from '../src/load/orchestrator-api';
import { runLoad } from '../src/load/run-load';
import { heapFigures } from '../src/measure/memory';
import { startStack } from '../src/stack/stack';

const flags = process.argv.slice(2);
const stack = await startStack({ workDir: mkdtempSync(join(tmpdir(), 'm-')), orchestratorFlags: flags });
const hwm = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${stack.orchestrator.child.pid}/status`, 'utf8'))![1]) / 1024;
console.log('flags', flags, 'idle hwm', hwm().toFixed(0), JSON.stringify(await heapFigures(stack.orchestrator.url)));
const user = userIds('m');
for (const c of [16, 64]) {
  const r = await runLoad({ url: stack.orchestrator.url, connections: c, seconds: 10, warmupSeconds: 2, headers: API_HEADERS, next: () => ({ method: 'POST', path: '/api/v1/search', body: JSON.stringify(textSearchInput(user())) }) });
  console.log(c, 'rps', r.throughput.toFixed(1), 'p50', r.latencyMs.p50.toFixed(0), 'hwm', hwm().toFixed(0), JSON.stringify(await heapFigures(stack.orchestrator.url)));
}
await stack.close();

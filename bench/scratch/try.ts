import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack } from '../src/stack/stack';

const workDir = mkdtempSync(join(tmpdir(), 'bench-'));
const t0 = Date.now();
const stack = await startStack({ workDir });
console.log('started in', Date.now() - t0, 'ms', workDir, stack.orchestrator.url);
const AUTH = { authorization: 'Bearer tns_dev_key_change_me', 'content-type': 'application/json' };
const post = async (path: string, body: unknown) => {
  const t = performance.now();
  const r = await fetch(stack.orchestrator.url + path, { method: 'POST', headers: AUTH, body: JSON.stringify(body) });
  const j = await r.json();
  return { status: r.status, ms: performance.now() - t, j };
};
for (let i = 0; i < 5; i++) {
  const r = await post('/api/v1/search', { user_id: `u${i}`, query: 'red running shoes under $150' });
  console.log(r.status, r.ms.toFixed(1), (r.j as any).status, (r.j as any).results?.length, JSON.stringify((r.j as any).requirements));
}
const m = await (await fetch(stack.orchestrator.url + '/metrics')).text();
console.log(m.split('\n').filter((l) => l.startsWith('talknshop_dynamodb_operations_total') || l.startsWith('talknshop_dynamodb_write_bytes')).join('\n'));
await stack.close();

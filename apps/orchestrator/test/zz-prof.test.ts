import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startReferenceServices } from '@talknshop/reference-services';
import { it } from 'vitest';
import { spawnOrchestrator } from './support/orchestrator-process';
import { AUTH } from './support/stack';
it('prof', async () => {
  const services = await startReferenceServices({ logger: false });
  const dataDir = await mkdtemp(join(tmpdir(), 'prof-'));
  const o = await spawnOrchestrator({ dataDir, services: services.urls, keepLogs: false, env: { RATE_LIMIT_ENABLED: 'false' } });
  const time = async (label: string, f: () => Promise<unknown>) => { const t = performance.now(); await f(); console.log(label, Math.round(performance.now() - t)); };
  for (let i = 0; i < 5; i++) {
    await time('catalog direct', () => fetch(`${services.urls.catalog}/search`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'red running shoes', limit: 10 }) }).then(r => r.text()));
    await time('search', () => fetch(`${o.url}/api/v1/search`, { method: 'POST', headers: { ...AUTH, 'content-type': 'application/json' }, body: JSON.stringify({ user_id: 'u', query: 'red running shoes under $150' }) }).then(r => r.text()));
    await time('health', () => fetch(`${o.url}/health`).then(r => r.text()));
  }
  const t = performance.now();
  await Promise.all(Array.from({ length: 50 }, () => fetch(`${o.url}/api/v1/search`, { method: 'POST', headers: { ...AUTH, 'content-type': 'application/json' }, body: JSON.stringify({ user_id: 'u', query: 'red running shoes under $150' }) }).then(r => r.text())));
  console.log('50 concurrent searches', Math.round(performance.now() - t));
  const t2 = performance.now();
  await Promise.all(Array.from({ length: 50 }, () => fetch(`${services.urls.catalog}/search`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'red running shoes', limit: 10 }) }).then(r => r.text())));
  console.log('50 concurrent catalog', Math.round(performance.now() - t2));
  o.child.kill('SIGKILL'); await services.close();
}, 120000);

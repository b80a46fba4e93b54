import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDocumentClient, ensureTable, OrchestratorRepository } from '@talknshop/db';
import { startChild, waitUntilHealthy } from '../src/stack/child';
import { BENCH_ROOT } from '../src/stack/paths';

const workDir = mkdtempSync(join(tmpdir(), 'bench-'));
const child = startChild({ name: 'dyn', script: join(BENCH_ROOT, 'src/stack/dynamo-main.ts'), cwd: BENCH_ROOT, env: { BENCH_DYNAMO_PORT: '8998', BENCH_DYNAMO_DATA_DIR: join(workDir, 'd') }, logFile: join(workDir, 'l') });
await waitUntilHealthy('http://127.0.0.1:8998/', child);
const { client, doc } = createDocumentClient({ endpoint: 'http://127.0.0.1:8998', region: 'us-east-1' });
await ensureTable(client, 'tab1', { create: true });
const repo = new OrchestratorRepository({ doc, tableName: 'tab1', clock: () => new Date(), cursorSecret: 'x'.repeat(32), ttlDays: 30 });
const conc = Number(process.argv[2] ?? 32);
const N = Number(process.argv[3] ?? 5000);
let next = 0;
const t0 = performance.now();
await Promise.all(Array.from({ length: conc }, async () => {
  while (next < N) {
    const i = next++;
    await repo.createSession({ session_id: `s-${i}`, user_id: `u-${i % 1000}`, client_id: 'dev', request_type: 'search' });
  }
}));
const s = (performance.now() - t0) / 1000;
console.log(N, 'sessions in', s.toFixed(1), 's =', (N / s).toFixed(0), '/s');
client.destroy();
await child.stop();

import { readFileSync } from 'node:fs';
const p = JSON.parse(readFileSync(process.argv[2]!, 'utf8'));
const byId = new Map<number, any>(p.nodes.map((n: any) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const self = new Map<number, number>();
p.samples.forEach((id: number, i: number) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
const by = new Map<string, number>();
const isWs = (u: string) => u.includes('/work/main/') && !u.includes('node_modules');
for (const [id, t] of self) {
  let cur: number | undefined = id; let name = '(no workspace frame)';
  const leaf = byId.get(id).callFrame;
  if (leaf.functionName === '(idle)') continue;
  if (leaf.functionName === '(garbage collector)') { by.set('(gc)', (by.get('(gc)') ?? 0) + t); continue; }
  while (cur !== undefined) { const f = byId.get(cur).callFrame; if (isWs(f.url)) { name = `${f.functionName || '(anon)'}@${f.url.split('/').slice(-3).join('/')}`; break; } cur = parent.get(cur); }
  by.set(name, (by.get(name) ?? 0) + t);
}
for (const [k, t] of [...by].sort((a, b) => b[1] - a[1]).slice(0, Number(process.argv[3] ?? 30))) console.log((t / 1000).toFixed(0), 'ms', k);

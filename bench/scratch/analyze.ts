import { readFileSync } from 'node:fs';
const p = JSON.parse(readFileSync(process.argv[2]!, 'utf8'));
const byId = new Map<number, any>(p.nodes.map((n: any) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const target = process.argv[3]!;
const depth = Number(process.argv[4] ?? 6);
const self = new Map<number, number>();
p.samples.forEach((id: number, i: number) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
const chains = new Map<string, number>();
for (const [id, t] of self) {
  const n = byId.get(id);
  if (n.callFrame.functionName !== target) continue;
  const chain: string[] = [];
  let cur = parent.get(id);
  while (cur !== undefined && chain.length < depth) {
    const f = byId.get(cur).callFrame;
    chain.push(`${f.functionName || '(anon)'}@${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`);
    cur = parent.get(cur);
  }
  const key = chain.join(' < ');
  chains.set(key, (chains.get(key) ?? 0) + t);
}
for (const [k, t] of [...chains].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log((t / 1000).toFixed(0), 'ms', k);

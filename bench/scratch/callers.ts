import { readFileSync } from 'node:fs';
const p = JSON.parse(readFileSync(process.argv[2]!, 'utf8'));
const pkg = process.argv[3]!; // substring of url
const byId = new Map<number, any>(p.nodes.map((n: any) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const self = new Map<number, number>();
p.samples.forEach((id: number, i: number) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
const callers = new Map<string, number>();
let total = 0;
for (const [id, t] of self) {
  let cur: number | undefined = id;
  let outerCaller: string | null = null;
  let inPkg = false;
  while (cur !== undefined) {
    const f = byId.get(cur).callFrame;
    const isPkg = f.url.includes(pkg);
    if (inPkg && !isPkg) outerCaller = `${f.functionName || '(anon)'}@${f.url.split('/').slice(-2).join('/')}`;
    inPkg = isPkg;
    cur = parent.get(cur);
  }
  if (outerCaller) { callers.set(outerCaller, (callers.get(outerCaller) ?? 0) + t); total += t; }
}
console.log('total inclusive ms', (total / 1000).toFixed(0));
for (const [k, t] of [...callers].sort((a, b) => b[1] - a[1]).slice(0, Number(process.argv[4] ?? 15))) console.log((t / 1000).toFixed(0), 'ms', k);

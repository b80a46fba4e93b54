import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { audioFixtures, imageFixtures } from '@talknshop/reference-services';
import { startStack } from '../src/stack/stack';

const workDir = mkdtempSync(join(tmpdir(), 'bench-'));
const stack = await startStack({ workDir });
const AUTH = { authorization: 'Bearer tns_dev_key_change_me', 'content-type': 'application/json' };
const post = async (path: string, body: unknown) => {
  const t = performance.now();
  const r = await fetch(stack.orchestrator.url + path, { method: 'POST', headers: AUTH, body: JSON.stringify(body) });
  const j = (await r.json()) as any;
  return { status: r.status, ms: performance.now() - t, j };
};
const audio = audioFixtures().find((a) => a.name === 'red-running-shoes')!;
const image = imageFixtures().find((a) => a.name === 'red-running-shoe')!;
console.log(Object.keys(image));
for (const text of ['running shoes', 'size 10', 'nike']) {
  const r = await post('/api/v1/search', { user_id: 'm', query: text, audio: audio.input, image: image.input });
  console.log(text, r.status, r.ms.toFixed(0), r.j.status, r.j.results?.length, JSON.stringify(r.j.requirements), r.j.reply);
}
const v = await post('/api/v1/search', { user_id: 'c', query: 'I want to buy something nice' });
console.log(v.j.status, JSON.stringify(v.j.clarification));
for (const answer of ['headphones under $200']) {
  const c = await post(`/api/v1/sessions/${v.j.session_id}/clarify`, { user_id: 'c', answer });
  console.log(answer, c.status, c.j.status, JSON.stringify(c.j.clarification), c.j.results?.length);
}
// admin login + list
const login = await fetch(stack.orchestrator.url + '/trpc/admin.login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ json: { username: stack.operator.username, password: stack.operator.password } }) });
console.log('login', login.status, login.headers.getSetCookie());
const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
const input = encodeURIComponent(JSON.stringify({ json: { limit: 25, cursor: null } }));
const list = await fetch(`${stack.orchestrator.url}/trpc/admin.sessions.list?input=${input}`, { headers: { cookie } });
const lj = (await list.json()) as any;
console.log('list', list.status, JSON.stringify(lj).slice(0, 300));
const g = await fetch(`${stack.orchestrator.url}/api/v1/sessions/${v.j.session_id}?user_id=c`, { headers: AUTH });
console.log('get', g.status, (await g.text()).slice(0, 200));
await stack.close();

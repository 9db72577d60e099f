import { startServer } from '../packages/server/src/index.ts';
const t0 = performance.now();
const s = await startServer();
console.log('started in', Math.round(performance.now()-t0), 'ms', s.url);
for (const p of ['/api/health','/api/public/businesses/nope','/api/public/businesses/BAD!','/api/nothing']) {
  const r = await fetch(s.url + p); console.log(p, r.status, (await r.text()).slice(0,300));
}
const doc = await (await fetch(s.url + '/api/openapi.json')).json();
console.log(JSON.stringify(doc).slice(0, 1500));
await s.close(); console.log('closed');

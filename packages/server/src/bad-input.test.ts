// Every route in the OpenAPI document, fed what a careless or hostile client might send:
// the answer is always a 4xx with a machine-readable code (or a success), never a 5xx.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../test/app';
import { makeAsset, makeBusiness, makeCustomer, makeStaff, PASSWORD } from '../test/fixtures';
import { call, signInToken } from '../test/http';

const BODIES: { label: string; raw: string }[] = [
  { label: 'malformed JSON', raw: '{"email": "x@' },
  { label: 'an array', raw: '[1,2,3]' },
  { label: 'null', raw: 'null' },
  { label: 'empty object', raw: '{}' },
  { label: 'wrong types', raw: JSON.stringify(Object.fromEntries(['email', 'password', 'code', 'name', 'firstName', 'lat', 'lon', 'active', 'autoInvite', 'allowedOrigins', 'returnTo', 'token', 'functionalLocationId', 'territoryId', 'timeZone'].map((k) => [k, { nested: [k] }]))) },
  { label: 'out-of-range values', raw: JSON.stringify({ lat: 999, lon: -999, invitationTtlHours: -1, allowedOrigins: ['*'], timeZone: 'Mars/Base', email: 'no-at-sign', returnTo: 'javascript:alert(1)', country: 'usa' }) },
  { label: 'huge strings', raw: JSON.stringify({ name: 'x'.repeat(100_000), email: `${'y'.repeat(300)}@example.com`, firstName: 'z'.repeat(10_000), code: 'c'.repeat(5000) }) },
  { label: 'unexpected keys', raw: JSON.stringify({ id: '00000000-0000-0000-0000-000000000000', businessId: 'x', __proto__: { admin: true }, constructor: 1 }) },
];
const IDS = ['not-a-uuid', '00000000-0000-0000-0000-000000000000', "1' OR '1'='1", '%00'];
const QUERIES = ['', '?returnTo=notaurl', '?active=maybe&q=' + 'q'.repeat(500), '?returnTo=https%3A%2F%2Fevil.example%2F'];

describe('bad input on every route', () => {
  const api = useTestApp();
  let doc: any;
  const tokens: Record<string, string> = {};
  let slug = '';

  beforeAll(async () => {
    const business = await makeBusiness(api.sql);
    slug = business.slug;
    const customer = await makeCustomer(api.deps, business.id);
    await makeAsset(api.sql, business.id, customer.accountId);
    const admin = await makeStaff(api.deps, business.id, 'admin');
    tokens.customer = await signInToken(api.url, slug, customer.email, PASSWORD);
    tokens.admin = await signInToken(api.url, slug, admin.email, PASSWORD);
    doc = (await call(api.url, 'GET', '/api/openapi.json')).body;
  });

  it('never answers 5xx, and every refusal carries a code', async () => {
    const operations = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => ({ path, method: method.toUpperCase() })),
    );
    expect(operations.length).toBeGreaterThan(25);
    const failures: string[] = [];
    let requests = 0;
    for (const { path, method } of operations) {
      if (path === '/api/health') continue; // its 503 means "database down", covered elsewhere
      for (const id of path.includes('Id}') ? IDS : ['']) {
        const url = path.replace('{business}', slug).replace(/\{\w+Id\}/g, encodeURIComponent(id));
        for (const query of method === 'GET' ? QUERIES : ['']) {
          for (const body of ['POST', 'PATCH', 'PUT'].includes(method) ? BODIES : [undefined]) {
            for (const who of ['customer', 'admin', 'anonymous']) {
              const res = await fetch(`${api.url}${url}${query}`, {
                method,
                redirect: 'manual',
                headers: {
                  ...(body ? { 'content-type': 'application/json' } : {}),
                  ...(who === 'anonymous' ? {} : { authorization: `Bearer ${tokens[who]}` }),
                },
                body: body?.raw,
              });
              requests++;
              const text = await res.text();
              const label = `${method} ${url}${query} as ${who} with ${body?.label ?? 'no body'} → ${res.status}`;
              if (res.status >= 500) failures.push(`${label}: ${text.slice(0, 200)}`);
              else if (res.status >= 400 && !/"code":"[a-z_]+"/.test(text)) failures.push(`${label}: no code in ${text.slice(0, 200)}`);
            }
          }
        }
      }
      // Keep the brute-force limits from turning the rest of the sweep into 429s.
      await api.sql`DELETE FROM rate_limit`;
    }
    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThan(500);
  });
});

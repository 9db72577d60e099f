// Every route in the OpenAPI document, fed what a careless or hostile client might send:
// the answer is always a 4xx with a machine-readable code (or a success), never a 5xx.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTestApp } from '../test/app';
import { makeAsset, makeBusiness, makeCustomer, makeResource, makeStaff, PASSWORD } from '../test/fixtures';
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
// Strings PostgreSQL cannot store (NUL is SQLSTATE 22021), sent inside otherwise ordinary values.
const UNSTORABLE = [{ label: 'a NUL', char: '\u0000' }, { label: 'an unpaired surrogate', char: '\ud800' }];
const IDS = ['not-a-uuid', '00000000-0000-0000-0000-000000000000', "1' OR '1'='1", '%00'];
const QUERIES = ['', '?returnTo=notaurl', '?active=maybe&q=' + 'q'.repeat(500), '?returnTo=https%3A%2F%2Fevil.example%2F'];

describe('bad input on every route', () => {
  const api = useTestApp();
  let doc: any;
  const tokens: Record<string, string> = {};
  let slug = '';
  const emails: Record<string, string> = {};

  beforeAll(async () => {
    const business = await makeBusiness(api.sql);
    slug = business.slug;
    const customer = await makeCustomer(api.deps, business.id);
    await makeAsset(api.sql, business.id, customer.accountId);
    const admin = await makeStaff(api.deps, business.id, 'admin');
    // A technician linked to a technician record, so the technician API reaches validation.
    const technician = await makeStaff(api.deps, business.id, 'technician');
    const resource = await makeResource(api.sql, business.id);
    await api.sql`UPDATE resource SET user_id = ${technician.userId} WHERE id = ${resource.id}`;
    Object.assign(emails, { customer: customer.email, admin: admin.email, technician: technician.email });
    doc = (await call(api.url, 'GET', '/api/openapi.json')).body;
  });

  // The sweep signs out (DELETE …/session) along the way: sign in again after it, and before each test,
  // or every later route would be tried only as a stranger (401) and never reach validation.
  const signInAll = async () => {
    await api.sql`DELETE FROM rate_limit`;
    for (const who of ['customer', 'admin', 'technician']) tokens[who] = await signInToken(api.url, slug, emails[who]!, PASSWORD);
  };
  beforeEach(signInAll);

  it('never answers 5xx, and every refusal carries a code', async () => {
    const operations = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => ({ path, method: method.toUpperCase() })),
    );
    expect(operations.length).toBeGreaterThan(25);
    const failures: string[] = [];
    let requests = 0;
    for (const { path, method } of operations) {
      if (path === '/api/health') continue; // its 503 means "database down", covered elsewhere
      // One operation's requests at once (none of them changes who is signed in for the others).
      const sent: Promise<void>[] = [];
      for (const id of path.includes('Id}') ? IDS : ['']) {
        const url = path.replace('{business}', slug).replace(/\{\w+Id\}/g, encodeURIComponent(id));
        for (const query of method === 'GET' ? QUERIES : ['']) {
          for (const body of ['POST', 'PATCH', 'PUT'].includes(method) ? BODIES : [undefined]) {
            for (const who of path.includes('/technician/') ? ['technician', 'anonymous'] : ['customer', 'admin', 'anonymous']) {
              const attempt = async () => {
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
                // A live stream that opened stays open: hang up rather than wait for its end.
                const streaming = res.headers.get('content-type')?.startsWith('text/event-stream');
                const text = streaming ? (await res.body?.cancel(), '') : await res.text();
                const label = `${method} ${url}${query} as ${who} with ${body?.label ?? 'no body'} → ${res.status}`;
                if (res.status >= 500) failures.push(`${label}: ${text.slice(0, 200)}`);
                else if (res.status >= 400 && !/"code":"[a-z_]+"/.test(text)) failures.push(`${label}: no code in ${text.slice(0, 200)}`);
              };
              sent.push(attempt());
            }
          }
        }
      }
      await Promise.all(sent);
      // Keep the brute-force limits from turning the rest of the sweep into 429s.
      await api.sql`DELETE FROM rate_limit`;
      if (method === 'DELETE' && path.endsWith('/session')) await signInAll();
    }
    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThan(500);
  }, 180_000); // thousands of requests: on a busy shared machine this takes well over the default

  it('refuses a NUL or an unpaired surrogate in every string of every body and query, naming the field', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      for (const [method, op] of Object.entries(methods)) {
        // Sign in as someone who gets past the role checks, so the request reaches validation.
        const who = path.includes('/admin') ? 'admin' : path.includes('/technician/') ? 'technician' : path.includes('/me') || op.security ? 'customer' : 'anonymous';
        // Other path parameters get a valid sample too (an id, a message kind), so the body is what is judged.
        const pathParams = ((op.parameters ?? []) as any[]).filter((p) => p.in === 'path');
        const url = path.replace('{business}', slug).replace(/\{(\w+)\}/g, (_, name: string) => {
          const param = pathParams.find((p) => p.name === name);
          return param ? encodeURIComponent(String(sampleOf(doc, param.schema, name))) : '00000000-0000-4000-8000-000000000000';
        });
        const bodySchema = op.requestBody?.content?.['application/json']?.schema;
        const query = Object.fromEntries(
          ((op.parameters ?? []) as any[]).filter((p) => p.in === 'query').map((p) => [p.name, sampleOf(doc, p.schema, p.name) as string]),
        );
        // Required headers (a survey link's token) get a well-formed sample, so the body is what gets checked.
        const headerParams = Object.fromEntries(
          ((op.parameters ?? []) as any[]).filter((p) => p.in === 'header' && p.required).map((p) => [p.name, sampleOf(doc, p.schema, p.name) as string]),
        );
        const targets: { where: 'body' | 'query'; value: unknown }[] = [];
        if (bodySchema) targets.push({ where: 'body', value: sampleOf(doc, bodySchema) });
        if (Object.keys(query).length) targets.push({ where: 'query', value: query });
        for (const { where, value } of targets) {
          const send = (v: unknown) => {
            const q = where === 'query' ? `?${new URLSearchParams(v as Record<string, string>)}` : '';
            return fetch(`${api.url}${url}${q}`, {
              method: method.toUpperCase(),
              redirect: 'manual',
              headers: {
                ...headerParams,
                ...(who === 'anonymous' ? {} : { authorization: `Bearer ${tokens[who]}` }),
                ...(where === 'body' ? { 'content-type': 'application/json', 'idempotency-key': `nul-sweep-${checked}` } : {}),
              },
              body: where === 'body' ? JSON.stringify(v) : undefined,
            });
          };
          // The sample itself must be valid where it matters: no complaint about any of its strings.
          const base = await send(value);
          const baseIssues = base.status === 400 ? ((await base.json()) as any).issues ?? [] : (await base.arrayBuffer(), []);
          for (const leaf of stringLeaves(value)) {
            if (baseIssues.some((i: any) => samePath(i.path.slice(1), leaf.path))) {
              failures.push(`${method} ${path} ${where}.${leaf.path.join('.')}: the sample "${leaf.value}" is refused already`);
              continue;
            }
            // A URL cannot carry an unpaired surrogate (it arrives as U+FFFD): queries get the NUL only.
            for (const { label, char } of where === 'query' ? UNSTORABLE.slice(0, 1) : UNSTORABLE) {
              const res = await send(withLeaf(value, leaf.path, `${leaf.value}${char}x`));
              checked++;
              const body: any = await res.json().catch(() => null);
              const named = res.status === 400 && body?.code === 'validation_failed' && body.issues?.some((i: any) => samePath(i.path.slice(1), leaf.path));
              if (!named) failures.push(`${method} ${path} ${where}.${leaf.path.join('.')} with ${label} → ${res.status} ${JSON.stringify(body).slice(0, 160)}`);
            }
          }
          await api.sql`DELETE FROM rate_limit`;
        }
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(100);
  });

  it('refuses origins that are not exact http(s) origins, and a portal URL that is not http(s)', async () => {
    const patch = (body: unknown) => call(api.url, 'PATCH', `/api/businesses/${slug}/admin/settings/access`, { token: tokens.admin, body });
    for (const origin of ['*', 'null', 'https://*.example.com', 'https://*', 'http://*:8080', 'https://shop.example.com/path', 'ftp://shop.example.com', 'file:///etc/passwd', 'shop.example.com']) {
      const res = await patch({ allowedOrigins: [origin] });
      expect(res.status, origin).toBe(400);
      expect(res.body.code, origin).toBe('validation_failed');
      expect(res.body.issues[0].path, origin).toEqual(['json', 'allowedOrigins', 0]);
    }
    for (const portalUrl of ['javascript:alert(1)', 'mailto:x@example.com', '//evil.example/book', '/\\evil.example', 'book.html', 'https://']) {
      const res = await patch({ portalUrl });
      expect(res.status, portalUrl).toBe(400);
      expect(res.body.issues[0].path, portalUrl).toEqual(['json', 'portalUrl']);
    }
    const ok = await patch({ allowedOrigins: ['https://shop.example.com', 'http://localhost:5173/'], portalUrl: '/book.html' });
    expect(ok.status).toBe(200);
    expect(ok.body.allowedOrigins).toEqual(['https://shop.example.com', 'http://localhost:5173']);
    expect((await patch({ portalUrl: 'https://shop.example.com/portal?x=1#top' })).status).toBe(200);
  });
});

// ───────────── a valid sample for an OpenAPI schema, and the strings inside it ─────────────

const STRING_SAMPLES = ['Sample text 1', 'sample', 'US', 'en', '08:00', '17:00'];

function resolve(doc: any, schema: any): any {
  return schema?.$ref ? resolve(doc, doc.components.schemas[schema.$ref.split('/').pop()]) : schema;
}

/** The plainest value that satisfies `schema` (every optional property included, so every string is reached). */
function sampleOf(doc: any, raw: any, name = ''): unknown {
  const schema = resolve(doc, raw);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  if (schema.default !== undefined && schema.default !== null && name !== 'polygon') return schema.default;
  const options = schema.anyOf ?? schema.oneOf;
  if (options) return sampleOf(doc, options.find((o: any) => resolve(doc, o).type !== 'null'), name);
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((s: any) => sampleOf(doc, s, name)));
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const keys = Object.keys(schema.properties ?? {});
      // A territory is a circle or a polygon, never both.
      const skip = keys.includes('polygon') ? ['polygon'] : [];
      return Object.fromEntries(keys.filter((k) => !skip.includes(k)).map((k) => [k, sampleOf(doc, schema.properties[k], k)]));
    }
    case 'array':
      if (schema.prefixItems) return schema.prefixItems.map((s: any) => sampleOf(doc, s));
      return Array.from({ length: Math.max(1, schema.minItems ?? 0) }, () => sampleOf(doc, schema.items, name));
    case 'number':
    case 'integer': {
      const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 1);
      return schema.maximum !== undefined ? Math.min(min, schema.maximum) : min;
    }
    case 'boolean':
      return true;
    case 'string':
      return sampleString(schema, name);
    default:
      return null;
  }
}

function sampleString(schema: any, name: string): string {
  switch (schema.format) {
    case 'uuid':
      return '00000000-0000-4000-8000-000000000000';
    case 'email':
      return 'nul-sweep@example.com';
    case 'uri':
      return 'https://shop.example.com';
    case 'date':
      // The technician app's `from` is refused more than a year from today, and insights' `to` more
      // than a year after `from`.
      if (name === 'from') return new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
      return name === 'to' ? new Date(Date.now() + 31 * 86_400_000).toISOString().slice(0, 10) : '2031-01-06';
    case 'date-time':
      return name === 'endsAt' ? '2031-01-06T10:00:00Z' : '2031-01-06T09:00:00Z';
  }
  if (name === 'email') return 'nul-sweep@example.com'; // a pipe: its format is not in the document
  if (name === 'allowedOrigins') return 'https://shop.example.com';
  if (name === 'end') return '17:00';
  if (name === 'timeZone') return 'America/New_York';
  if (name === 'portalUrl') return '/book.html';
  if (name === 'widget') return 'ev-charger:panel-amps'; // a client plugin's id, a colon, a name
  // A readable pair: the text colour must contrast with the brand colour.
  if (name === 'brandColor') return '#1d4ed8';
  if (name === 'brandTextColor') return '#ffffff';
  const fits = (s: string) => s.length >= (schema.minLength ?? 0) && s.length <= (schema.maxLength ?? Infinity) && (!schema.pattern || new RegExp(schema.pattern, 'u').test(s));
  return [...STRING_SAMPLES, 'x'.repeat(schema.minLength ?? 1)].find(fits) ?? 'x'.repeat(schema.minLength ?? 1);
}

function stringLeaves(value: unknown, path: (string | number)[] = []): { path: (string | number)[]; value: string }[] {
  if (typeof value === 'string') return [{ path, value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringLeaves(v, [...path, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => stringLeaves(v, [...path, k]));
  return [];
}

function withLeaf(value: unknown, path: (string | number)[], leaf: string): unknown {
  if (!path.length) return leaf;
  const copy: any = Array.isArray(value) ? [...value] : { ...(value as object) };
  copy[path[0]!] = withLeaf(copy[path[0]!], path.slice(1), leaf);
  return copy;
}

function samePath(a: unknown[], b: unknown[]): boolean {
  return a.length === b.length && a.every((x, i) => String(x) === String(b[i]));
}

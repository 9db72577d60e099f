import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app';
import { CompressedFiles, negotiateEncoding } from '../http/compressed-files';
import { bundledElementsDir } from './elements';

// A build as rollup writes it: entry files with stable names, chunks named by content hash.
const dir = mkdtempSync(join(tmpdir(), 'arrivo-elements-'));
const ENTRY = 'arrivo-booking-form.js';
const CHUNK = 'chunks/events-BdNh7G9v.js';
mkdirSync(join(dir, 'chunks'));
const js = (name: string, lines: number) =>
  `import{a as b}from"./chunks/events-BdNh7G9v.js";\n` +
  Array.from({ length: lines }, (_, i) => `customElements.get("${name}-${i}")||customElements.define("${name}-${i}",class extends HTMLElement{n=${i}});`).join('\n');
writeFileSync(join(dir, ENTRY), js('arrivo-booking-form', 400));
writeFileSync(join(dir, CHUNK), js('arrivo-chunk', 300));
writeFileSync(join(dir, `${ENTRY}.map`), JSON.stringify({ version: 3, sources: ['x.ts'], mappings: '' }));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const OTHER_SITE = 'https://www.rosecityplumbing.example';

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** GET without any decoding (fetch would decompress and normalise `..` away). */
function get(url: string, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

function expectPublicScript(res: RawResponse) {
  expect(res.headers['access-control-allow-origin']).toBe('*');
  expect(res.headers['access-control-allow-credentials']).toBeUndefined();
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers.vary).toMatch(/accept-encoding/i);
  expect(res.headers.etag).toMatch(/^"[\w-]+"$/);
}

describe('the built elements at /elements/*', () => {
  const web = useTestApp({ env: { ARRIVO_ELEMENTS_DIR: dir } });
  const file = (path: string) => readFileSync(join(dir, path));

  it('serves an entry to another site brotli-compressed, revalidated by ETag', async () => {
    const res = await get(web.url, `/elements/${ENTRY}`, { Origin: OTHER_SITE, 'Accept-Encoding': 'gzip, deflate, br, zstd' });
    expect(res.status).toBe(200);
    expectPublicScript(res);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['cache-control']).toBe('public, no-cache');
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    expect(res.body.length).toBeLessThan(file(ENTRY).length / 4);
    expect(brotliDecompressSync(res.body).equals(file(ENTRY))).toBe(true);

    // The browser's next visit: 304 without a body, still usable cross-origin.
    const again = await get(web.url, `/elements/${ENTRY}`, { Origin: OTHER_SITE, 'Accept-Encoding': 'br', 'If-None-Match': res.headers.etag! });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expectPublicScript(again);
    expect(again.headers.etag).toBe(res.headers.etag);
    expect(again.headers['cache-control']).toBe('public, no-cache');

    // The same file cached as gzip is still the same file; another file's tag is not.
    const gz = await get(web.url, `/elements/${ENTRY}`, { 'Accept-Encoding': 'gzip' });
    expect(gz.headers.etag).not.toBe(res.headers.etag);
    expect((await get(web.url, `/elements/${ENTRY}`, { 'Accept-Encoding': 'br', 'If-None-Match': gz.headers.etag! })).status).toBe(304);
    const chunk = await get(web.url, `/elements/${CHUNK}`);
    expect((await get(web.url, `/elements/${ENTRY}`, { 'If-None-Match': chunk.headers.etag! })).status).toBe(200);
  });

  it('serves a hashed chunk gzip-compressed and immutable for a year', async () => {
    const res = await get(web.url, `/elements/${CHUNK}`, { Origin: OTHER_SITE, 'Accept-Encoding': 'gzip' });
    expect(res.status).toBe(200);
    expectPublicScript(res);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.body.length).toBeLessThan(file(CHUNK).length / 4);
    expect(gunzipSync(res.body).equals(file(CHUNK))).toBe(true);
  });

  it('honours Accept-Encoding: q=0 refuses an encoding, none means the file as it is', async () => {
    const noBrotli = await get(web.url, `/elements/${ENTRY}`, { 'Accept-Encoding': 'br;q=0, gzip;q=0.5' });
    expect(noBrotli.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(noBrotli.body).equals(file(ENTRY))).toBe(true);

    for (const headers of [{}, { 'Accept-Encoding': 'identity' }, { 'Accept-Encoding': '*;q=0' }] as Record<string, string>[]) {
      const plain = await get(web.url, `/elements/${ENTRY}`, headers);
      expect(plain.status).toBe(200);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers.vary).toMatch(/accept-encoding/i);
      expect(plain.body.equals(file(ENTRY))).toBe(true);
    }

    const head = await get(web.url, `/elements/${CHUNK}`, { 'Accept-Encoding': 'br' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-encoding']).toBe('br');
    expect(head.body.length).toBe(0);

    const map = await get(web.url, `/elements/${ENTRY}.map`);
    expect(map.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(map.headers['cache-control']).toBe('public, no-cache');
  });

  it('reads each file once: a file changed on disk under a running server is not seen until a restart', async () => {
    const before = await get(web.url, `/elements/${ENTRY}`, { 'Accept-Encoding': 'br' });
    const original = file(ENTRY);
    writeFileSync(join(dir, ENTRY), js('arrivo-booking-form-v2', 401));
    try {
      // Served from memory, without looking at the disk (no stat per request).
      const same = await get(web.url, `/elements/${ENTRY}`, { 'Accept-Encoding': 'br' });
      expect(same.headers.etag).toBe(before.headers.etag);
      expect(brotliDecompressSync(same.body).equals(original)).toBe(true);
      // A restarted server (a new file set) serves the new build.
      const fresh = await new CompressedFiles(dir).get(ENTRY);
      expect(fresh?.identity.equals(file(ENTRY))).toBe(true);
      expect(fresh?.hash).not.toBe(before.headers.etag!.replace(/"|-br/g, ''));
    } finally {
      writeFileSync(join(dir, ENTRY), original);
    }
  });

  it('does not remember a miss: a file that appears later is served', async () => {
    expect((await get(web.url, '/elements/arrivo-late.js')).status).toBe(404);
    writeFileSync(join(dir, 'arrivo-late.js'), js('arrivo-late', 10));
    expect((await get(web.url, '/elements/arrivo-late.js')).status).toBe(200);
  });

  it('serves nothing but the build: no other files, no way out of the folder', async () => {
    writeFileSync(join(dir, '.secret.js'), 'secret');
    writeFileSync(join(dir, 'notes.txt'), 'notes');
    for (const path of ['/elements/nope.js', '/elements/.secret.js', '/elements/notes.txt', '/elements/../package.json', '/elements/%2e%2e/elements/x.js', '/elements/chunks/..%2f..%2fpackage.json', '/elements/%2e%2e%2fpackage.json', '/elements/', '/elements/chunks']) {
      const res = await get(web.url, path);
      expect(res.status, path).toBe(404);
      // (`..` is resolved by the URL parser before routing, so those never reach /elements.)
      if (!path.includes('..')) expect(JSON.parse(res.body.toString()), path).toMatchObject({ code: 'route_not_found' });
    }
  });
});

describe('negotiateEncoding', () => {
  it.each([
    ['gzip, deflate, br', 'br'],
    ['br;q=0.5, gzip', 'gzip'],
    ['br;q=0, gzip;q=0', undefined],
    ['*', 'br'],
    ['*;q=0.1, br;q=0', 'gzip'],
    ['x-gzip', 'gzip'],
    ['identity', undefined],
    ['', undefined],
    ['GZIP;Q=1', 'gzip'],
  ])('%j → %s', (header, expected) => {
    expect(negotiateEncoding(header)).toBe(expected);
  });
});

describe('bundledElementsDir', () => {
  it('is the installed @arrivo/elements package’s script-tag build', () => {
    expect(bundledElementsDir()).toMatch(/[/\\]packages[/\\]elements[/\\]cdn$/);
  });
});

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Hono } from 'hono';
import { AppError } from '@arrivo/core';
import type { AppEnv } from '../http/app-env';
import { CompressedFiles, etag, matchesIfNoneMatch, negotiateEncoding } from '../http/compressed-files';
import type { Logger } from '../log';

// Only what the build writes: `name.js`, `name.js.map`, `chunks/name-hash.js(.map)`. Every path
// segment starts with a word character, so `..` and dot-files can never match.
const FILE = /^(?:chunks\/)?[\w-][\w.-]*\.js(?:\.map)?$/;
// Rollup names chunks after their content hash: a chunk's URL never changes meaning.
const HASHED = /^chunks\/.+\.js$/;

const HEADERS = {
  // Module scripts are fetched with CORS, so another site's page needs this to run them. `*` is
  // right for public files fetched without credentials: the answer is the same for everyone and
  // no cookie is involved (a page asking with `crossorigin="use-credentials"` is refused, as it
  // should be — nothing here needs credentials).
  'Access-Control-Allow-Origin': '*',
  // Pages isolated with Cross-Origin-Embedder-Policy may load them too.
  'Cross-Origin-Resource-Policy': 'cross-origin',
  'X-Content-Type-Options': 'nosniff',
  Vary: 'Accept-Encoding',
};

/** Where the installed @arrivo/elements keeps its script-tag build (`cdn/`), if it is installed. */
export function bundledElementsDir(): string | undefined {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('@arrivo/elements/package.json')), 'cdn');
  } catch {
    return undefined;
  }
}

/**
 * The built elements at `/elements/*`, for `<script type="module" src>` on any site: brotli or
 * gzip as the browser accepts, hashed chunks cached for a year, entry files (stable names that
 * point at the current chunks) revalidated on every use with their ETag.
 */
export function elementsRoutes(dir: string, log: Logger): Hono<AppEnv> {
  if (!existsSync(dir)) log.warn({ dir }, 'the elements are not built (npm run build): /elements/* answers 404');
  const files = new CompressedFiles(dir);
  return new Hono<AppEnv>().get('/elements/*', async (c) => {
    const path = c.req.path.slice('/elements/'.length);
    const file = FILE.test(path) ? await files.get(path) : undefined;
    if (!file) throw new AppError('route_not_found', 'There is no such file under /elements.');

    const encoding = negotiateEncoding(c.req.header('Accept-Encoding'));
    const headers = new Headers({
      ...HEADERS,
      'Cache-Control': HASHED.test(path) ? 'public, max-age=31536000, immutable' : 'public, no-cache',
      ETag: etag(file, encoding),
    });
    if (matchesIfNoneMatch(c.req.header('If-None-Match'), file)) return new Response(null, { status: 304, headers });

    const body = encoding ? file[encoding] : file.identity;
    headers.set('Content-Type', path.endsWith('.map') ? 'application/json; charset=utf-8' : 'text/javascript; charset=utf-8');
    headers.set('Content-Length', String(body.length));
    if (encoding) headers.set('Content-Encoding', encoding);
    return new Response(body, { status: 200, headers });
  });
}

import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

export type Encoding = 'br' | 'gzip';

export interface CompressedFile {
  /** The file as it is on disk, and compressed at the highest level (once, off the event loop). */
  identity: Buffer;
  br: Buffer;
  gzip: Buffer;
  /** A hash of the file's bytes: the same for every encoding, made distinct by `etag()`. */
  hash: string;
}

/**
 * Files under `root`, each read and compressed once and kept in memory, for a small fixed set of
 * static files (the built elements).
 *
 * Invalidation: none while the process runs. The build is installed with the server and does not
 * change under it (`npm start` builds first, a deployment replaces the folder and restarts), so a
 * file found once is served from memory without touching the disk again — not even a `stat` per
 * request. Replacing the build in place on a running server is not seen: restart it. Only files
 * are kept; a path with no file (or a failed read) is looked up again next time, so unknown paths
 * cannot grow memory, and chunks of a build added beside the running one are still found.
 */
export class CompressedFiles {
  readonly #cache = new Map<string, Promise<CompressedFile | undefined>>();

  constructor(private readonly root: string) {}

  /** `path` must already be a safe relative path (no `..`); undefined when there is no such file. */
  get(path: string): Promise<CompressedFile | undefined> {
    const kept = this.#cache.get(path);
    if (kept) return kept;
    const file = load(join(this.root, path));
    this.#cache.set(path, file);
    const forget = () => void this.#cache.delete(path);
    file.then((found) => found ?? forget(), forget);
    return file;
  }
}

async function load(full: string): Promise<CompressedFile | undefined> {
  const info = await stat(full).catch(() => undefined);
  if (!info?.isFile()) return undefined;
  const identity = await readFile(full);
  const [br, gz] = await Promise.all([
    brotli(identity, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: identity.length,
      },
    }),
    gzipAsync(identity, { level: 9 }),
  ]);
  const hash = createHash('sha256').update(identity).digest('base64url').slice(0, 22);
  return { identity, br, gzip: gz, hash };
}

/** The strong ETag of one representation: each encoding is a different sequence of bytes. */
export function etag(file: CompressedFile, encoding: Encoding | undefined): string {
  return `"${file.hash}${encoding ? `-${encoding}` : ''}"`;
}

/**
 * Does `If-None-Match` name this file in any encoding? (A cache that stored the gzip variant and
 * now asks with brotli still holds the same file, so a 304 is right; weak comparison, RFC 9110.)
 */
export function matchesIfNoneMatch(header: string | undefined, file: CompressedFile): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const value = tag.trim().replace(/^W\//, '');
    return value === '*' || value.replace(/^"|"$/g, '').replace(/-(?:br|gzip)$/, '') === file.hash;
  });
}

/** The best encoding `Accept-Encoding` allows: brotli, then gzip, honouring `q=0` and `*`. */
export function negotiateEncoding(header: string | undefined): Encoding | undefined {
  if (!header) return undefined;
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    if (name) weights.set(name, q === undefined ? 1 : Number(q) || 0);
  }
  const weight = (name: Encoding) => weights.get(name) ?? (name === 'gzip' ? weights.get('x-gzip') : undefined) ?? weights.get('*') ?? 0;
  const best = (['br', 'gzip'] as const).filter((e) => weight(e) > 0).sort((a, b) => weight(b) - weight(a))[0];
  return best;
}

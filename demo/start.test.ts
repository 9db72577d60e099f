// What `npm start` tells the person who started it: where the data is, and a clear sentence
// (not a stack trace) when something stands in the way.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, loadEnv, openDatabase } from '@arrivo/server';
import { freePort, useTakenPort } from '../packages/server/test/free-port';
import { databaseLine } from './banner';

const ROOT = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

describe('the start banner', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'arrivo-banner-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('names the data folder that ARRIVO_DATA_DIR chose', async () => {
    const env = { ...loadEnv({ LOG_LEVEL: 'silent' }), DATABASE_URL: undefined, ARRIVO_DATA_DIR: join(dir, 'elsewhere', 'pg'), ARRIVO_PG_PORT: await freePort() };
    const db = await openDatabase(env, createLogger('silent'));
    try {
      const line = databaseLine(db, ROOT);
      expect(line).not.toContain('.data/postgres');
      // Where the data really is: the folder asked for, or (as root, when postgres cannot enter it) where it went.
      expect(line).toContain(db.embedded!.dataDir);
      if (db.embedded!.relocatedFrom) expect(line).toContain(join(dir, 'elsewhere', 'pg'));
      else expect(db.embedded!.dataDir).toBe(join(dir, 'elsewhere', 'pg'));
    } finally {
      await db.close();
      await rm(db.embedded!.dataDir, { recursive: true, force: true }); // may be under /var/lib/arrivo
    }
  });

  it('says where relocated data went and why', () => {
    const line = databaseLine({ embedded: { port: 54329, dataDir: '/var/lib/arrivo/postgres-abc', relocatedFrom: '/root/arrivo/.data/postgres' } }, '/root/arrivo');
    expect(line).toContain('data in /var/lib/arrivo/postgres-abc');
    expect(line).toMatch(/not in \.data\/postgres: as root, PostgreSQL runs as the postgres user/);
    expect(databaseLine({ embedded: { port: 5, dataDir: '/root/arrivo/.data/postgres' } }, '/root/arrivo')).toBe(
      'embedded PostgreSQL on port 5, data in .data/postgres',
    );
  });
});

describe('npm start when the PostgreSQL port is taken', () => {
  const taken = useTakenPort();

  it('prints one clear message and no stack trace', async () => {
    const port = taken.port;
    const env: NodeJS.ProcessEnv = { ...process.env, ARRIVO_PG_PORT: String(port), PORT: '0', LOG_LEVEL: 'silent' };
    delete env.DATABASE_URL; // the embedded PostgreSQL is what must fail to start
    const result = await new Promise<{ code: number | null; stderr: string }>((done) =>
      execFile(process.execPath, ['--import', require.resolve('tsx'), join(ROOT, 'demo', 'start.ts')], { cwd: ROOT, env }, (err, _stdout, stderr) =>
        done({ code: err ? (err.code as number) : 0, stderr }),
      ),
    );
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      `Port ${port} is already in use, so the embedded PostgreSQL cannot start. ` +
        'Stop whatever listens there (an earlier Arrivo?), set ARRIVO_PG_PORT to a free port, or set DATABASE_URL to use an existing PostgreSQL.',
    );
  });
});

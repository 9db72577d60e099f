// PostgreSQL dies under load and comes back: the server keeps running, answers 503 quickly while
// it is away, recovers by itself, never doubles a booking, and Ctrl-C still stops PostgreSQL.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayFromNow, makeSchedulingWorld, PASSWORD } from '../test/fixtures';
import { freePort } from '../test/free-port';
import { call, signInToken, silentLog } from '../test/http';
import { buildDeps } from './build-deps';
import { connect } from './db/client';
import { postmasterPid, startEmbeddedPostgres, type RunningPostgres } from './db/embedded';
import { loadEnv } from './env';

const require = createRequire(import.meta.url);

interface Sample {
  kind: 'slots' | 'book' | 'health';
  started: number;
  ended: number;
  status: number;
  code?: string;
}

const portIsFree = (port: number) =>
  new Promise<boolean>((done) => {
    const probe = createServer();
    probe.once('error', () => done(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => done(true)));
  });

describe('a PostgreSQL outage under load', () => {
  let dir: string;
  let pgPort: number;
  let child: ChildProcess;
  let exited: Promise<number | null>;
  let output = '';
  let ready: { url: string; databaseUrl: string; dataDir: string };
  let restarted: RunningPostgres | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'arrivo-outage-'));
    pgPort = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, ARRIVO_DATA_DIR: join(dir, 'pg'), ARRIVO_PG_PORT: String(pgPort), LOG_LEVEL: 'warn' };
    delete env.DATABASE_URL; // its own embedded PostgreSQL, which this test kills
    child = spawn(process.execPath, ['--import', require.resolve('tsx'), resolve(import.meta.dirname, '../test/run-server.ts')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    exited = new Promise((done) => child.once('exit', (code) => done(code)));
    child.stderr!.on('data', (chunk) => (output += chunk));
    ready = await new Promise((done, fail) => {
      createInterface({ input: child.stdout! }).on('line', (line) => {
        output += `${line}\n`;
        if (line.startsWith('{"ready"')) done(JSON.parse(line).ready);
      });
      void exited.then((code) => fail(new Error(`the server did not start (exit ${code}):\n${output}`)));
    });
  }, 120_000);

  afterAll(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await restarted?.stop();
    // As root the data may have gone under /var/lib/arrivo (the temp folder is private).
    if (ready?.dataDir) await rm(ready.dataDir, { recursive: true, force: true });
    await rm(dir, { recursive: true, force: true });
  });

  it('answers 503 within 1 s, recovers within 2 s of its return, never doubles a booking, and still stops on Ctrl-C', async () => {
    // A business with three technicians and a signed-in customer.
    const sql = connect(ready.databaseUrl, { max: 2 });
    const deps = buildDeps({ sql, databaseUrl: ready.databaseUrl, env: loadEnv({ LOG_LEVEL: 'silent' }), log: silentLog, publicUrl: ready.url });
    const w = await makeSchedulingWorld(deps, {
      technicians: [
        { name: 'Maya', lat: 45.52, lon: -122.65 },
        { name: 'Ravi', lat: 45.5, lon: -122.6 },
        { name: 'Lena', lat: 45.53, lon: -122.7 },
      ],
    });
    await deps.close();
    await sql.end();
    const token = await signInToken(ready.url, w.business.slug, w.customer.email, PASSWORD);
    const me = `/api/businesses/${w.business.slug}/me`;

    const samples: Sample[] = [];
    const finalIds = new Map<string, string | null>(); // idempotency key → booking id (null: not booked)
    const timed = async (kind: Sample['kind'], run: () => ReturnType<typeof call>) => {
      const started = performance.now();
      let res;
      try {
        res = await run();
      } catch {
        res = { status: 0, body: undefined, headers: new Headers() }; // the connection itself failed
      }
      samples.push({ kind, started, ended: performance.now(), status: res.status, code: res.body?.code });
      return res;
    };

    // Customers looking for times and booking, each booking retried with its key until it has an answer.
    let loading = true;
    const customer = async (n: number) => {
      for (let i = 0; loading; i++) {
        const date = dayFromNow(2 + ((n * 7 + i) % 12));
        const slots = await timed('slots', () => call(ready.url, 'GET', `${me}/slots?serviceTypeId=${w.serviceTypeId}&date=${date}`, { token }));
        if (slots.status !== 200 || !slots.body.slots.length) {
          await new Promise((r) => setTimeout(r, 50)); // as a client honouring Retry-After would
          continue;
        }
        const slot = slots.body.slots[(n + i) % slots.body.slots.length];
        const key = randomUUID();
        for (;;) {
          const res = await timed('book', () =>
            call(ready.url, 'POST', `${me}/bookings`, { token, body: { serviceTypeId: w.serviceTypeId, arrivalAt: slot.arrivalAt }, headers: { 'idempotency-key': key } }),
          );
          if (res.status === 200 || res.status === 201) {
            finalIds.set(key, res.body.id);
            break;
          }
          if (res.status === 409) {
            finalIds.set(key, null);
            break;
          }
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    };
    const successes = () => samples.filter((s) => s.kind === 'book' && s.status === 201).length;
    const until = async (what: () => boolean, ms: number) => {
      const deadline = performance.now() + ms;
      while (!what()) {
        if (performance.now() > deadline) throw new Error('timed out');
        await new Promise((r) => setTimeout(r, 20));
      }
    };

    const load = Promise.all([0, 1, 2, 3, 4, 5].map(customer));
    await until(() => successes() >= 5, 30_000);

    // Kill PostgreSQL mid-load, as a crash or an OOM kill would.
    const killedAt = performance.now();
    process.kill(postmasterPid(ready.dataDir)!, 'SIGKILL');
    await until(() => samples.filter((s) => s.started > killedAt + 1200).length >= 20, 10_000);
    const health = await timed('health', () => call(ready.url, 'GET', '/api/health'));
    // The server's own output says why, should it have stopped answering.
    expect(health, `the server's output:\n${output}`).toMatchObject({ status: 503, body: { status: 'degraded', database: { ok: false } } });
    expect(child.exitCode).toBeNull();

    // PostgreSQL comes back on the same data folder and port (its orphaned backends may need a moment to go).
    const restartFrom = performance.now();
    for (;;) {
      try {
        restarted = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), port: pgPort });
        break;
      } catch (err) {
        if (performance.now() - restartFrom > 20_000) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const backAt = performance.now();
    await until(() => samples.filter((s) => s.started > backAt + 2000).length >= 30, 20_000);
    loading = false;
    await load;

    const during = samples.filter((s) => s.started >= killedAt && s.ended < restartFrom);
    const after = samples.filter((s) => s.started >= backAt + 2000);
    expect(during.length).toBeGreaterThan(20);
    // While it is away: every answer is 503 database_unavailable, within a second.
    // Never a 500 (better-auth's FAILED_TO_GET_SESSION included) nor a dropped connection, even for requests in flight.
    expect(samples.filter((s) => s.status === 500 || s.status === 0)).toEqual([]);
    const refused = (s: Sample) => s.status === 503 && (s.kind === 'health' || s.code === 'database_unavailable');
    expect(during.filter((s) => !refused(s) || s.ended - s.started >= 1000)).toEqual([]);
    // Two seconds after it is back, everything succeeds again, without a restart of the server.
    expect(after.filter((s) => !(s.status === 200 || s.status === 201 || (s.kind === 'book' && s.status === 409)))).toEqual([]);
    expect(await call(ready.url, 'GET', '/api/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(child.exitCode).toBeNull();
    expect(output).not.toMatch(/Cannot read properties of null|uncaught/i);

    // All or nothing, and never twice: the bookings are exactly those the answers named.
    const check = connect(ready.databaseUrl, { max: 1 });
    try {
      const rows = await check<{ id: string }[]>`SELECT id FROM booking WHERE business_id = ${w.business.id}`;
      const answered = [...finalIds.values()].filter((id): id is string => id !== null);
      expect(new Set(answered).size).toBe(answered.length);
      expect(rows.map((r) => r.id).sort()).toEqual([...answered].sort());
      const [orphans] = await check`SELECT count(*)::int AS n FROM work_order w WHERE business_id = ${w.business.id} AND NOT EXISTS (SELECT 1 FROM booking b WHERE b.work_order_id = w.id)`;
      expect(orphans!.n).toBe(0);
    } finally {
      await check.end();
    }

    // Ctrl-C stops the PostgreSQL running on its data folder now, though it is not the one it started.
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(postmasterPid(ready.dataDir)).toBeUndefined();
    expect(await portIsFree(pgPort)).toBe(true);
  }, 120_000);
});

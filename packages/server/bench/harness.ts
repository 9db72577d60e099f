// A real server on a throw-away embedded PostgreSQL, for the HTTP benchmarks (never DATABASE_URL:
// benchmarks write a lot of synthetic data).
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEnv, startServer, type AppDeps, type PluginEntry, type RunningServer } from '../src/index';
import { freePort } from '../test/free-port';

export async function benchServer(options: { plugins?: readonly PluginEntry[] } = {}): Promise<{ server: RunningServer; deps: AppDeps; stop(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'arrivo-bench-'));
  await chmod(dir, 0o755);
  let deps: AppDeps | undefined;
  const env = { ...loadEnv({ LOG_LEVEL: 'silent' }), DATABASE_URL: undefined, PORT: 0, ARRIVO_DATA_DIR: join(dir, 'pg'), ARRIVO_PG_PORT: await freePort() };
  const server = await startServer({ env, plugins: options.plugins, configure: (_app, d) => void (deps = d) });
  return {
    server,
    deps: deps!,
    async stop() {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

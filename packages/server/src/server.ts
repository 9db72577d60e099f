import { serve, type Http2Bindings, type HttpBindings } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type App } from './app';
import { buildDeps } from './build-deps';
import type { AppDeps } from './deps';
import { openDatabase, type Database } from './db/database';
import { migrate, MigrationError } from './db/migrate';
import { loadPlugins, type PluginEntry } from './plugins/registry';
import { loadEnv, type Env } from './env';
import { startEventWorker, type EventWorker } from './events/dispatcher';
import { defaultSubscribers } from './events/subscribers';
import { createLogger, type Logger } from './log';
import { syncEnabledPluginServiceTypes } from './services/plugins';
import { StartError } from './start-error';

export interface RunningServer {
  url: string;
  port: number;
  db: Database;
  log: Logger;
  close(): Promise<void>;
}

export interface StartOptions {
  env?: Env;
  log?: Logger;
  /**
   * The plugins to run, each alone or as `[plugin, options]` (what `arrivo.config.ts` exports;
   * see `loadArrivoConfig`). Checked before anything starts: a bad one stops the start.
   */
  plugins?: readonly PluginEntry[];
  /** Add routes after the API (e.g. a static site) and run first-start work such as seeding. */
  configure?: (app: App, deps: AppDeps, db: Database) => unknown;
}

/**
 * Open the database (embedded unless DATABASE_URL), migrate it, start the job queue (and its
 * worker unless JOBS_WORKER=false), and serve the API. Closing stops HTTP, then drains the
 * worker, then closes the pools (the worker's own, then the requests').
 */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const env = options.env ?? loadEnv();
  const log = options.log ?? createLogger(env.LOG_LEVEL);
  const plugins = loadPlugins(options.plugins, { log, timeoutMs: env.PLUGIN_TIMEOUT_MS });
  const db = await openDatabase(env, log);
  let server: Server | undefined;
  let deps: ReturnType<typeof buildDeps> | undefined;
  let worker: EventWorker | undefined;
  const close = async () => {
    if (server) {
      // Open live streams end first (they would hold their connections forever); a connection
      // whose answer has just finished goes as soon as it is idle, a request in flight may finish.
      deps?.liveStreams.close();
      const closed = new Promise<void>((done) => server!.close(() => done()));
      const sweep = setInterval(() => server!.closeIdleConnections(), 50);
      server.closeIdleConnections();
      await closed.finally(() => clearInterval(sweep));
    }
    await deps?.close(); // drains the queue's jobs in progress, which use the worker's pool
    await worker?.close();
    await db.close();
  };
  try {
    const { applied } = await migrate(db.sql, { list: plugins.migrations }).catch(namePluginAtFault);
    if (applied.length) log.info({ applied }, 'migrations applied');
    // Listen first: with PORT=0 the public URL (links in emails, OIDC callbacks) needs the real port.
    let handle: FetchHandler = () => new Response('Starting', { status: 503 });
    // Pass Node's bindings through: getConnInfo reads the client's socket from them (rate limits).
    server = await listen((request, bindings) => handle(request, bindings), env);
    const port = (server.address() as AddressInfo).port;
    const url = `http://${env.HOST === '0.0.0.0' ? 'localhost' : env.HOST}:${port}`;
    deps = buildDeps({ sql: db.sql, databaseUrl: db.url, env, log, publicUrl: env.PUBLIC_URL ?? url, plugins });
    // Plugins' service types as the installed versions declare them, before the first request.
    await syncEnabledPluginServiceTypes(deps);
    await deps.queue.start();
    await deps.live.ready?.();
    if (env.JOBS_WORKER) worker = await startEventWorker(deps.queue, { databaseUrl: db.url, log }, defaultSubscribers(deps));
    const app = createApp(deps);
    await options.configure?.(app, deps, db);
    handle = app.fetch;
    let closing: Promise<void> | undefined;
    return { url, port, db, log, close: () => (closing ??= close()) };
  } catch (err) {
    await close();
    throw err;
  }
}

/** A plugin's migration that fails stops the start with a message naming the plugin. */
function namePluginAtFault(err: unknown): never {
  const id = err instanceof MigrationError ? /^plugin:([^/]+)\/(.+)$/.exec(err.migrationId ?? '') : null;
  if (id) throw new StartError(`Plugin "${id[1]}" cannot be loaded: its migration "${id[2]}" failed: ${(err as MigrationError).message.replace(/^Migration \S+ failed: /, '')}`);
  throw err;
}

type FetchHandler = (request: Request, bindings: HttpBindings | Http2Bindings) => Response | Promise<Response>;

function listen(fetch: FetchHandler, env: Env): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port: env.PORT, hostname: env.HOST }, () => resolve(server)) as Server;
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new StartError(`Port ${env.PORT} is already in use. Set PORT to a free port.`) : err),
    );
  });
}

/** Stop cleanly on Ctrl-C or a service manager's SIGTERM: HTTP first, then the pools, then PostgreSQL. */
export function stopOnSignals(server: RunningServer): void {
  const stop = (signal: string) => {
    server.log.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (err) => {
        server.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

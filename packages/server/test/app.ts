import { afterAll } from 'vitest';
import { createApp, type App } from '../src/app';
import { buildDeps, type BuiltDeps } from '../src/build-deps';
import { loadEnv } from '../src/env';
import { startEventWorker, type EventSubscriber, type EventWorker } from '../src/events/dispatcher';
import { defaultSubscribers } from '../src/events/subscribers';
import type { Logger } from '../src/log';
import { migrate } from '../src/db/migrate';
import { loadPlugins, type PluginEntry } from '../src/plugins/registry';
import { useTestDatabase } from './database';
import { silentLog, useHttp } from './http';
import { useSmtpSink } from './smtp-sink';

/**
 * The real app with real dependencies for one test file: its own database, real HTTP, a real
 * job queue and worker (pg-boss on that database), emails to a real SMTP sink. `env` adds settings (e.g. OIDC_*); `configure` adds test-only routes.
 */
export function useTestApp(
  options: {
    /** Extra settings; a function gets the app's own URL first (e.g. to register an OIDC client). */
    env?: Record<string, string> | ((url: string) => Promise<Record<string, string>>);
    configure?: (app: App, deps: BuiltDeps) => unknown;
    log?: Logger;
    /** Subscribers the worker runs besides the product's own (which send the emails). */
    subscribers?: (deps: BuiltDeps) => EventSubscriber[];
    /** Plugins installed as startServer installs them (checked, their migrations run). */
    plugins?: readonly PluginEntry[];
    /** The job queue's retry policy, e.g. fewer retries to reach a dead message quickly. */
    queue?: { retryLimit?: number; retryDelaySeconds?: number };
  } = {},
) {
  const db = useTestDatabase();
  const mail = useSmtpSink();
  let deps: BuiltDeps | undefined;
  let worker: EventWorker | undefined;
  const http = useHttp(async (url) => {
    const extra = typeof options.env === 'function' ? await options.env(url) : options.env;
    const env = loadEnv({ LOG_LEVEL: 'silent', SMTP_URL: mail.url, ...extra });
    const log = options.log ?? silentLog;
    // Short poll and retry delays: tests wait for effects by polling, never by long sleeps.
    const plugins = loadPlugins(options.plugins, { log, timeoutMs: env.PLUGIN_TIMEOUT_MS });
    await migrate(db.sql, { list: plugins.migrations });
    deps = buildDeps({ sql: db.sql, databaseUrl: db.url, env, log, publicUrl: url, plugins, queueOptions: { pollSeconds: 0.5, retryDelaySeconds: 1, ...options.queue } });
    await deps.queue.start();
    worker = await startEventWorker(deps.queue, { databaseUrl: db.url, log }, [...defaultSubscribers(deps), ...(options.subscribers?.(deps) ?? [])]);
    const app = createApp(deps);
    await options.configure?.(app, deps);
    return app;
  });
  afterAll(async () => {
    await deps?.close();
    await worker?.close();
  });
  return {
    get url() {
      return http.url;
    },
    get sql() {
      return db.sql;
    },
    /** For a second server on the same database. */
    databaseUrl: db.url,
    get deps() {
      if (!deps) throw new Error('useTestApp: ready only inside tests and hooks');
      return deps;
    },
    mail,
  };
}

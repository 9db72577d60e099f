// `npm run worker`: the job worker on its own, for deployments that run the API servers with
// JOBS_WORKER=false. Dispatches domain events to subscribers (emails, …) until SIGINT/SIGTERM.
import { buildDeps } from '../build-deps';
import { openDatabase } from '../db/database';
import { migrate } from '../db/migrate';
import { EnvError, loadEnv } from '../env';
import { startEventWorker } from '../events/dispatcher';
import { defaultSubscribers } from '../events/subscribers';
import { createLogger } from '../log';
import { loadArrivoConfig } from '../plugins/config';
import { loadPlugins } from '../plugins/registry';
import { StartError } from '../start-error';

try {
  const env = { ...loadEnv(), JOBS_WORKER: true };
  if (!env.DATABASE_URL) {
    throw new EnvError('npm run worker needs DATABASE_URL (the servers’ database). With the embedded PostgreSQL, npm start runs the worker itself.');
  }
  const log = createLogger(env.LOG_LEVEL);
  // The same plugin list as the servers: their after-hooks run here.
  const plugins = loadPlugins((await loadArrivoConfig(env.ARRIVO_CONFIG)).plugins, { log, timeoutMs: env.PLUGIN_TIMEOUT_MS });
  const db = await openDatabase(env, log);
  await migrate(db.sql, { list: plugins.migrations });
  const publicUrl = env.PUBLIC_URL ?? `http://${env.HOST}:${env.PORT}`;
  const deps = buildDeps({ sql: db.sql, databaseUrl: db.url, env, log, publicUrl, plugins });
  await deps.queue.start();
  const worker = await startEventWorker(deps.queue, { databaseUrl: db.url, log }, defaultSubscribers(deps));
  log.info('job worker started');
  const stop = (signal: string) => {
    log.info({ signal }, 'job worker stopping (finishing jobs in progress)');
    deps
      .close()
      .then(() => worker.close())
      .then(() => db.close())
      .then(
        () => process.exit(0),
        (err: unknown) => {
          log.error({ err }, 'job worker shutdown failed');
          process.exit(1);
        },
      );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (err) {
  console.error(err instanceof EnvError || err instanceof StartError ? err.message : err);
  process.exit(1);
}

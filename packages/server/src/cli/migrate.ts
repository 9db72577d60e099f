// `npm run migrate`: apply pending migrations to DATABASE_URL, or to the embedded PostgreSQL.
import { loadEnv } from '../env';
import { createLogger } from '../log';
import { openDatabase } from '../db/database';
import { migrate } from '../db/migrate';
import { loadArrivoConfig } from '../plugins/config';
import { loadPlugins } from '../plugins/registry';
import { StartError } from '../start-error';

const env = loadEnv();
const log = createLogger(env.LOG_LEVEL);
// The installed plugins' migrations run too (arrivo.config.ts, or ARRIVO_CONFIG).
const plugins = await loadArrivoConfig(env.ARRIVO_CONFIG)
  .then((config) => loadPlugins(config.plugins, { log }))
  .catch((err: unknown) => {
    console.error(err instanceof StartError ? err.message : err);
    process.exit(1);
  });
const db = await openDatabase(env, log);
try {
  const { applied } = await migrate(db.sql, { list: plugins.migrations });
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
} finally {
  await db.close();
}

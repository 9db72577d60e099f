// `npm run migrate`: apply pending migrations to DATABASE_URL, or to the embedded PostgreSQL.
import { loadEnv } from '../env';
import { createLogger } from '../log';
import { openDatabase } from '../db/database';
import { migrate } from '../db/migrate';

const env = loadEnv();
const log = createLogger(env.LOG_LEVEL);
const db = await openDatabase(env, log);
try {
  const { applied } = await migrate(db.sql);
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
} finally {
  await db.close();
}

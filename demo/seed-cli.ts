// `npm run seed`: migrate and create the demo business unless it exists.
import { buildDeps, createLogger, loadEnv, migrate, openDatabase } from '@arrivo/server';
import { DEMO_SLUG, isSeeded, seedDemo } from './seed';

const env = loadEnv();
const log = createLogger(env.LOG_LEVEL);
const db = await openDatabase(env, log);
const deps = buildDeps({ sql: db.sql, databaseUrl: db.url, env, log, publicUrl: env.PUBLIC_URL ?? `http://localhost:${env.PORT}` });
try {
  await migrate(db.sql);
  // The invitation emails are queued here and sent by the server's (or `npm run worker`'s) worker.
  await deps.queue.start();
  if (await isSeeded(db.sql)) {
    console.log(`The demo business "${DEMO_SLUG}" already exists; nothing to do.`);
  } else {
    console.log('Seeded:', await seedDemo(deps));
  }
} finally {
  await deps.close();
  await db.close();
}

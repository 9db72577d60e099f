// `npm run seed`: migrate and create the demo business unless it exists.
import { createLogger, loadEnv, migrate, openDatabase } from '@arrivo/server';
import { DEMO_SLUG, isSeeded, seedDemo } from './seed';

const env = loadEnv();
const db = await openDatabase(env, createLogger(env.LOG_LEVEL));
try {
  await migrate(db.sql);
  if (await isSeeded(db.sql)) {
    console.log(`The demo business "${DEMO_SLUG}" already exists; nothing to do.`);
  } else {
    console.log('Seeded:', await seedDemo(db.sql));
  }
} finally {
  await db.close();
}

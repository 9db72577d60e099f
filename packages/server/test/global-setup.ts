// Starts one real PostgreSQL for the whole run (embedded, or the cluster in DATABASE_URL) and
// builds a migrated template database; each test file then gets its own copy of it.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { connect } from '../src/db/client';
import { ensureDatabase } from '../src/db/database';
import { startEmbeddedPostgres } from '../src/db/embedded';
import { migrate } from '../src/db/migrate';
import { JobQueue } from '../src/events/queue';
import { createLogger } from '../src/log';
import { freePort } from './free-port';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    templateDb: string;
  }
}

export default async function setup(project: TestProject) {
  let adminUrl = process.env.DATABASE_URL;
  let stopCluster = async () => {};
  if (!adminUrl) {
    const dir = await mkdtemp(join(tmpdir(), 'arrivo-test-'));
    await chmod(dir, 0o755); // PostgreSQL runs as the `postgres` user when we are root
    const cluster = await startEmbeddedPostgres({ dataDir: join(dir, 'data'), port: await freePort(), persistent: false });
    adminUrl = cluster.url;
    stopCluster = async () => {
      await cluster.stop();
      await rm(dir, { recursive: true, force: true });
    };
  }
  const templateDb = `arrivo_template_${process.pid}`;
  const templateUrl = await ensureDatabase(adminUrl, templateDb);
  const template = connect(templateUrl, { max: 1 });
  await migrate(template);
  await template.end();
  // pg-boss's schema and our queues too, so each copy starts its queue at once.
  const queue = new JobQueue({ databaseUrl: templateUrl, log: createLogger('silent'), supervise: false });
  await queue.start();
  await queue.stop();

  project.provide('adminUrl', adminUrl);
  project.provide('templateDb', templateDb);

  return async () => {
    const admin = connect(adminUrl, { max: 1 });
    await admin.unsafe(`DROP DATABASE IF EXISTS "${templateDb}" WITH (FORCE)`);
    await admin.end();
    await stopCluster();
  };
}

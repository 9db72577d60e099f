import postgres from 'postgres';
import { connect, type Sql } from './client';
import { startEmbeddedPostgres } from './embedded';
import type { Env } from '../env';
import type { Logger } from '../log';

export interface Database {
  sql: Sql;
  url: string;
  /** The PostgreSQL this process started itself (no DATABASE_URL). */
  embedded?: { port: number; dataDir: string; relocatedFrom?: string };
  close(): Promise<void>;
}

const EMBEDDED_DB = 'arrivo';

/** Create `name` on the cluster behind `adminUrl` unless it exists. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<string> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [exists] = await admin`SELECT 1 FROM pg_database WHERE datname = ${name}`;
    if (!exists) await admin.unsafe(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** `DATABASE_URL` when set; otherwise a real PostgreSQL started from the embedded binaries. */
export async function openDatabase(env: Env, log: Logger): Promise<Database> {
  if (env.DATABASE_URL) {
    const sql = connect(env.DATABASE_URL, { max: env.DATABASE_POOL_MAX });
    return { sql, url: env.DATABASE_URL, close: () => sql.end({ timeout: 5 }) };
  }
  const pg = await startEmbeddedPostgres({
    dataDir: env.ARRIVO_DATA_DIR,
    port: env.ARRIVO_PG_PORT,
    onLog: (line) => log.debug({ postgres: line }),
  });
  const embedded = { port: pg.port, dataDir: pg.dataDir, relocatedFrom: pg.relocatedFrom };
  log.info(embedded, 'embedded PostgreSQL started');
  try {
    const url = await ensureDatabase(pg.url, EMBEDDED_DB);
    const sql = connect(url, { max: env.DATABASE_POOL_MAX });
    return {
      sql,
      url,
      embedded,
      close: async () => {
        await sql.end({ timeout: 5 });
        await pg.stop();
      },
    };
  } catch (err) {
    await pg.stop();
    throw err;
  }
}

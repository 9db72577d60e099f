import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Sql } from './client';

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));
const FILE_NAME = /^(\d{4})_[a-z0-9_]+\.sql$/;
// Any constant works; it only has to be the same for every Arrivo process sharing a database.
const LOCK_KEY = 72_616_001;

export interface Migration {
  id: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends Error {
  /** The migration at fault, when there is one. */
  migrationId?: string;
}

/**
 * Where migrations come from: the folder (the server's own), then a list run after it in its order
 * (plugins' migrations, whose ids the loader makes unique: `plugin:<id>/<migration id>`).
 */
export interface MigrationSource {
  dir?: string;
  list?: readonly { id: string; sql: string }[];
}

function listed(list: readonly { id: string; sql: string }[]): Migration[] {
  const ids = list.map((m) => m.id);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice) throw new MigrationError(`Two migrations share the id ${twice}`);
  return list.map((m) => ({ id: m.id, sql: m.sql, checksum: createHash('sha256').update(m.sql).digest('hex') }));
}

export async function readMigrations(dir: string = MIGRATIONS_DIR): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.sql')).sort();
  const seen = new Set<string>();
  const migrations: Migration[] = [];
  for (const name of names) {
    const match = FILE_NAME.exec(name);
    if (!match) throw new MigrationError(`Migration file ${name} must be named NNNN_slug.sql`);
    if (seen.has(match[1]!)) throw new MigrationError(`Two migrations share the number ${match[1]}`);
    seen.add(match[1]!);
    const text = await readFile(join(dir, name), 'utf8');
    migrations.push({ id: name.slice(0, -4), sql: text, checksum: createHash('sha256').update(text).digest('hex') });
  }
  return migrations;
}

/**
 * Apply pending migrations in order, each in its own transaction together with its row in
 * `schema_migrations`. Safe to run from several processes at once: an advisory lock serialises
 * them and each re-checks what already ran. Refuses to go on if an applied file was edited.
 */
export async function migrate(sql: Sql, source: string | MigrationSource = MIGRATIONS_DIR): Promise<{ applied: string[] }> {
  const { dir = MIGRATIONS_DIR, list = [] } = typeof source === 'string' ? { dir: source } : source;
  const migrations = [...(await readMigrations(dir)), ...listed(list)];
  await sql`
    CREATE TABLE IF NOT EXISTS schema_migrations (
      id text PRIMARY KEY,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`.catch((err: { code?: string }) => {
    // Two processes creating the table at the same instant: the loser sees a unique violation.
    if (err.code !== '23505') throw err;
  });
  const applied: string[] = [];
  for (const migration of migrations) {
    const ran = await sql.begin(async (tx) => {
      await tx`SELECT pg_advisory_xact_lock(${LOCK_KEY})`;
      const [done] = await tx<{ checksum: string }[]>`SELECT checksum FROM schema_migrations WHERE id = ${migration.id}`;
      if (done) {
        if (done.checksum !== migration.checksum) {
          throw new MigrationError(
            `Migration ${migration.id} was edited after it was applied. Migrations are append-only: ` +
              `restore the file and add a new migration instead.`,
          );
        }
        return false;
      }
      await tx.unsafe(migration.sql).catch((err: Error) => {
        const failed = new MigrationError(`Migration ${migration.id} failed: ${err.message}`, { cause: err });
        failed.migrationId = migration.id;
        throw failed;
      });
      await tx`INSERT INTO schema_migrations (id, checksum) VALUES (${migration.id}, ${migration.checksum})`;
      return true;
    });
    if (ran) applied.push(migration.id);
  }
  return { applied };
}

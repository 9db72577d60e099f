import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/database';
import { migrate, readMigrations, MigrationError, MIGRATIONS_DIR } from './migrate';

async function migrationsDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'arrivo-migrations-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

describe('migration runner', () => {
  const db = useTestDatabase({ migrated: false });

  it('applies files in order, records them, and does nothing the second time', async () => {
    const dir = await migrationsDir({
      '0002_second.sql': 'ALTER TABLE t_one ADD COLUMN b int;',
      '0001_first.sql': 'CREATE TABLE t_one (a int);',
    });
    expect(await migrate(db.sql, dir)).toEqual({ applied: ['0001_first', '0002_second'] });
    expect(await migrate(db.sql, dir)).toEqual({ applied: [] });
    const rows = await db.sql`SELECT id FROM schema_migrations WHERE id LIKE '000%' ORDER BY id`;
    expect(rows.map((r) => r.id)).toEqual(['0001_first', '0002_second']);
    const cols = await db.sql`SELECT column_name FROM information_schema.columns WHERE table_name = 't_one' ORDER BY 1`;
    expect(cols.map((c) => c.columnName)).toEqual(['a', 'b']);
  });

  it('rolls a failing file back whole and records nothing for it', async () => {
    const dir = await migrationsDir({
      '0001_good.sql': 'CREATE TABLE t_good (a int);',
      '0002_bad.sql': 'CREATE TABLE t_half (a int); SELECT no_such_function();',
    });
    await expect(migrate(db.sql, dir)).rejects.toThrow(/no_such_function/);
    const [half] = await db.sql`SELECT to_regclass('t_half') AS t`;
    expect(half!.t).toBeNull();
    const [bad] = await db.sql`SELECT count(*)::int AS n FROM schema_migrations WHERE id = '0002_bad'`;
    expect(bad!.n).toBe(0);
    const [good] = await db.sql`SELECT to_regclass('t_good') AS t`;
    expect(good!.t).not.toBeNull();
  });

  it('refuses to continue when an applied migration was edited', async () => {
    const dir = await migrationsDir({ '0001_edit.sql': 'CREATE TABLE t_edit (a int);' });
    await db.sql`DELETE FROM schema_migrations`;
    await migrate(db.sql, dir);
    await writeFile(join(dir, '0001_edit.sql'), 'CREATE TABLE t_edit (a int, b int);');
    await expect(migrate(db.sql, dir)).rejects.toBeInstanceOf(MigrationError);
  });

  it('lets several processes migrate at once without applying anything twice', async () => {
    const dir = await migrationsDir({ '0001_race.sql': 'CREATE TABLE t_race (a int);' });
    await db.sql`DELETE FROM schema_migrations`;
    const results = await Promise.all([migrate(db.sql, dir), migrate(db.sql, dir), migrate(db.sql, dir)]);
    expect(results.flatMap((r) => r.applied)).toEqual(['0001_race']);
  });

  it('runs a list of migrations after the folder, with the same records and checks', async () => {
    await db.sql`DELETE FROM schema_migrations`;
    // Listed migrations run after the folder's: this one refers to a table the folder makes.
    const list = [{ id: 'plugin:x/x_one', sql: 'CREATE TABLE t_listed (a int REFERENCES t_base_unique (a));' }];
    const folder = await migrationsDir({ '0001_base.sql': 'CREATE TABLE t_base_unique (a int PRIMARY KEY);' });
    expect(await migrate(db.sql, { dir: folder, list })).toEqual({ applied: ['0001_base', 'plugin:x/x_one'] });
    expect(await migrate(db.sql, { dir: folder, list })).toEqual({ applied: [] });
    await expect(migrate(db.sql, { dir: folder, list: [{ ...list[0]!, sql: 'CREATE TABLE t_listed (b int);' }] })).rejects.toBeInstanceOf(MigrationError);
    await expect(migrate(db.sql, { dir: folder, list: [list[0]!, list[0]!] })).rejects.toThrow(/share the id/);
  });

  it('rejects badly named or duplicate-numbered files', async () => {
    await expect(readMigrations(await migrationsDir({ 'first.sql': '' }))).rejects.toThrow(/NNNN_slug/);
    await expect(readMigrations(await migrationsDir({ '0001_a.sql': '', '0001_b.sql': '' }))).rejects.toThrow(/share the number/);
  });

  it("applies the project's own migrations to an empty database", async () => {
    await db.sql`DROP TABLE IF EXISTS schema_migrations`;
    const { applied } = await migrate(db.sql, MIGRATIONS_DIR);
    expect(applied).toEqual((await readMigrations()).map((m) => m.id));
    const [booking] = await db.sql`SELECT to_regclass('booking') AS t`;
    expect(booking!.t).not.toBeNull();
  });
});

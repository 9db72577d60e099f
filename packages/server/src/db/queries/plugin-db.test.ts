// ctx.db: a plugin's statements may name its own tables and nothing else of ours.
import { PluginDbError } from '@arrivo/sdk/server';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../test/database';
import { migrate } from '../migrate';
import { foreignNamesInQuery, loadForbiddenNames, pluginDb } from './plugin-db';

const forbidden = { relations: new Set(['booking', 'business', 'user']), schemas: new Set(['public', 'pgboss', 'information_schema', 'pg_catalog']) };

describe('a plugin’s database handle', () => {
  it('finds names outside the plugin’s prefix: tables, schemas, catalogs; not literals or comments', () => {
    const check = (text: string) => foreignNamesInQuery('parts-check', text, forbidden);
    expect(check('SELECT id, booking_id FROM plugin_parts_check_hold h JOIN plugin_parts_check_item i ON i.id = h.id WHERE h.business_id = $')).toEqual([]);
    expect(check("SELECT * FROM plugin_parts_check_hold WHERE note = 'booking' -- from booking\n")).toEqual([]);
    expect(check('SELECT * FROM booking')).toEqual(['booking']);
    expect(check('SELECT * FROM plugin_parts_check_hold, "Business"')).toEqual(['business']);
    expect(check('SELECT * FROM public.plugin_parts_check_hold')).toEqual(['public']);
    expect(check('SELECT * FROM pgboss.job')).toEqual(['pgboss']);
    expect(check('SELECT relname FROM pg_class')).toEqual(['pg_class']);
    expect(check('SELECT * FROM plugin_other_table')).toEqual([]); // not one of ours: the database refuses what does not exist
  });

  const db = useTestDatabase();

  it('runs the plugin’s own statements and refuses any other before it reaches the database', async () => {
    await migrate(db.sql, { list: [{ id: 'plugin:parts-check/parts-check_001', sql: 'CREATE TABLE plugin_parts_check_hold (id int PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now())' }] });
    const names = await loadForbiddenNames(db.sql);
    expect(names.relations.has('booking')).toBe(true);
    expect(names.relations.has('plugin_parts_check_hold')).toBe(true); // allowed by prefix, whatever the list says
    const handle = pluginDb(db.sql, 'parts-check', async () => names);
    await handle`INSERT INTO plugin_parts_check_hold (id) VALUES (${7})`;
    expect(await handle<{ id: number; createdAt: Date }>`SELECT id, created_at FROM plugin_parts_check_hold`).toEqual([{ id: 7, createdAt: expect.any(Date) }]);
    await expect(handle`SELECT * FROM booking`).rejects.toThrow(PluginDbError);
    await expect(handle`DELETE FROM plugin_parts_check_hold USING business WHERE true`).rejects.toThrow(/names business/);
    await expect((handle as unknown as (s: string) => Promise<unknown>)('SELECT 1')).rejects.toThrow(/tagged template/);
  });
});

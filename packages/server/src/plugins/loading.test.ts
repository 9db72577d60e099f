// Loading plugins at boot: what startServer accepts, and every way a bad plugin stops the start.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { definePlugin, type ArrivoPlugin } from '@arrivo/sdk/server';
import { useTestDatabase } from '../../test/database';
import { silentLog } from '../../test/http';
import { loadEnv } from '../env';
import { startServer, type StartOptions } from '../server';
import { StartError } from '../start-error';
import { loadArrivoConfig } from './config';
import { foreignNames, loadPlugins } from './registry';

const stamps = definePlugin({
  id: 'stamps',
  version: '1.2.0',
  sdk: '^1',
  options: z.object({ prefix: z.string().min(1), limit: z.number().int().default(3) }),
  migrations: [
    { id: 'stamps_001', sql: 'CREATE TABLE plugin_stamps_stamp (business_id uuid NOT NULL REFERENCES business (id), label text NOT NULL);' },
    { id: 'stamps_002', sql: 'CREATE INDEX plugin_stamps_stamp_business_idx ON plugin_stamps_stamp (business_id);' },
  ],
});
// Not made with definePlugin: the loader must catch what definePlugin would have.
const raw = (p: Partial<ArrivoPlugin>) => ({ id: 'raw-one', version: '1.0.0', sdk: '^1', ...p }) as ArrivoPlugin;

describe('loading plugins at boot', () => {
  const db = useTestDatabase();
  const env = () => ({ ...loadEnv({ LOG_LEVEL: 'silent', JOBS_WORKER: 'false' }), DATABASE_URL: db.url, PORT: 0 });
  const start = (plugins: StartOptions['plugins']) => startServer({ env: env(), log: silentLog, plugins });

  it('runs plugin migrations through the runner, after the server’s own, once', async () => {
    const server = await start([[stamps, { prefix: 'A-' }]]);
    try {
      const [table] = await db.sql`SELECT to_regclass('plugin_stamps_stamp') AS t`;
      expect(table!.t).not.toBeNull();
      const ids = await db.sql`SELECT id FROM schema_migrations WHERE id LIKE 'plugin:%' ORDER BY applied_at, id`;
      expect(ids.map((r) => r.id)).toEqual(['plugin:stamps/stamps_001', 'plugin:stamps/stamps_002']);
    } finally {
      await server.close();
    }
    // A second start finds them applied (an edited one would stop it, as for the server's own).
    const again = await start([[stamps, { prefix: 'A-' }]]);
    await again.close();
    const edited = definePlugin({ ...stamps, migrations: [{ ...stamps.migrations![0]!, sql: 'CREATE TABLE plugin_stamps_stamp (x int);' }] });
    await expect(start([[edited, { prefix: 'A-' }]])).rejects.toThrow(/stamps_001 was edited/);
  });

  it('parses options with the plugin’s schema (defaults filled in)', () => {
    const registry = loadPlugins([[stamps, { prefix: 'A-' }]], { log: silentLog });
    expect(registry.get('stamps')!.options).toEqual({ prefix: 'A-', limit: 3 });
  });

  it.each([
    ['a duplicate id', [[stamps, { prefix: 'A' }], [stamps, { prefix: 'B' }]], /Plugin "stamps" cannot be loaded: it is listed twice/],
    ['an SDK range this server does not provide', [raw({ sdk: '^2' })], /Plugin "raw-one" cannot be loaded: it needs SDK \^2, and this server provides SDK 1\./],
    ['invalid options', [[stamps, { prefix: '', limit: 1.5 }]], /Plugin "stamps" cannot be loaded: its options are not valid \(prefix: .*; limit: .*\)/],
    ['missing options', [stamps], /Plugin "stamps" cannot be loaded: its options are not valid \(prefix:/],
    ['options for a plugin without any', [[raw({}), { a: 1 }]], /Plugin "raw-one" cannot be loaded: it takes no options/],
    ['a bad id', [raw({ id: 'Raw One' })], /Plugin "Raw One" cannot be loaded: its id must be/],
    ['a migration on a server table', [raw({ migrations: [{ id: 'raw-one_1', sql: 'ALTER TABLE booking ADD COLUMN x int;' }] })], /Plugin "raw-one" cannot be loaded: migration "raw-one_1" touches booking: .* plugin_raw_one_/],
    ['an unprefixed migration id', [raw({ migrations: [{ id: 'one', sql: 'SELECT 1' }] })], /Plugin "raw-one" cannot be loaded: migration "one" must have an id starting with "raw-one_"/],
    ['an unknown hook', [raw({ hooks: { 'booking.created.before': () => undefined } as never })], /Plugin "raw-one" cannot be loaded: it declares an unknown hook "booking.created.before"/],
    ['a route that does not say who may call it', [raw({ routes: (r) => r.get('/x', undefined as never, () => 1) })], /Plugin "raw-one" cannot be loaded: route GET \/x does not say who may call it/],
    ['a channel for an event there is no message for', [raw({ channels: [{ key: 'sms', address: 'phone', events: ['booking.exploded' as never], send: async () => ({ ok: true }) }] })], /Plugin "raw-one" cannot be loaded: channel "sms" must list the notification events it sends \(unknown: booking.exploded\)/],
    ['a channel that does not say what it delivers to', [raw({ channels: [{ key: 'sms', events: ['booking.created'], send: async () => ({ ok: true }) } as never] })], /Plugin "raw-one" cannot be loaded: channel "sms" must say what it delivers to: address 'email' or 'phone'/],
    ['an availability rule that neither closes time nor vetoes', [raw({ availability: [{ id: 'nothing' }] })], /Plugin "raw-one" cannot be loaded: availability rule "nothing" has neither busy\(\) nor accept\(\)/],
    ['two availability rules with one id', [raw({ availability: [{ id: 'a', accept: () => true }, { id: 'a', accept: () => true }] })], /Plugin "raw-one" cannot be loaded: availability rule "a" is declared twice/],
    ['a travel-time provider without matrix()', [raw({ travelTime: { minutes: () => 5 } as never })], /Plugin "raw-one" cannot be loaded: its travelTime must have a matrix\(\) function/],
    ['a travel-time provider with an unknown onFailure', [raw({ travelTime: { matrix: async () => [], onFailure: 'guess' as never } })], /Plugin "raw-one" cannot be loaded: travelTime.onFailure must be 'fail_closed' or 'straight_line'/],
    ['something that is not a plugin', [{} as ArrivoPlugin], /Plugin entry 1 in the plugin list is not a plugin/],
  ])('stops the start on %s, naming the plugin', async (_, plugins, message) => {
    const attempt = start(plugins as never);
    await expect(attempt).rejects.toBeInstanceOf(StartError);
    await expect(attempt).rejects.toThrow(message);
  });

  it('stops the start when a plugin migration fails, naming the plugin, and applies none of it', async () => {
    const broken = raw({ id: 'broken', migrations: [{ id: 'broken_1', sql: 'CREATE TABLE plugin_broken_a (a int); SELECT no_such_function();' }] });
    const attempt = start([broken]);
    await expect(attempt).rejects.toBeInstanceOf(StartError);
    await expect(attempt).rejects.toThrow(/Plugin "broken" cannot be loaded: its migration "broken_1" failed: .*no_such_function/);
    const [table] = await db.sql`SELECT to_regclass('plugin_broken_a') AS t`;
    expect(table!.t).toBeNull();
  });

  it('finds names outside the plugin’s prefix, and lets references to server tables be', () => {
    expect(foreignNames('ev-charger', `
      CREATE TABLE IF NOT EXISTS plugin_ev_charger_model (id uuid PRIMARY KEY, business_id uuid REFERENCES business (id));
      CREATE UNIQUE INDEX plugin_ev_charger_model_idx ON plugin_ev_charger_model (business_id);
      -- ALTER TABLE booking in a comment is nothing
      INSERT INTO plugin_ev_charger_model (id) VALUES ('00000000-0000-0000-0000-000000000000');
    `)).toEqual([]);
    expect(foreignNames('ev-charger', 'CREATE TABLE ev_model (a int); CREATE INDEX ON booking (id); UPDATE work_order SET comments = 1; DROP TABLE pgboss.job;')).toHaveLength(4);
    expect(foreignNames('ev-charger', 'CREATE TABLE ev_model (a int); CREATE INDEX ON booking (id); UPDATE work_order SET comments = 1; DROP TABLE pgboss.job; CREATE TABLE public.plugin_ev_charger_x (a int);'))
      .toEqual(expect.arrayContaining(['ev_model', 'booking', 'work_order', 'pgboss.job']));
    expect(foreignNames('ev-charger', 'CREATE TABLE public.plugin_ev_charger_x (a int);')).toEqual([]);
  });
});

describe('arrivo.config.ts', () => {
  it('reads the plugin list from the file ARRIVO_CONFIG names, or from arrivo.config.ts when there is one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'arrivo-config-'));
    await writeFile(join(dir, 'arrivo.config.ts'), "export default { plugins: [[{ id: 'from-file', version: '1.0.0', sdk: '^1' }, undefined]] };\n");
    await writeFile(join(dir, 'other.ts'), "export default { plugins: [{ id: 'other', version: '1.0.0', sdk: '^1' }] };\n");
    await writeFile(join(dir, 'wrong.ts'), 'export default { plugins: 3 };\n');
    expect((await loadArrivoConfig(undefined, dir)).plugins).toEqual([[{ id: 'from-file', version: '1.0.0', sdk: '^1' }, undefined]]);
    expect((await loadArrivoConfig('other.ts', dir)).plugins.map((p) => (p as ArrivoPlugin).id)).toEqual(['other']);
    await expect(loadArrivoConfig('missing.ts', dir)).rejects.toThrow(/ARRIVO_CONFIG names .*missing\.ts, which does not exist/);
    await expect(loadArrivoConfig('wrong.ts', dir)).rejects.toThrow(/must export default \{ plugins: \[\.\.\.\] \}/);
    // No file, no ARRIVO_CONFIG: no plugins.
    expect(await loadArrivoConfig(undefined, await mkdtemp(join(tmpdir(), 'arrivo-empty-')))).toEqual({ plugins: [] });
  });
});

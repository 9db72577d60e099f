// A plugin's service types follow the installed version: at start, every enabling business's copies
// are brought in step (a changed label or question, a type no longer declared taken off the catalog).
import { describe, expect, it } from 'vitest';
import { definePlugin } from '@arrivo/sdk/server';
import { useTestApp } from '../../test/app';
import { makeSchedulingWorld } from '../../test/fixtures';
import { updateBusinessPlugin, syncEnabledPluginServiceTypes } from './plugins';

const plugin = definePlugin({
  id: 'gutters',
  version: '2.0.0',
  sdk: '^1.3',
  serviceTypes: [
    { key: 'gutter-clean', label: 'Gutter cleaning', duration: 90, requiredSkills: ['Ladders'], fields: [{ key: 'storeys', label: 'Storeys', kind: 'number', required: true }] },
  ],
});

describe('plugin service types at start', () => {
  const api = useTestApp({ plugins: [plugin] });

  it('brings the copies of enabling businesses in step with the installed version', async () => {
    const w = await makeSchedulingWorld(api.deps);
    await updateBusinessPlugin(api.deps, w.business, 'gutters', { enabled: true });
    // As a previous version left them: another label, no questions, and a type since dropped.
    await api.sql`UPDATE service_type SET name = 'Gutters (v1)', intake_fields = '[]' WHERE business_id = ${w.business.id} AND key = 'gutter-clean'`;
    await api.sql`INSERT INTO service_type (business_id, key, name, duration_minutes, plugin_id) VALUES (${w.business.id}, 'downspouts', 'Downspouts', 30, 'gutters')`;
    const off = await makeSchedulingWorld(api.deps);
    await api.sql`INSERT INTO service_type (business_id, key, name, duration_minutes, plugin_id, active) VALUES (${off.business.id}, 'gutter-clean', 'Old', 30, 'gutters', false)`;

    await syncEnabledPluginServiceTypes(api.deps);

    const rows = await api.sql<{ key: string; name: string; active: boolean; intakeFields: { key: string }[] }[]>`
      SELECT key, name, active, intake_fields FROM service_type WHERE business_id = ${w.business.id} AND plugin_id = 'gutters' ORDER BY key`;
    expect(rows.map((r) => [r.key, r.name, r.active, r.intakeFields.map((f) => f.key)])).toEqual([
      ['downspouts', 'Downspouts', false, []],
      ['gutter-clean', 'Gutter cleaning', true, ['storeys']],
    ]);
    // A business that has not enabled the plugin is left alone.
    const [kept] = await api.sql<{ name: string; active: boolean }[]>`SELECT name, active FROM service_type WHERE business_id = ${off.business.id} AND key = 'gutter-clean'`;
    expect(kept).toEqual({ name: 'Old', active: false });
  });
});

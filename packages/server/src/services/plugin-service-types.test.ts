// A plugin's service types follow the installed version: at start, every enabling business's copies
// are brought in step (a changed label or question, a type no longer declared taken off the catalog),
// and staff's edits to a copy survive enabling again, settings changes and starts.
import { describe, expect, it } from 'vitest';
import { definePlugin } from '@arrivo/sdk/server';
import { useTestApp } from '../../test/app';
import { makeSchedulingWorld } from '../../test/fixtures';
import { updateBusinessPlugin, syncEnabledPluginServiceTypes } from './plugins';
import { serviceTypes } from './scheduling-config';

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
    // As a previous version left them: another label (which it wrote, so staff never changed it), no questions, and a type since dropped.
    await api.sql`UPDATE service_type SET name = 'Gutters (v1)', intake_fields = '[]', plugin_baseline = jsonb_set(plugin_baseline, '{name}', '"Gutters (v1)"')
      WHERE business_id = ${w.business.id} AND key = 'gutter-clean'`;
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

  it('keeps staff edits when the plugin is enabled again, and follows the plugin where staff changed nothing', async () => {
    const w = await makeSchedulingWorld(api.deps);
    await updateBusinessPlugin(api.deps, w.business, 'gutters', { enabled: true });
    const copy = async () =>
      (await api.sql<{ id: string; name: string; description: string | null; durationMinutes: number; selfSchedulingEnabled: boolean; active: boolean; skills: string[]; fields: string[] }[]>`
        SELECT st.id, st.name, st.description, st.duration_minutes, st.self_scheduling_enabled, st.active,
          ARRAY(SELECT s.name FROM service_type_skill x JOIN skill s ON s.id = x.skill_id WHERE x.service_type_id = st.id ORDER BY s.name) AS skills,
          ARRAY(SELECT f ->> 'key' FROM jsonb_array_elements(st.intake_fields) f) AS fields
        FROM service_type st WHERE st.business_id = ${w.business.id} AND st.key = 'gutter-clean'`)[0]!;
    const made = await copy();
    expect(made).toMatchObject({ name: 'Gutter cleaning', description: null, durationMinutes: 90, selfSchedulingEnabled: true, active: true, skills: ['Ladders'], fields: ['storeys'] });

    // Staff rename it, lengthen it, add a skill and take it off self-scheduling, through the admin service.
    const [plumbing] = await api.sql<{ id: string }[]>`SELECT id FROM skill WHERE business_id = ${w.business.id} AND name = 'Plumbing'`;
    const [ladders] = await api.sql<{ id: string }[]>`SELECT id FROM skill WHERE business_id = ${w.business.id} AND name = 'Ladders'`;
    await serviceTypes.save(api.deps, w.business, { name: 'Gutter & roofline clean', durationMinutes: 120, selfSchedulingEnabled: false, requiredSkillIds: [ladders!.id, plumbing!.id] }, made.id);
    // The plugin owns its questions: an edit to them is put back.
    await api.sql`UPDATE service_type SET intake_fields = '[]' WHERE id = ${made.id}`;

    await updateBusinessPlugin(api.deps, w.business, 'gutters', { enabled: false });
    expect((await copy()).active).toBe(false);
    await updateBusinessPlugin(api.deps, w.business, 'gutters', { enabled: true });
    await syncEnabledPluginServiceTypes(api.deps);
    expect(await copy()).toMatchObject({
      name: 'Gutter & roofline clean',
      durationMinutes: 120,
      selfSchedulingEnabled: false,
      skills: ['Ladders', 'Plumbing'],
      // What staff left alone follows the plugin: back on the catalog, the questions restored.
      active: true,
      description: null,
      fields: ['storeys'],
    });

    // Staff switch it off: enabling the plugin again (after a switch off, or while on) leaves it off.
    await serviceTypes.save(api.deps, w.business, { active: false }, made.id);
    await updateBusinessPlugin(api.deps, w.business, 'gutters', { enabled: true });
    expect((await copy()).active).toBe(false);
    await updateBusinessPlugin(api.deps, w.business, 'gutters', { enabled: false });
    await updateBusinessPlugin(api.deps, w.business, 'gutters', { enabled: true });
    await syncEnabledPluginServiceTypes(api.deps);
    expect(await copy()).toMatchObject({ active: false, name: 'Gutter & roofline clean' });
  });
});

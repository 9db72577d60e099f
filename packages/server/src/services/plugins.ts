// Plugins per business: which installed plugins a business has switched on, and its settings for
// each (checked by the plugin's own `businessSettings` schema). A plugin's extension points apply
// only to the businesses that enabled it.
import { AppError, type BusinessPlugin, type BusinessPluginPatch } from '@arrivo/core';
import type { BusinessRow } from '../db/queries/businesses';
import { businessesEnabling, enablePluginUnlessSet, listBusinessPlugins as selectBusinessPlugins, saveBusinessPlugin } from '../db/queries/plugins';
import type { AppDeps } from '../deps';
import type { LoadedPlugin } from '../plugins/registry';
import { notFound } from './not-found';
import { syncPluginServiceTypes } from './plugin-service-types';

type Deps = Pick<AppDeps, 'sql' | 'plugins'>;

function view(p: LoadedPlugin, row: { enabled: boolean; settings: unknown } | undefined): BusinessPlugin {
  return { id: p.id, version: p.version, enabled: row?.enabled ?? false, configurable: !!p.plugin.businessSettings, settings: row?.settings ?? null };
}

/** Every installed plugin, with whether this business enabled it and its settings. */
export async function businessPlugins(deps: Deps, business: BusinessRow): Promise<BusinessPlugin[]> {
  const rows = new Map((await selectBusinessPlugins(deps.sql, business.id)).map((r) => [r.pluginId, r]));
  return deps.plugins.installed.map((p) => view(p, rows.get(p.id)));
}

/** Check settings with the plugin's schema; the issues point into the request body. */
function parseSettings(p: LoadedPlugin, settings: unknown): unknown {
  if (!p.plugin.businessSettings) throw new AppError('validation_failed', `The plugin ${p.id} takes no settings.`, { issues: [{ path: ['json', 'settings'], message: 'this plugin takes no settings' }] });
  const parsed = p.plugin.businessSettings.safeParse(settings);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ path: ['json', 'settings', ...i.path.map((k) => (typeof k === 'number' ? k : String(k)))], message: i.message }));
  throw new AppError('validation_failed', `These settings are not valid for the plugin ${p.id}: check ${issues.map((i) => i.path.join('.')).join(', ')}.`, { issues });
}

/**
 * Enable, disable or configure a plugin for the business. Enabling a plugin that needs settings
 * the business never saved uses the schema's defaults, or is refused if it has none.
 */
export async function updateBusinessPlugin(deps: Deps, business: BusinessRow, pluginId: string, patch: BusinessPluginPatch): Promise<BusinessPlugin> {
  const p = deps.plugins.get(pluginId);
  if (!p) throw notFound('plugin installed');
  let settings = patch.settings === undefined ? undefined : parseSettings(p, patch.settings);
  if (patch.enabled && settings === undefined && p.plugin.businessSettings) {
    const saved = (await selectBusinessPlugins(deps.sql, business.id)).find((r) => r.pluginId === pluginId)?.settings;
    if (saved === undefined || saved === null) {
      const defaults = p.plugin.businessSettings.safeParse({});
      if (!defaults.success) throw new AppError('validation_failed', `The plugin ${p.id} needs its settings before it can be enabled: send them with enabled.`, { issues: [{ path: ['json', 'settings'], message: 'required to enable this plugin' }] });
      settings = defaults.data;
    }
  }
  // The plugin's service types follow its switch, in the same transaction.
  const row = await deps.sql.begin(async (tx) => {
    const saved = await saveBusinessPlugin(tx, business.id, pluginId, { enabled: patch.enabled, settings });
    if (patch.enabled !== undefined && p.plugin.serviceTypes?.length) await syncPluginServiceTypes(tx, p, business.id, saved.enabled);
    return saved;
  });
  return view(p, row);
}


/**
 * Enable an installed plugin with these settings unless the business already has a row for it (its
 * own choice stands), bringing the plugin's service types onto its catalog. True when enabled now.
 */
export async function enablePluginUnlessChosen(deps: Deps, businessId: string, pluginId: string, settings: unknown): Promise<boolean> {
  const p = deps.plugins.get(pluginId);
  if (!p) throw notFound('plugin installed');
  return deps.sql.begin(async (tx) => {
    const enabled = await enablePluginUnlessSet(tx, businessId, pluginId, settings);
    if (enabled && p.plugin.serviceTypes?.length) await syncPluginServiceTypes(tx, p, businessId, true);
    return enabled;
  });
}

/**
 * At start: bring every enabling business's copies of the installed plugins' service types in step
 * with what the plugins declare now (a new version may change a label, a question or a skill). A
 * business whose own type took one of the keys keeps it, with a warning; the start goes on.
 */
export async function syncEnabledPluginServiceTypes(deps: Deps & Pick<AppDeps, 'log'>): Promise<void> {
  for (const p of deps.plugins.installed) {
    if (!p.plugin.serviceTypes?.length) continue;
    for (const businessId of await businessesEnabling(deps.sql, p.id)) {
      try {
        await deps.sql.begin((tx) => syncPluginServiceTypes(tx, p, businessId, true));
      } catch (err) {
        if (!(err instanceof AppError && err.code === 'conflict')) throw err;
        deps.log.warn({ pluginId: p.id, businessId }, err.message);
      }
    }
  }
}

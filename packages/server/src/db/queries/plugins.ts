import type postgres from 'postgres';
import type { Sql, Tx } from '../client';

export interface BusinessPluginRow {
  pluginId: string;
  enabled: boolean;
  settings: unknown;
}

/** Every plugin row of a business (enabled or not). */
export function listBusinessPlugins(sql: Sql | Tx, businessId: string): Promise<BusinessPluginRow[]> {
  return sql<BusinessPluginRow[]>`
    SELECT plugin_id, enabled, settings FROM business_plugin WHERE business_id = ${businessId} ORDER BY plugin_id`;
}

/** Insert or change one plugin's row; fields left undefined keep their value (or the default). */
export async function saveBusinessPlugin(
  sql: Sql | Tx,
  businessId: string,
  pluginId: string,
  change: { enabled?: boolean; settings?: unknown },
): Promise<BusinessPluginRow> {
  const settings = change.settings === undefined ? null : sql.json(change.settings as postgres.JSONValue);
  const [row] = await sql<BusinessPluginRow[]>`
    INSERT INTO business_plugin (business_id, plugin_id, enabled, settings)
    VALUES (${businessId}, ${pluginId}, ${change.enabled ?? false}, ${settings})
    ON CONFLICT (business_id, plugin_id) DO UPDATE SET
      enabled = CASE WHEN ${change.enabled === undefined} THEN business_plugin.enabled ELSE EXCLUDED.enabled END,
      settings = CASE WHEN ${change.settings === undefined} THEN business_plugin.settings ELSE EXCLUDED.settings END
    RETURNING plugin_id, enabled, settings`;
  return row!;
}

/** The businesses that have this plugin enabled. */
export async function businessesEnabling(sql: Sql | Tx, pluginId: string): Promise<string[]> {
  const rows = await sql<{ businessId: string }[]>`SELECT business_id FROM business_plugin WHERE plugin_id = ${pluginId} AND enabled ORDER BY business_id`;
  return rows.map((r) => r.businessId);
}

/** Enable a plugin with these settings unless the business already has a row for it (enabled or not). */
export async function enablePluginUnlessSet(sql: Sql | Tx, businessId: string, pluginId: string, settings: unknown): Promise<boolean> {
  const rows = await sql`
    INSERT INTO business_plugin (business_id, plugin_id, enabled, settings)
    VALUES (${businessId}, ${pluginId}, true, ${sql.json(settings as postgres.JSONValue)})
    ON CONFLICT (business_id, plugin_id) DO NOTHING
    RETURNING plugin_id`;
  return rows.length > 0;
}

export interface EnabledPlugins {
  business: { id: string; slug: string; timeZone: string };
  /** Enabled plugin ids → the business's settings for each. */
  enabled: Map<string, unknown>;
}

/** The business (what a plugin's context names) and the plugins it has enabled, in one round trip. */
export async function findEnabledPlugins(sql: Sql | Tx, businessId: string): Promise<EnabledPlugins | undefined> {
  const rows = await sql<{ id: string; slug: string; timeZone: string; pluginId: string | null; settings: unknown }[]>`
    SELECT b.id, b.slug, b.time_zone, p.plugin_id, p.settings
    FROM business b LEFT JOIN business_plugin p ON p.business_id = b.id AND p.enabled
    WHERE b.id = ${businessId}`;
  const [first] = rows;
  if (!first) return undefined;
  return {
    business: { id: first.id, slug: first.slug, timeZone: first.timeZone },
    enabled: new Map(rows.flatMap((r) => (r.pluginId ? [[r.pluginId, r.settings] as const] : []))),
  };
}

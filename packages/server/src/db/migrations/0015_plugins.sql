-- Plugins: which installed plugins each business has switched on, and its settings for each.
-- Installed plugins are listed in code (arrivo.config.ts); a row here for a plugin that is no
-- longer installed is kept (uninstalling and reinstalling keeps the business's settings) and ignored.
CREATE TABLE business_plugin (
  business_id uuid NOT NULL REFERENCES business (id) ON DELETE CASCADE,
  plugin_id text NOT NULL CHECK (plugin_id ~ '^[a-z][a-z0-9-]{1,40}$'),
  enabled boolean NOT NULL DEFAULT false,
  -- As the plugin's businessSettings schema parsed them; null until first saved.
  settings jsonb CHECK (settings IS NULL OR pg_column_size(settings) <= 65536),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (business_id, plugin_id)
);
-- The hooks' lookup: the enabled plugins of one business.
CREATE INDEX business_plugin_enabled_idx ON business_plugin (business_id) WHERE enabled;
CREATE TRIGGER business_plugin_touch BEFORE UPDATE ON business_plugin FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

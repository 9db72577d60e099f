-- A plugin's service type copy remembers what the plugin last wrote to the fields staff may edit
-- (name, description, duration, self-scheduling, active, required skills). When the plugin is
-- enabled again, its settings change or the server starts, a field whose value still equals that
-- is brought in step with the plugin; one that differs is a staff edit and is kept. Null (copies
-- made before this column): every field is the plugin's until the next sync records it.
ALTER TABLE service_type ADD COLUMN plugin_baseline jsonb
  CHECK (plugin_baseline IS NULL OR (plugin_id IS NOT NULL AND jsonb_typeof(plugin_baseline) = 'object'));

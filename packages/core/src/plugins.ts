import { z } from 'zod';
import { text } from './schemas';

/** A plugin id: lowercase letters, digits and dashes (`ev-charger`). */
export const pluginIdSchema = text.regex(/^[a-z][a-z0-9-]{1,40}$/, 'a plugin id: lowercase letters, digits and dashes');

/** An installed plugin as one business sees it (staff API). */
export const businessPluginSchema = z.object({
  id: z.string(),
  version: z.string(),
  enabled: z.boolean(),
  /** Whether the plugin takes per-business settings (a `businessSettings` schema). */
  configurable: z.boolean(),
  /** The business's settings for the plugin, as saved; null until saved. */
  settings: z.unknown().nullable(),
});
export type BusinessPlugin = z.infer<typeof businessPluginSchema>;

/** Switch a plugin on or off for the business, and/or replace its settings (checked by the plugin's schema). */
export const businessPluginPatchSchema = z
  .object({
    enabled: z.boolean().optional(),
    settings: z.record(z.string(), z.unknown()).optional(),
  })
  .strict()
  .refine((p) => p.enabled !== undefined || p.settings !== undefined, 'give enabled, settings or both');
export type BusinessPluginPatch = z.infer<typeof businessPluginPatchSchema>;

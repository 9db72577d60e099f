// The browser half of a plugin: how its intake fields render and how its service types look.
import type { TemplateResult } from 'lit';

export interface ClientPlugin {
  id: string;
  /** Renderers for intake-field kinds the plugin adds (the built-in kinds need none). */
  fields?: Record<string, (field: { key: string; label: string; value: unknown; onChange(value: unknown): void }) => TemplateResult>;
  serviceTypes?: Record<string, { icon?: string; summarize?(answers: Record<string, unknown>): string }>;
  /** Extra strings by locale: `{ es: { 'Charger model': 'Modelo del cargador' } }`. */
  messages?: Record<string, Record<string, string>>;
}

export function defineClientPlugin<P extends ClientPlugin>(plugin: P): Readonly<P> {
  if (!/^[a-z][a-z0-9-]{1,40}$/.test(plugin.id)) throw new Error(`Plugin id "${plugin.id}" must be lowercase letters, digits and dashes.`);
  return Object.freeze(plugin);
}

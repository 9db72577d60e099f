// The browser half of a plugin: how its intake fields render, how its service types look, and its
// strings per language. Plugins reach the elements in one of two ways: the `plugins` property of an
// element (`<arrivo-booking-form>`, `<arrivo-portal>`), or the page-wide registry
// (`registerClientPlugin`), which lives on `globalThis` under a `Symbol.for` key so that every
// copy of this module on a page — the elements' own bundle, a plugin's file, an app's bundle —
// shares one. See docs/plugins.md, "Client plugins".
import type { TemplateResult } from 'lit';
import { translate, type Messages } from './messages';

export { translate, type Messages } from './messages';

/** Lit's template tag and "render nothing" marker, the element's own: a plugin needs no Lit of its own. */
export interface Lit {
  html: (strings: TemplateStringsArray, ...values: unknown[]) => TemplateResult;
  nothing: unknown;
}

/**
 * What a field renderer gets: the field as the server declared it (its base `kind` is what the
 * server checks the answer against), the current answer, and `onChange` to answer. Labels and
 * options come untranslated: pass them through `t`.
 */
export interface FieldRenderContext extends Lit {
  key: string;
  /** The element's id for the field's control: give it to the control a `<label for>` would name (or use it as a prefix). */
  id: string;
  label: string;
  kind: 'text' | 'number' | 'select' | 'checkbox';
  required: boolean;
  options?: readonly string[];
  value: string | number | boolean | undefined;
  /** The element's current locale (`'en'` until the page sets one). */
  locale: string;
  /** The plugin's `messages` for the current locale: `t('Main panel rating (amps)')`, `t('{n} A', { n: 100 })`. */
  t(text: string, values?: Record<string, string | number>): string;
  /** Answer the field (undefined clears it). Answer the base kind: a number for `number`, one of `options` for `select`. */
  onChange(value: string | number | boolean | undefined): void;
}

export interface ServiceTypeRenderContext extends Lit {
  locale: string;
  t(text: string, values?: Record<string, string | number>): string;
}

export interface ClientServiceType {
  /** A small decorative icon (e.g. an inline `<svg>` 20 px square), shown with the type's questions. */
  icon?(ctx: ServiceTypeRenderContext): TemplateResult;
  /** One line about stored answers, for where a visit is shown (e.g. "48 A charger, 22 m of cable"). */
  summarize?(answers: Readonly<Record<string, string | number | boolean>>, ctx: ServiceTypeRenderContext): string;
}

export interface ClientPlugin {
  /** The server plugin's id: `ev-charger`. */
  id: string;
  /** The plugin's version: the same id and version registered twice (two bundles) is one plugin. */
  version?: string;
  /**
   * Field widgets by name. A server field declared with `widget: '<plugin id>:<name>'` is rendered
   * by `fields[name]` when this plugin is registered, and as its base kind's plain input when it is
   * not (or when the renderer throws).
   */
  fields?: Record<string, (field: FieldRenderContext) => TemplateResult>;
  /** By service type key (the server plugin's `serviceTypes[].key`). */
  serviceTypes?: Record<string, ClientServiceType>;
  /**
   * Strings by locale, keyed by the English text: `{ es: { 'Charger model': 'Modelo del cargador' } }`.
   * The elements translate the labels and choices of this plugin's fields and service types with
   * them; `{name}` in a text is replaced by `values.name`.
   */
  messages?: Messages;
}

const ID = /^[a-z][a-z0-9-]{1,40}$/;

export function defineClientPlugin<P extends ClientPlugin>(plugin: P): Readonly<P> {
  if (!ID.test(plugin.id)) throw new Error(`Plugin id "${plugin.id}" must be lowercase letters, digits and dashes.`);
  for (const name of Object.keys(plugin.fields ?? {})) {
    if (!/^[a-zA-Z][\w-]{0,40}$/.test(name)) throw new Error(`Plugin ${plugin.id}: widget name "${name}" must be a letter, then letters, digits, _ and -.`);
  }
  return Object.freeze(plugin);
}

/** Where the page-wide registry lives: `globalThis[CLIENT_PLUGINS]`. */
export const CLIENT_PLUGINS = Symbol.for('arrivo.client-plugins');
/** Dispatched on `globalThis` when a plugin is registered, so elements already shown render again. */
export const CLIENT_PLUGINS_CHANGED = 'arrivo-client-plugins-changed';

/** The registry's shape, fixed for every SDK version that shares it (add fields, never change them). */
export interface ClientPluginRegistry {
  readonly format: 1;
  readonly plugins: Map<string, ClientPlugin>;
}

function registry(): ClientPluginRegistry {
  const g = globalThis as { [CLIENT_PLUGINS]?: ClientPluginRegistry };
  return (g[CLIENT_PLUGINS] ??= { format: 1, plugins: new Map() });
}

const shape = (p: ClientPlugin) => JSON.stringify([p.version ?? null, Object.keys(p.fields ?? {}).sort(), Object.keys(p.serviceTypes ?? {}).sort(), Object.keys(p.messages ?? {}).sort()]);

/**
 * Make `plugin` known to every Arrivo element on the page. Registering it again — the same
 * object, or the same plugin (same id, version and declarations) from another bundle — changes
 * nothing and answers true. A different plugin under a registered id is refused: the first stays,
 * a console error names the id, and the answer is false.
 */
export function registerClientPlugin(plugin: ClientPlugin): boolean {
  if (!ID.test(plugin.id)) {
    console.error(`[arrivo] client plugin id "${plugin.id}" must be lowercase letters, digits and dashes; not registered.`);
    return false;
  }
  const { plugins } = registry();
  const known = plugins.get(plugin.id);
  if (known) {
    if (known === plugin || shape(known) === shape(plugin)) return true;
    console.error(
      `[arrivo] client plugin "${plugin.id}"${plugin.version ? ` ${plugin.version}` : ''} not registered: a different plugin "${plugin.id}"${known.version ? ` ${known.version}` : ''} is registered on this page already. Load one copy of it.`,
    );
    return false;
  }
  plugins.set(plugin.id, plugin);
  (globalThis as Partial<EventTarget>).dispatchEvent?.(new Event(CLIENT_PLUGINS_CHANGED));
  return true;
}

/** The plugins registered on the page, in the order they were registered. */
export function registeredClientPlugins(): ClientPlugin[] {
  return [...registry().plugins.values()];
}

/**
 * The plugins an element uses: its own (`plugins` property) first, then the page's registry; an id
 * given to the element wins over the registry's.
 */
export function clientPluginsFor(own: readonly ClientPlugin[] = []): Map<string, ClientPlugin> {
  const all = new Map<string, ClientPlugin>();
  for (const p of [...own, ...registeredClientPlugins()]) if (!all.has(p.id)) all.set(p.id, p);
  return all;
}

/** `t` for one plugin and locale. */
export const translator =
  (plugin: ClientPlugin | undefined, locale: string) =>
  (text: string, values?: Record<string, string | number>): string =>
    translate(plugin?.messages, locale, text, values);

// A plugin's strings per language, shared by its server half (veto reasons in `ctx.locale`) and its
// client half (labels in the element's locale). Plain objects keyed by the English text.

/** `{ es: { 'Charger model': 'Modelo del cargador' }, ar: { … } }`. */
export type Messages = Readonly<Record<string, Readonly<Record<string, string>>>>;

/**
 * `text` in `locale` (`es-MX` falls back to `es`, then to the English `text` itself), with each
 * `{name}` replaced by `values.name`.
 */
export function translate(messages: Messages | undefined, locale: string, text: string, values?: Record<string, string | number>): string {
  const found = messages?.[locale]?.[text] ?? messages?.[locale.split('-')[0]!.toLowerCase()]?.[text] ?? text;
  return values ? found.replace(/\{(\w+)\}/g, (all, name: string) => (name in values ? String(values[name]) : all)) : found;
}

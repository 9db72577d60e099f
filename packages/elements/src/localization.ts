import type { configureLocalization } from '@lit/localize';
import { sourceLocale, targetLocales } from './generated/locale-codes';

type Locale = typeof sourceLocale | (typeof targetLocales)[number];
type Localization = ReturnType<typeof configureLocalization>;

// Each translation is its own chunk: a page in English downloads none of them.
const loaders: Record<(typeof targetLocales)[number], () => ReturnType<Parameters<typeof configureLocalization>[0]['loadLocale']>> = {
  es: () => import('./generated/locales/es'),
  ar: () => import('./generated/locales/ar'),
};

const RIGHT_TO_LEFT = new Set(['ar', 'fa', 'he', 'ur']);

// The translation runtime (message ids, lookups, locale switching) loads with the first
// translation; until then `msg()` returns the English source text, which needs none of it.
let localization: Promise<Localization> | undefined;
let active: string | undefined;

/** The best locale we have for a BCP 47 tag: exact, else its language, else English. */
export function supportedLocale(tag: string): Locale {
  const all: readonly string[] = [sourceLocale, ...targetLocales];
  const exact = all.find((l) => l.toLowerCase() === tag.toLowerCase());
  const language = all.find((l) => l === tag.split('-')[0]!.toLowerCase());
  return (exact ?? language ?? sourceLocale) as Locale;
}

export const isRightToLeft = (tag: string) => RIGHT_TO_LEFT.has(tag.split('-')[0]!.toLowerCase());

/** Switch every Arrivo element on the page to `tag` (one locale per page, as in @lit/localize). */
export async function setArrivoLocale(tag: string): Promise<void> {
  const locale = supportedLocale(tag);
  if (locale === sourceLocale && !localization) {
    active = locale;
    return;
  }
  localization ??= import('@lit/localize/init/runtime.js').then(({ configureLocalization }) =>
    configureLocalization({ sourceLocale, targetLocales, loadLocale: (l) => loaders[l as keyof typeof loaders]() }),
  );
  const runtime = await localization;
  await runtime.setLocale(locale);
  active = runtime.getLocale();
}

/** The locale strings are shown in now (none until a page sets one); dates and times are formatted in it too. */
export function currentLocale(): string | undefined {
  return active;
}

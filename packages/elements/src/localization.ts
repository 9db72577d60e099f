import { configureLocalization } from '@lit/localize';
import { sourceLocale, targetLocales } from './generated/locale-codes';

type Locale = typeof sourceLocale | (typeof targetLocales)[number];

// Each translation is its own chunk: a page in English downloads none of them.
const loaders: Record<(typeof targetLocales)[number], () => ReturnType<Parameters<typeof configureLocalization>[0]['loadLocale']>> = {
  es: () => import('./generated/locales/es'),
  ar: () => import('./generated/locales/ar'),
};

const RIGHT_TO_LEFT = new Set(['ar', 'fa', 'he', 'ur']);

let localization: ReturnType<typeof configureLocalization> | undefined;

/** The best locale we have for a BCP 47 tag: exact, else its language, else English. */
export function supportedLocale(tag: string): Locale {
  const all: readonly string[] = [sourceLocale, ...targetLocales];
  const exact = all.find((l) => l.toLowerCase() === tag.toLowerCase());
  const language = all.find((l) => l === tag.split('-')[0]!.toLowerCase());
  return (exact ?? language ?? sourceLocale) as Locale;
}

export const isRightToLeft = (tag: string) => RIGHT_TO_LEFT.has(tag.split('-')[0]!.toLowerCase());

/** Switch every Arrivo element on the page to `tag` (one locale per page, as in @lit/localize). */
export function setArrivoLocale(tag: string): Promise<void> {
  localization ??= configureLocalization({ sourceLocale, targetLocales, loadLocale: (locale) => loaders[locale as keyof typeof loaders]() });
  return localization.setLocale(supportedLocale(tag));
}

/** The locale strings are shown in now; dates and times are formatted in it too. */
export function currentLocale(): string | undefined {
  return localization?.getLocale();
}

// Dates and times for people: Intl in the customer's locale and time zone, the zone always named.
import { currentLocale } from './localization';

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string | undefined = currentLocale(), options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat(locale, options)));
  return f;
}

/** The zone the browser is in, for when the page does not say. */
export const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** A calendar date ('YYYY-MM-DD', already a day in the business's zone): "Mon, Nov 23". */
export function formatDay(date: string, locale?: string, options: Intl.DateTimeFormatOptions = { weekday: 'short', month: 'short', day: 'numeric' }): string {
  return formatter(locale, { ...options, timeZone: 'UTC' }).format(new Date(`${date}T12:00:00Z`));
}

/** A time of day: "9:30 AM". */
export function formatTime(iso: string, timeZone: string, locale?: string): string {
  return formatter(locale, { hour: 'numeric', minute: '2-digit', timeZone }).format(new Date(iso));
}

/**
 * An appointment time with its zone, "Monday, November 23 at 9:30 AM PST", or with `until` an
 * arrival window, "Monday, November 23, 9:00 – 10:00 AM PST".
 */
export function formatWhen(iso: string, timeZone: string, until?: string | null): string {
  const f = formatter(undefined, { weekday: 'long', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short', timeZone });
  return until ? f.formatRange(new Date(iso), new Date(until)) : f.format(new Date(iso));
}

/** The zone's name for a caption: "Pacific Standard Time". */
export function zoneName(timeZone: string, locale?: string, at = new Date()): string {
  const part = formatter(locale, { timeZone, timeZoneName: 'long' }).formatToParts(at).find((p) => p.type === 'timeZoneName');
  return part?.value ?? timeZone;
}

/** Today's calendar date in `timeZone`, 'YYYY-MM-DD' (en-CA writes dates that way). */
export function todayIn(timeZone: string): string {
  return formatter('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}


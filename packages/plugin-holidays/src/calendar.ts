// Which local dates a business's holiday settings close, from the date-holidays data.
import Holidays from 'date-holidays';
import { z } from 'zod';

export const HOLIDAY_TYPES = ['public', 'bank', 'school', 'optional', 'observance'] as const;

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'a date as YYYY-MM-DD', abort: true })
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'not a calendar date');

const catalog = new Holidays();

/** A business's settings: where its holidays come from, which kinds close, and its own exceptions. */
export const holidaySettings = z
  .object({
    /** ISO 3166-1 country code: `US`, `DE`. */
    country: z.string().regex(/^[A-Z]{2}$/, 'a two-letter country code such as US'),
    /** The country's state or province code (`OR`, `BY`), for its own holidays. */
    state: z.string().regex(/^[A-Z0-9]{1,4}$/i).optional(),
    /** A region of that state, where the data has them. */
    region: z.string().regex(/^[A-Z0-9]{1,8}$/i).optional(),
    /** Which kinds of holiday close the business; public holidays unless told. */
    types: z.array(z.enum(HOLIDAY_TYPES)).min(1).default(['public']),
    /** Dates to keep open although they are holidays. */
    open: z.array(isoDate).max(366).default([]),
    /** Extra dates to close (a company day off). */
    closed: z.array(isoDate).max(366).default([]),
  })
  .superRefine((s, ctx) => {
    if (!catalog.getCountries()[s.country]) {
      ctx.addIssue({ code: 'custom', path: ['country'], message: `no holiday data for the country ${s.country}` });
      return;
    }
    if (s.state && !catalog.getStates(s.country)?.[s.state.toUpperCase()]) ctx.addIssue({ code: 'custom', path: ['state'], message: `no state ${s.state} in ${s.country}` });
    else if (s.region && !s.state) ctx.addIssue({ code: 'custom', path: ['region'], message: 'a region needs its state' });
    else if (s.region && !catalog.getRegions(s.country, s.state!)?.[s.region.toUpperCase()]) ctx.addIssue({ code: 'custom', path: ['region'], message: `no region ${s.region} in ${s.country}-${s.state}` });
  });

export type HolidaySettings = z.infer<typeof holidaySettings>;

// Holiday dates per place, kinds and year: computing a year's rules is the costly part, and every
// slot search of a business asks for the same few years. Bounded: places × years stay small.
const years = new Map<string, Set<string>>();

function holidayDates(s: HolidaySettings, year: number): Set<string> {
  const key = [s.country, s.state ?? '', s.region ?? '', [...s.types].sort().join(','), year].join('|');
  let dates = years.get(key);
  if (!dates) {
    const hd = s.region ? new Holidays(s.country, s.state!, s.region, { types: s.types }) : s.state ? new Holidays(s.country, s.state, { types: s.types }) : new Holidays(s.country, { types: s.types });
    // `date` is the holiday's local calendar date ("2026-12-25 00:00:00"): what the business closes.
    dates = new Set((hd.getHolidays(year) || []).filter((h) => s.types.includes(h.type)).map((h) => h.date.slice(0, 10)));
    if (years.size >= 500) years.clear();
    years.set(key, dates);
  }
  return dates;
}

/** The dates in [from, to] (YYYY-MM-DD, inclusive) the settings close, in order. */
export function closedDates(s: HolidaySettings, from: string, to: string): string[] {
  const open = new Set(s.open);
  const closed = new Set<string>();
  for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++) {
    for (const date of holidayDates(s, year)) if (date >= from && date <= to && !open.has(date)) closed.add(date);
  }
  for (const date of s.closed) if (date >= from && date <= to) closed.add(date);
  return [...closed].sort();
}

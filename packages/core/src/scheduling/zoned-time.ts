// Wall-clock ↔ instant conversion for IANA zones with nothing but Intl, correct across DST.
// Dates are 'YYYY-MM-DD' strings (a calendar day in some zone); instants are epoch milliseconds.

const MINUTE = 60_000;
const DAY = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's UTC offset in minutes at `instant` (e.g. −420 for Pacific daylight time). */
export function zoneOffsetMinutes(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / MINUTE);
}

function parseDate(date: string): [number, number, number] {
  const [y, m, d] = date.split('-').map(Number);
  return [y!, m!, d!];
}

// Asking Intl for offsets is the slow part of slot search; the answer for a zone, day and minute
// never changes while we run, so it is kept (bounded: cleared when it grows past 50,000 entries).
const instants = new Map<string, number>();

/**
 * The instant at which the clock in `timeZone` shows `minuteOfDay` on `date`. A time skipped by a
 * spring-forward change maps to the same offset after the gap (02:30 → 03:30); a time that
 * happens twice in a fall-back change maps to its first occurrence.
 */
export function zonedInstant(date: string, minuteOfDay: number, timeZone: string): number {
  const key = `${timeZone}|${date}|${minuteOfDay}`;
  let instant = instants.get(key);
  if (instant === undefined) {
    if (instants.size > 50_000) instants.clear();
    instants.set(key, (instant = computeZonedInstant(date, minuteOfDay, timeZone)));
  }
  return instant;
}

function computeZonedInstant(date: string, minuteOfDay: number, timeZone: string): number {
  const [y, m, d] = parseDate(date);
  const wall = Date.UTC(y, m - 1, d) + minuteOfDay * MINUTE;
  // Try the offsets in force a day either side; the earliest consistent reading wins.
  const candidates = [zoneOffsetMinutes(wall - DAY, timeZone), zoneOffsetMinutes(wall + DAY, timeZone)];
  const consistent = candidates
    .map((offset) => wall - offset * MINUTE)
    .filter((instant) => zoneOffsetMinutes(instant, timeZone) * MINUTE === wall - instant)
    .sort((a, b) => a - b);
  if (consistent.length) return consistent[0]!;
  // In a gap: keep the offset from before the change, which lands after the gap.
  return wall - candidates[0]! * MINUTE;
}

const grids = new Map<string, readonly number[]>();

/**
 * The instants at which the clock in `timeZone` shows a multiple of `stepMinutes` after midnight on
 * `date`, in order. The grid is on the wall clock, so a DST day keeps its times (08:00, 10:00, …):
 * a time the clock skips is left out, a time it shows twice counts once (its first occurrence, as in
 * {@link zonedInstant}). Kept per zone, day and step (bounded like the instants above).
 */
export function wallClockGrid(date: string, stepMinutes: number, timeZone: string): readonly number[] {
  const key = `${timeZone}|${date}|${stepMinutes}`;
  let grid = grids.get(key);
  if (!grid) {
    if (grids.size > 5_000) grids.clear();
    grids.set(key, (grid = computeGrid(date, stepMinutes, timeZone)));
  }
  return grid;
}

function computeGrid(date: string, stepMinutes: number, timeZone: string): number[] {
  const midnight = zonedInstant(date, 0, timeZone);
  const grid: number[] = [];
  // Almost every day is 24 hours long with one offset throughout: the grid is plain arithmetic.
  if (zonedInstant(addDays(date, 1), 0, timeZone) - midnight === DAY && showsOnClock(date, 0, midnight, timeZone)) {
    for (let minute = 0; minute < 1440; minute += stepMinutes) grid.push(midnight + minute * MINUTE);
    return grid;
  }
  for (let minute = 0; minute < 1440; minute += stepMinutes) {
    const instant = zonedInstant(date, minute, timeZone);
    if (showsOnClock(date, minute, instant, timeZone)) grid.push(instant); // else skipped by the clock
  }
  return grid;
}

/** Whether the clock in the zone really shows `minuteOfDay` on `date` at `instant` (false in a gap). */
function showsOnClock(date: string, minuteOfDay: number, instant: number, timeZone: string): boolean {
  const [y, m, d] = parseDate(date);
  return zoneOffsetMinutes(instant, timeZone) * MINUTE === Date.UTC(y, m - 1, d) + minuteOfDay * MINUTE - instant;
}

// Per zone, the UTC minute last asked about and its date: every request asks for "today" (the
// booking horizon), and formatToParts is the costly part. Offsets change, and local midnight falls,
// on whole minutes (zoneOffsetMinutes rounds to the minute; only 19th-century local-mean-time
// changes fell between minutes), so one UTC minute has one date.
const lastDates = new Map<string, { minute: number; date: string }>();

/** The calendar date in `timeZone` at `instant`. */
export function zonedDate(instant: number, timeZone: string): string {
  const minute = Math.floor(instant / MINUTE);
  const last = lastDates.get(timeZone);
  if (last?.minute === minute) return last.date;
  const date = new Date(instant + zoneOffsetMinutes(instant, timeZone) * MINUTE).toISOString().slice(0, 10);
  if (lastDates.size > 1_000) lastDates.clear();
  lastDates.set(timeZone, { minute, date });
  return date;
}

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const [y, m, d] = parseDate(date);
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return day === 0 ? 7 : day;
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = parseDate(date);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Every date from `from` to `to`, inclusive. */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let date = from; date <= to; date = addDays(date, 1)) out.push(date);
  return out;
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, datesBetween, isoWeekday, zonedDate, zonedInstant, zoneOffsetMinutes } from './zoned-time';

const LA = 'America/Los_Angeles';
const iso = (ms: number) => new Date(ms).toISOString();

describe('zoned time', () => {
  it('gives the date Intl gives, second by second around midnights and clock changes (asked in order, as requests do)', () => {
    const reference = (instant: number, timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
    const moments = [
      ['2026-03-08T08:00:00Z', LA], // 00:00 PST
      ['2026-03-08T10:00:00Z', LA], // spring forward
      ['2026-11-01T07:00:00Z', LA], // 00:00 PDT
      ['2026-11-01T09:00:00Z', LA], // fall back
      ['2026-07-15T18:30:00Z', 'Asia/Kolkata'], // 00:00 IST
      ['2026-04-04T13:45:00Z', 'Pacific/Chatham'], // 02:45 → 03:45 … and back to 02:45 (UTC+13:45 → +12:45)
    ] as const;
    for (const [at, zone] of moments) {
      for (let t = Date.parse(at) - 120_000; t <= Date.parse(at) + 120_000; t += 7_000) expect(zonedDate(t, zone), `${iso(t)} ${zone}`).toBe(reference(t, zone));
    }
  });

  it('knows Pacific offsets in winter and summer', () => {
    expect(zoneOffsetMinutes(Date.parse('2026-01-15T12:00:00Z'), LA)).toBe(-480);
    expect(zoneOffsetMinutes(Date.parse('2026-07-15T12:00:00Z'), LA)).toBe(-420);
  });

  it('turns a wall-clock time into the right instant', () => {
    expect(iso(zonedInstant('2026-01-15', 8 * 60, LA))).toBe('2026-01-15T16:00:00.000Z');
    expect(iso(zonedInstant('2026-07-15', 8 * 60, LA))).toBe('2026-07-15T15:00:00.000Z');
    expect(iso(zonedInstant('2026-07-15', 8 * 60, 'Asia/Kolkata'))).toBe('2026-07-15T02:30:00.000Z');
  });

  it('is right on the spring-forward day: 08:00–17:00 is 9 hours of clock, 9 real hours', () => {
    // 2026-03-08: clocks jump from 02:00 to 03:00 in Los Angeles.
    expect(iso(zonedInstant('2026-03-08', 1 * 60, LA))).toBe('2026-03-08T09:00:00.000Z');
    expect(iso(zonedInstant('2026-03-08', 3 * 60, LA))).toBe('2026-03-08T10:00:00.000Z');
    expect(iso(zonedInstant('2026-03-08', 8 * 60, LA))).toBe('2026-03-08T15:00:00.000Z');
    // 02:30 does not exist that day; it maps past the gap.
    expect(iso(zonedInstant('2026-03-08', 2 * 60 + 30, LA))).toBe('2026-03-08T10:30:00.000Z');
    // Midnight to midnight is 23 hours.
    expect(zonedInstant('2026-03-09', 0, LA) - zonedInstant('2026-03-08', 0, LA)).toBe(23 * 3600_000);
  });

  it('is right on the fall-back day: the repeated hour maps to its first occurrence', () => {
    // 2026-11-01: clocks go back from 02:00 to 01:00.
    expect(iso(zonedInstant('2026-11-01', 1 * 60 + 30, LA))).toBe('2026-11-01T08:30:00.000Z');
    expect(iso(zonedInstant('2026-11-01', 8 * 60, LA))).toBe('2026-11-01T16:00:00.000Z');
    expect(zonedInstant('2026-11-02', 0, LA) - zonedInstant('2026-11-01', 0, LA)).toBe(25 * 3600_000);
  });

  it('round-trips: the instant for a date and minute reads back as that date and minute', () => {
    const zones = ['America/Los_Angeles', 'Europe/Berlin', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'UTC', 'America/Sao_Paulo'];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: Date.parse('2024-01-01'), max: Date.parse('2030-12-31') }),
        fc.integer({ min: 0, max: 1439 }),
        (zone, day, minute) => {
          const date = new Date(day).toISOString().slice(0, 10);
          const instant = zonedInstant(date, minute, zone);
          expect(zonedDate(instant, zone)).toBe(date);
          const local = instant + zoneOffsetMinutes(instant, zone) * 60_000;
          const readBack = Math.round((local - Date.parse(`${date}T00:00:00Z`)) / 60_000);
          // Equal, or later by the size of a DST gap when the time does not exist.
          expect(readBack).toBeGreaterThanOrEqual(minute);
          expect(readBack - minute).toBeLessThanOrEqual(60);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('counts calendar days', () => {
    expect(isoWeekday('2026-11-23')).toBe(1);
    expect(isoWeekday('2026-11-22')).toBe(7);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(datesBetween('2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
  });
});

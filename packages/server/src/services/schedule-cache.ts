import type { BusyVisit, Technician, Territory } from '@arrivo/core';
import { LRUCache } from 'lru-cache';
import type { Sql, Tx } from '../db/client';
import { loadTechnicianConfig, loadTerritories } from '../db/queries/schedule';

// Both caches below are only ever consulted with a version read from the database in the same
// statement as the rest of the request's data, and bumped by triggers in the same transaction as
// every change (migrations 0004 and 0007): a server never answers from data older than the
// snapshot it read, and every server sees a change at once. They are bounded LRUs, so a busy
// business keeps its entries while a long tail of quiet ones cannot grow memory without limit.

interface ConfigEntry {
  version: string;
  technicians: Technician[];
  territories: Territory[];
}

/**
 * Technicians (skills, territories, hours) and territories per business, kept until the business's
 * schedule version changes; and, in `calendars`, the visits and time off of the days searched.
 */
export class ScheduleConfigCache {
  private readonly entries: LRUCache<string, ConfigEntry>;
  readonly calendars: CalendarCache;

  /**
   * `maxTechnicians`: the most technicians kept over all businesses (each business counts at least
   * 1); `maxCalendarEntries`: the most visits and time-off entries kept over all days searched.
   */
  constructor(options: { maxTechnicians?: number; maxCalendarEntries?: number } = {}) {
    this.entries = new LRUCache({ maxSize: options.maxTechnicians ?? 100_000, sizeCalculation: (e) => e.technicians.length + 1 });
    this.calendars = new CalendarCache({ maxEntries: options.maxCalendarEntries });
  }

  async get(sql: Sql | Tx, businessId: string, version: string): Promise<ConfigEntry> {
    const kept = this.entries.get(businessId);
    if (kept?.version === version) return kept;
    const [technicians, territories] = await Promise.all([loadTechnicianConfig(sql, businessId), loadTerritories(sql, businessId)]);
    const entry = { version, technicians, territories };
    this.entries.set(businessId, entry);
    return entry;
  }

  /** Whether the business's configuration is held now (for tests). */
  has(businessId: string): boolean {
    return this.entries.has(businessId);
  }
}

export interface Calendar {
  visits: BusyVisit[];
  timeOff: Map<string, { startsAt: number; endsAt: number }[]>;
}

export type CalendarEntry = Readonly<Calendar & { version: string }>;

/**
 * Visits and time off per business and searched range, as of a calendar version. The caller reads
 * the current version together with its other data and loads the calendar in that same statement
 * only when the version it holds is not the current one.
 */
export class CalendarCache {
  private readonly entries: LRUCache<string, CalendarEntry>;

  /** `maxEntries`: the most visits and time-off entries kept over all ranges (each range counts at least 1). */
  constructor(options: { maxEntries?: number } = {}) {
    this.entries = new LRUCache({
      maxSize: options.maxEntries ?? 100_000,
      // What is stored: every visit and every time-off entry (the map is keyed by technician,
      // so its size would count technicians, however much time off each has).
      sizeCalculation: (e) => {
        let entries = e.visits.length + 1;
        for (const list of e.timeOff.values()) entries += list.length;
        return entries;
      },
    });
  }

  private static key(businessId: string, range: { from: Date; to: Date }) {
    return `${businessId}|${range.from.getTime()}|${range.to.getTime()}`;
  }

  /** What is held for this range, if anything: hand its version to the loader so it can skip the calendar. */
  held(businessId: string, range: { from: Date; to: Date }): CalendarEntry | undefined {
    return this.entries.get(CalendarCache.key(businessId, range));
  }

  /**
   * The calendar as of `version`: the one just loaded (kept for next time), else the one held
   * (the loader leaves the calendar out only when the held version is the current one). The held
   * entry is the caller's own reference, so concurrent requests replacing or evicting it do no harm.
   */
  resolve(businessId: string, range: { from: Date; to: Date }, version: string, loaded: Calendar | undefined, held: CalendarEntry | undefined): Calendar {
    if (loaded) {
      this.entries.set(CalendarCache.key(businessId, range), { version, ...loaded });
      return loaded;
    }
    if (held?.version !== version) throw new Error('calendar cache: the calendar was left out but the held one is not current');
    return held;
  }
}

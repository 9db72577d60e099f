// Which arrival times can be offered for a visit, and which technician would come.
//
// The seeds' rules: the time the customer picks is when the technician arrives; the technician
// leaves earlier by the travel time. Candidates are filtered by skills and territory, must be
// working for the whole [departure, end of the job], must fit between their previous and next
// visits with travel on both sides; among those left, the one with the least travel is booked.
//
// Pure: no clock, no I/O. Every instant is epoch milliseconds.

import { contains, type Area, type LatLon } from './geo';
import type { TravelTimeProvider } from './travel';
import { datesBetween, isoWeekday, wallClockGrid, zonedDate, zonedInstant } from './zoned-time';

const MINUTE = 60_000;

export interface WorkingHours {
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  /** Minutes after local midnight in the business's time zone. */
  startMinute: number;
  endMinute: number;
}

export interface Technician {
  id: string;
  skills: readonly string[];
  /** Territories served; none means the technician goes anywhere. */
  territoryIds: readonly string[];
  /** Where the working day starts (home or depot). */
  start: LatLon;
  workingHours: readonly WorkingHours[];
  /** Leave, training, anything that is not a visit: [start, end) instants. */
  timeOff: readonly { startsAt: number; endsAt: number }[];
}

/** A visit already on a technician's calendar (canceled ones are not passed in). */
export interface BusyVisit {
  resourceId: string;
  /** Departure for the visit (arrival − travel). */
  startsAt: number;
  arrivalAt: number;
  endsAt: number;
  location: LatLon;
}

export interface SlotQuery {
  durationMinutes: number;
  requiredSkills: readonly string[];
  location: LatLon;
  /** The location's territory when it is set explicitly (account/location); else found by geometry. */
  territoryId?: string | null;
  /** Calendar days to search, inclusive, in the business's time zone. */
  from: string;
  to: string;
  timeZone: string;
  slotIntervalMinutes: number;
  /** No arrival before this instant (now + minimum lead time) … */
  earliest: number;
  /** … nor after this one (now + maximum lead time). */
  latest: number;
  maxTravelMinutes: number;
}

export interface Slot {
  arrivalAt: number;
  resourceId: string;
  travelMinutes: number;
  /** Departure: arrivalAt − travel. */
  startsAt: number;
  endsAt: number;
}

export interface Territory {
  id: string;
  area: Area;
}

/** An arrival the engine would offer or book: what an availability rule's `accept` judges. */
export interface Candidate extends Slot {
  location: LatLon;
}

export interface ScheduleData {
  technicians: readonly Technician[];
  visits: readonly BusyVisit[];
  territories: readonly Territory[];
  travel: TravelTimeProvider;
  /**
   * Availability rules' veto, evaluated during selection: a rejected candidate is not offered and
   * the next-best technician for that time wins. `findSlots` and `candidatesAt` both apply it, so
   * offers and the booking re-check agree. Must be synchronous and pure for the call.
   */
  accept?: (candidate: Candidate) => boolean;
}

/** The territories a location belongs to: its explicit one, or every territory containing it. */
export function territoriesOf(query: Pick<SlotQuery, 'location' | 'territoryId'>, territories: readonly Territory[]): Set<string> {
  if (query.territoryId) return new Set([query.territoryId]);
  return new Set(territories.filter((t) => contains(t.area, query.location)).map((t) => t.id));
}

/** Technicians with every required skill who serve the location. */
export function qualifiedTechnicians(query: SlotQuery, data: Pick<ScheduleData, 'technicians' | 'territories'>): Technician[] {
  const here = territoriesOf(query, data.territories);
  return data.technicians.filter(
    (t) =>
      query.requiredSkills.every((s) => t.skills.includes(s)) &&
      (t.territoryIds.length === 0 || t.territoryIds.some((id) => here.has(id))),
  );
}

interface Interval {
  startsAt: number;
  endsAt: number;
}

/**
 * Every arrival time on the slot grid that some technician can make, each with the technician who
 * would travel least (ties: the smaller id, so the answer never depends on input order).
 */
export function findSlots(query: SlotQuery, data: ScheduleData): Slot[] {
  const technicians = qualifiedTechnicians(query, data).sort((a, b) => (a.id < b.id ? -1 : 1));
  const grids = gridsOf(query);
  // Per day, per grid position: the least travel offered so far and by whom (technicians are in id
  // order, so keeping the first of equals breaks ties by id). Typed arrays: no object per offer.
  const days: ({ travel: Float64Array; tech: Int32Array } | undefined)[] = grids.map(() => undefined);
  const accept = data.accept;
  forEachFeasible(query, data, technicians, grids, (tech, dayIndex, position, travel) => {
    let day = days[dayIndex];
    if (!day) {
      const size = grids[dayIndex]!.length;
      days[dayIndex] = day = { travel: new Float64Array(size).fill(Infinity), tech: new Int32Array(size) };
    }
    // Asked only of a candidate that would win: a rejected one leaves the best accepted so far.
    if (travel < day.travel[position]! && (!accept || accept(candidate(query, technicians[tech]!.id, grids[dayIndex]![position]!, travel)))) {
      day.travel[position] = travel;
      day.tech[position] = tech;
    }
  });
  const slots: Slot[] = [];
  days.forEach((day, dayIndex) => {
    if (!day) return;
    day.travel.forEach((travel, i) => {
      if (travel === Infinity) return;
      const arrivalAt = grids[dayIndex]![i]!;
      slots.push({ arrivalAt, resourceId: technicians[day.tech[i]!]!.id, travelMinutes: travel, startsAt: arrivalAt - travel * MINUTE, endsAt: arrivalAt + query.durationMinutes * MINUTE });
    });
  });
  return slots;
}

/**
 * Every technician who can arrive at exactly `arrivalAt` (a grid time within the query's limits),
 * least travel first. Booking takes the first that is still free once its calendar is locked.
 */
export function candidatesAt(query: SlotQuery, data: ScheduleData, arrivalAt: number): Slot[] {
  const date = zonedDate(arrivalAt, query.timeZone);
  const found: Slot[] = [];
  if (arrivalAt < query.earliest || arrivalAt > query.latest) return found;
  const narrow = { ...query, from: date, to: date, earliest: arrivalAt, latest: arrivalAt };
  const technicians = qualifiedTechnicians(narrow, data);
  const grids = gridsOf(narrow);
  forEachFeasible(narrow, data, technicians, grids, (tech, day, position, travel) => {
    const at = grids[day]![position]!;
    const slot = candidate(query, technicians[tech]!.id, at, travel);
    if (data.accept && !data.accept(slot)) return;
    const { location: _, ...rest } = slot;
    found.push(rest);
  });
  return found.sort((a, b) => a.travelMinutes - b.travelMinutes || (a.resourceId < b.resourceId ? -1 : 1));
}

function candidate(query: SlotQuery, resourceId: string, arrivalAt: number, travelMinutes: number): Candidate {
  return { arrivalAt, resourceId, travelMinutes, startsAt: arrivalAt - travelMinutes * MINUTE, endsAt: arrivalAt + query.durationMinutes * MINUTE, location: query.location };
}

/** The arrival grid of each searched day: wall-clock times, every `slotIntervalMinutes` from midnight. */
function gridsOf(query: SlotQuery): (readonly number[])[] {
  return datesBetween(query.from, query.to).map((date) => wallClockGrid(date, query.slotIntervalMinutes, query.timeZone));
}

/**
 * Index of the first grid time at or after `instant`. Grids are sorted and, but for DST days, evenly
 * spaced: start from the arithmetic guess and step to the exact answer (a step or two at most).
 */
function firstAtOrAfter(grid: readonly number[], instant: number, step: number): number {
  if (!grid.length) return 0;
  let i = Math.min(Math.max(Math.ceil((instant - grid[0]!) / step), 0), grid.length);
  while (i > 0 && grid[i - 1]! >= instant) i--;
  while (i < grid.length && grid[i]! < instant) i++;
  return i;
}

/** Calls `offer(technician index, day index, position in that day's grid, travel minutes)` for every feasible arrival. */
function forEachFeasible(
  query: SlotQuery,
  data: ScheduleData,
  technicians: readonly Technician[],
  grids: readonly (readonly number[])[],
  offer: (tech: number, day: number, position: number, travelMinutes: number) => void,
): void {
  if (!technicians.length) return;
  const wanted = new Set(technicians.map((t) => t.id));
  const visitsByTech = new Map<string, BusyVisit[]>();
  for (const visit of data.visits) {
    if (!wanted.has(visit.resourceId)) continue;
    const list = visitsByTech.get(visit.resourceId);
    if (list) list.push(visit);
    else visitsByTech.set(visit.resourceId, [visit]);
  }
  for (const list of visitsByTech.values()) list.sort((a, b) => a.startsAt - b.startsAt);

  const interval = query.slotIntervalMinutes * MINUTE;
  const duration = query.durationMinutes * MINUTE;
  const dates = datesBetween(query.from, query.to).map((date) => ({ weekday: isoWeekday(date), date }));
  // Most technicians share a few shift times: each (day, minute) is converted once per search.
  const instants = new Map<number, number>();
  const instantOf = (day: number, minute: number) => {
    const key = day * 1441 + minute;
    let instant = instants.get(key);
    if (instant === undefined) instants.set(key, (instant = zonedInstant(dates[day]!.date, minute, query.timeZone)));
    return instant;
  };
  technicians.forEach((tech, index) => {
    const visits = visitsByTech.get(tech.id) ?? [];
    dates.forEach(({ weekday }, day) => {
      const grid = grids[day]!;
      for (const hours of tech.workingHours) {
        if (hours.weekday !== weekday) continue;
        const shift: Interval = { startsAt: instantOf(day, hours.startMinute), endsAt: instantOf(day, hours.endMinute) };
        for (const gap of freeGaps(shift, visits, tech.timeOff, tech.start)) {
          if (gap.endsAt - gap.startsAt < duration) continue; // too short for the job, whatever the travel
          // Travel in from wherever the technician is before the gap; out to their next visit (which
          // may lie past this gap, even past the shift: staff can book overtime).
          const travelIn = data.travel.minutes(gap.from, query.location, gap.startsAt);
          if (travelIn > query.maxTravelMinutes) continue;
          const travelOut = gap.next ? data.travel.minutes(query.location, gap.next.location, gap.endsAt) : 0;
          const firstArrival = Math.max(gap.startsAt + travelIn * MINUTE, query.earliest);
          const lastArrival = Math.min(gap.endsAt - duration, gap.next ? gap.next.arrivalAt - travelOut * MINUTE - duration : Infinity, query.latest);
          // Arrivals sit on the day's wall-clock grid (on a DST day too: 08:00, 10:00, … not 09:00, 11:00).
          for (let position = firstAtOrAfter(grid, firstArrival, interval); position < grid.length && grid[position]! <= lastArrival; position++) offer(index, day, position, travelIn);
        }
      }
    });
  });
}

function firstEndingAfter(visits: readonly BusyVisit[], instant: number): number {
  let lo = 0;
  let hi = visits.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (visits[mid]!.endsAt > instant) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

interface Gap extends Interval {
  /** Where the technician sets out from at the start of the gap. */
  from: LatLon;
  /** The technician's first visit at or after the end of the gap, if any. */
  next?: BusyVisit;
}

/**
 * The free stretches of a shift between visits and time off, each knowing where the technician sets
 * out from and which visit comes next (`visits` sorted by start).
 */
function freeGaps(shift: Interval, visits: readonly BusyVisit[], timeOff: readonly Interval[], home: LatLon): Gap[] {
  // A technician's visits never overlap, so sorted by start they are sorted by end too.
  let first = firstEndingAfter(visits, shift.startsAt);
  const blocks: (Interval & { visit?: BusyVisit })[] = [];
  for (let i = first; i < visits.length && visits[i]!.startsAt < shift.endsAt; i++) blocks.push({ startsAt: visits[i]!.startsAt, endsAt: visits[i]!.endsAt, visit: visits[i] });
  if (timeOff.length) {
    blocks.push(...timeOff.filter((t) => t.endsAt > shift.startsAt && t.startsAt < shift.endsAt));
    blocks.sort((a, b) => a.startsAt - b.startsAt);
  }
  const gaps: Gap[] = [];
  const nextVisit = (after: number) => {
    while (first < visits.length && visits[first]!.startsAt < after) first++;
    return visits[first];
  };
  let cursor = shift.startsAt;
  let from = home; // after a visit, its place
  for (const block of blocks) {
    if (block.startsAt > cursor) gaps.push({ startsAt: cursor, endsAt: block.startsAt, from, next: nextVisit(block.startsAt) });
    if (block.endsAt > cursor) cursor = block.endsAt;
    // Even a visit inside time off moves the technician: the next leg starts from its place.
    if (block.visit) from = block.visit.location;
  }
  if (cursor < shift.endsAt) gaps.push({ startsAt: cursor, endsAt: shift.endsAt, from, next: nextVisit(shift.endsAt) });
  return gaps;
}

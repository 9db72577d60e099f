import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { candidatesAt, findSlots, qualifiedTechnicians, type BusyVisit, type Candidate, type ScheduleData, type SlotQuery, type Technician, type Territory } from './availability';
import { distanceKm, type LatLon } from './geo';
import { straightLineTravel } from './travel';
import { addDays, datesBetween, isoWeekday, zonedInstant } from './zoned-time';

const MINUTE = 60_000;
const TZ = 'America/Los_Angeles';
const travel = straightLineTravel({ roadFactor: 1.35, speedKmh: 40 });
const PORTLAND: LatLon = { lat: 45.5152, lon: -122.6784 };
const at = (date: string, hh: number, mm = 0, timeZone = TZ) => zonedInstant(date, hh * 60 + mm, timeZone);
const clock = (ms: number, timeZone = TZ) => new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit' }).format(ms);

function tech(id: string, overrides: Partial<Technician> = {}): Technician {
  return {
    id,
    skills: ['plumbing'],
    territoryIds: [],
    start: PORTLAND,
    workingHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startMinute: 8 * 60, endMinute: 17 * 60 })),
    timeOff: [],
    ...overrides,
  };
}

function query(overrides: Partial<SlotQuery> = {}): SlotQuery {
  return {
    durationMinutes: 60,
    requiredSkills: ['plumbing'],
    location: PORTLAND,
    from: '2026-11-23',
    to: '2026-11-23',
    timeZone: TZ,
    slotIntervalMinutes: 30,
    earliest: 0,
    latest: Number.MAX_SAFE_INTEGER,
    maxTravelMinutes: 120,
    ...overrides,
  };
}

/** A small string hash (FNV-1a) for deterministic pseudo-random vetoes. */
function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

const data = (technicians: Technician[], visits: BusyVisit[] = [], territories: Territory[] = []): ScheduleData => ({ technicians, visits, territories, travel });

describe('findSlots — the rules from the seeds', () => {
  it('offers arrivals on the grid inside working hours, leaving room for the job', () => {
    const slots = findSlots(query(), data([tech('t1')]));
    expect(clock(slots[0]!.arrivalAt)).toBe('08:00');
    expect(clock(slots.at(-1)!.arrivalAt)).toBe('16:00'); // 16:00 + 60 min = 17:00
    expect(slots).toHaveLength(17);
  });

  it('makes the chosen time the arrival and starts the booking earlier by the travel time', () => {
    const home: LatLon = { lat: 45.4, lon: -122.6 }; // ~14 km away: ~29 minutes of driving
    const [first] = findSlots(query(), data([tech('t1', { start: home })]));
    const minutes = travel.minutes(home, PORTLAND, 0);
    expect(minutes).toBeGreaterThan(20);
    expect(first!.travelMinutes).toBe(minutes);
    expect(first!.startsAt).toBe(first!.arrivalAt - minutes * MINUTE);
    // The first arrival is the first grid time the technician can reach after leaving at 08:00.
    expect(first!.startsAt).toBeGreaterThanOrEqual(at('2026-11-23', 8));
    expect(clock(first!.arrivalAt)).toBe('08:30');
  });

  it('books the technician with the least travel, and breaks ties by id', () => {
    const near = tech('b-near', { start: { lat: 45.52, lon: -122.68 } });
    const far = tech('a-far', { start: { lat: 45.45, lon: -122.8 } });
    expect(findSlots(query(), data([far, near])).every((s) => s.resourceId === 'b-near')).toBe(true);
    const twin = tech('a-twin', { start: near.start });
    expect(findSlots(query(), data([near, twin]))[0]!.resourceId).toBe('a-twin');
  });

  it('lets an accept predicate veto a candidate inside selection: the next-best technician wins, or nobody', () => {
    const near = tech('b-near', { start: { lat: 45.52, lon: -122.68 } });
    const far = tech('a-far', { start: { lat: 45.45, lon: -122.8 } });
    const ten = at('2026-11-23', 10);
    const seen: Candidate[] = [];
    const accept = (c: Candidate) => (seen.push(c), !(c.resourceId === 'b-near' && c.arrivalAt === ten));
    const slots = findSlots(query(), { ...data([far, near]), accept });
    expect(slots.find((s) => s.arrivalAt === ten)!.resourceId).toBe('a-far');
    expect(slots.filter((s) => s.arrivalAt !== ten).every((s) => s.resourceId === 'b-near')).toBe(true);
    expect(seen[0]).toMatchObject({ location: PORTLAND, travelMinutes: expect.any(Number), endsAt: expect.any(Number) });
    expect(candidatesAt(query(), { ...data([far, near]), accept }, ten).map((c) => c.resourceId)).toEqual(['a-far']);
    // Nobody accepted at ten: ten is not offered, and there is nobody to book.
    const closed = { ...data([far, near]), accept: (c: Candidate) => c.arrivalAt !== ten };
    expect(findSlots(query(), closed).some((s) => s.arrivalAt === ten)).toBe(false);
    expect(candidatesAt(query(), closed, ten)).toEqual([]);
  });

  it('needs every required skill', () => {
    const slots = findSlots(query({ requiredSkills: ['hvac', 'gas'] }), data([tech('t1', { skills: ['hvac'] }), tech('t2', { skills: ['gas', 'hvac'] })]));
    expect(new Set(slots.map((s) => s.resourceId))).toEqual(new Set(['t2']));
  });

  it('sends only technicians who serve the territory (explicit, or by where the place is)', () => {
    const territories: Territory[] = [
      { id: 'inner', area: { center: PORTLAND, radiusKm: 5 } },
      { id: 'east', area: { center: { lat: 45.4985, lon: -122.4302 }, radiusKm: 8 } },
    ];
    const technicians = [tech('inner-tech', { territoryIds: ['inner'] }), tech('east-tech', { territoryIds: ['east'] })];
    expect(qualifiedTechnicians(query(), data(technicians, [], territories)).map((t) => t.id)).toEqual(['inner-tech']);
    expect(qualifiedTechnicians(query({ territoryId: 'east' }), data(technicians, [], territories)).map((t) => t.id)).toEqual(['east-tech']);
    expect(qualifiedTechnicians(query({ location: { lat: 47.6, lon: -122.3 } }), data(technicians, [], territories))).toEqual([]);
  });

  it('fits between visits with travel on both sides', () => {
    const elsewhere: LatLon = { lat: 45.45, lon: -122.6 }; // ~11 km from the customer
    const visit: BusyVisit = { resourceId: 't1', startsAt: at('2026-11-23', 11), arrivalAt: at('2026-11-23', 11, 20), endsAt: at('2026-11-23', 12, 20), location: elsewhere };
    const slots = findSlots(query(), data([tech('t1')], [visit]));
    const leg = travel.minutes(PORTLAND, elsewhere, 0);
    // Before: done in time to drive there before 11:20 (and off the road by 11:00, when that booking starts).
    const before = slots.filter((s) => s.arrivalAt < visit.arrivalAt).at(-1)!;
    expect(before.endsAt).toBeLessThanOrEqual(visit.startsAt);
    expect(before.endsAt + leg * MINUTE).toBeLessThanOrEqual(visit.arrivalAt);
    // After: leaves from that visit's place once it ends.
    const after = slots.find((s) => s.arrivalAt > visit.arrivalAt)!;
    expect(after.travelMinutes).toBe(leg);
    expect(after.startsAt).toBeGreaterThanOrEqual(visit.endsAt);
    expect(slots.some((s) => s.startsAt < visit.endsAt && s.endsAt > visit.startsAt)).toBe(false);
  });

  it('respects time off, lead times and the travel limit', () => {
    const off = { startsAt: at('2026-11-23', 12), endsAt: at('2026-11-23', 13) };
    const slots = findSlots(query({ earliest: at('2026-11-23', 10), latest: at('2026-11-23', 15) }), data([tech('t1', { timeOff: [off] })]));
    expect(slots.map((s) => clock(s.arrivalAt))).toEqual(['10:00', '10:30', '11:00', '13:00', '13:30', '14:00', '14:30', '15:00']);
    expect(findSlots(query({ maxTravelMinutes: 10 }), data([tech('t1', { start: { lat: 45.4, lon: -122.6 } })]))).toEqual([]);
  });

  it('sets out from the last visit even when time off ends after it', () => {
    const elsewhere: LatLon = { lat: 45.45, lon: -122.6 }; // ~11 km from the customer
    const visit: BusyVisit = { resourceId: 't1', startsAt: at('2026-11-23', 10, 10), arrivalAt: at('2026-11-23', 10, 10), endsAt: at('2026-11-23', 10, 30), location: elsewhere };
    const off = { startsAt: at('2026-11-23', 10), endsAt: at('2026-11-23', 10, 45) };
    const after = findSlots(query(), data([tech('t1', { timeOff: [off] })], [visit])).find((s) => s.arrivalAt > off.endsAt)!;
    expect(after.travelMinutes).toBe(travel.minutes(elsewhere, PORTLAND, 0));
    expect(after.startsAt).toBeGreaterThanOrEqual(off.endsAt);
  });

  it('keeps working hours on the wall clock across a DST change', () => {
    // Monday 2026-03-09 is the first weekday after the spring change; Sunday 2026-11-01 is the fall one.
    const sunday = tech('t1', { workingHours: [{ weekday: 7, startMinute: 8 * 60, endMinute: 12 * 60 }, { weekday: 1, startMinute: 8 * 60, endMinute: 12 * 60 }] });
    for (const date of ['2026-03-08', '2026-11-01', '2026-03-09']) {
      const slots = findSlots(query({ from: date, to: date }), data([sunday]));
      expect(slots.map((s) => clock(s.arrivalAt)), date).toEqual(['08:00', '08:30', '09:00', '09:30', '10:00', '10:30', '11:00']);
    }
  });

  it('keeps a grid that does not divide an hour on the wall clock on DST days', () => {
    // Sundays 2027-03-14 (spring forward) and 2027-11-07 (fall back) in New York, and a plain Sunday.
    const NY = 'America/New_York';
    const sunday = tech('t1', { workingHours: [{ weekday: 7, startMinute: 8 * 60, endMinute: 17 * 60 }] });
    for (const date of ['2027-03-14', '2027-11-07', '2027-03-21']) {
      const times = (slotIntervalMinutes: number) =>
        findSlots(query({ from: date, to: date, timeZone: NY, slotIntervalMinutes }), data([sunday])).map((s) => clock(s.arrivalAt, NY));
      expect(times(120), date).toEqual(['08:00', '10:00', '12:00', '14:00', '16:00']);
      expect(times(45), date).toEqual(['08:15', '09:00', '09:45', '10:30', '11:15', '12:00', '12:45', '13:30', '14:15', '15:00', '15:45']);
      // Booking looks up the same grid: the 10:00 of a DST day has its technician, 11:00 has none.
      const q = query({ from: date, to: date, timeZone: NY, slotIntervalMinutes: 120 });
      expect(candidatesAt(q, data([sunday]), at(date, 10, 0, NY)).map((c) => c.resourceId)).toEqual(['t1']);
      expect(candidatesAt(q, data([sunday]), at(date, 11, 0, NY))).toEqual([]);
    }
  });

  it('leaves out grid times the clock skips and offers a repeated time once', () => {
    const NY = 'America/New_York';
    const night = tech('t1', { workingHours: [{ weekday: 7, startMinute: 0, endMinute: 6 * 60 }] });
    const times = (date: string) => findSlots(query({ from: date, to: date, timeZone: NY, durationMinutes: 30, slotIntervalMinutes: 60 }), data([night])).map((s) => clock(s.arrivalAt, NY));
    expect(times('2027-03-14')).toEqual(['00:00', '01:00', '03:00', '04:00', '05:00']); // no 02:00 that day
    expect(times('2027-11-07')).toEqual(['00:00', '01:00', '02:00', '03:00', '04:00', '05:00']); // 01:00 once
  });
});

// ───────────── property-based: the engine against a brute-force reference ─────────────

const SKILLS = ['plumbing', 'hvac', 'gas'];
const point = fc.record({ lat: fc.double({ min: 45.35, max: 45.65, noNaN: true }), lon: fc.double({ min: -122.9, max: -122.45, noNaN: true }) });

/** A small random world: technicians with hours, visits that never overlap, time off. */
const world = fc
  .record({
    techCount: fc.integer({ min: 1, max: 4 }),
    seedVisits: fc.array(fc.record({ tech: fc.nat(3), hour: fc.integer({ min: 7, max: 17 }), minute: fc.constantFrom(0, 10, 20, 30, 45), travel: fc.integer({ min: 0, max: 40 }), length: fc.integer({ min: 20, max: 150 }), where: point }), { maxLength: 10 }),
    techs: fc.array(
      fc.record({
        skills: fc.subarray(SKILLS, { minLength: 1 }),
        territory: fc.constantFrom<string[]>([], ['north'], ['south'], ['north', 'south']),
        start: point,
        from: fc.integer({ min: 0, max: 10 }),
        to: fc.integer({ min: 14, max: 19 }),
        days: fc.subarray([1, 2, 3, 4, 5, 6, 7], { minLength: 1 }),
        offAt: fc.option(fc.integer({ min: 9, max: 15 })),
      }),
      { minLength: 4, maxLength: 4 },
    ),
    query: fc.record({
      duration: fc.constantFrom(30, 45, 60, 90, 120),
      skills: fc.subarray(SKILLS, { maxLength: 2 }),
      location: point,
      interval: fc.constantFrom(15, 30, 45, 60, 120),
      maxTravel: fc.integer({ min: 10, max: 90 }),
      // Plain days and DST days (spring forward, fall back) in two zones.
      zoneAndDate: fc.constantFrom(
        [TZ, '2026-11-23'], [TZ, '2026-11-28'], [TZ, '2026-03-08'], [TZ, '2026-11-01'],
        ['America/New_York', '2027-03-14'], ['America/New_York', '2027-11-07'], ['America/New_York', '2027-11-06'],
      ),
      twoDays: fc.boolean(),
      earliestHour: fc.integer({ min: 0, max: 14 }),
    }),
  })
  .map((w) => {
    const [timeZone, date] = w.query.zoneAndDate as [string, string];
    const at = (day: string, hh: number, mm = 0) => zonedInstant(day, hh * 60 + mm, timeZone);
    const territories: Territory[] = [
      { id: 'north', area: { center: { lat: 45.56, lon: -122.65 }, radiusKm: 14 } },
      { id: 'south', area: { center: { lat: 45.43, lon: -122.65 }, radiusKm: 14 } },
    ];
    const technicians: Technician[] = w.techs.slice(0, w.techCount).map((t, i) => ({
      id: `tech-${i}`,
      skills: t.skills,
      territoryIds: t.territory,
      start: t.start,
      workingHours: t.days.map((weekday) => ({ weekday, startMinute: t.from * 60, endMinute: t.to * 60 })),
      timeOff: t.offAt == null ? [] : [{ startsAt: at(date, t.offAt), endsAt: at(date, t.offAt, 45) }],
    }));
    // Visits laid down per technician in time order, skipping any that would overlap.
    const visits: BusyVisit[] = [];
    for (const v of [...w.seedVisits].sort((a, b) => a.hour * 60 + a.minute - (b.hour * 60 + b.minute))) {
      const resourceId = `tech-${v.tech % w.techCount}`;
      const arrivalAt = at(date, v.hour, v.minute);
      const visit = { resourceId, startsAt: arrivalAt - v.travel * MINUTE, arrivalAt, endsAt: arrivalAt + v.length * MINUTE, location: v.where };
      if (!visits.some((o) => o.resourceId === resourceId && o.startsAt < visit.endsAt && visit.startsAt < o.endsAt)) visits.push(visit);
    }
    const q: SlotQuery = {
      durationMinutes: w.query.duration,
      requiredSkills: w.query.skills,
      location: w.query.location,
      from: date,
      to: w.query.twoDays ? addDays(date, 1) : date,
      timeZone,
      slotIntervalMinutes: w.query.interval,
      earliest: at(date, w.query.earliestHour),
      latest: Number.MAX_SAFE_INTEGER,
      maxTravelMinutes: w.query.maxTravel,
    };
    return { query: q, data: data(technicians, visits, territories) };
  });

const wallClock = new Map<string, number[]>();
/**
 * The grid the slow, obvious way: every instant of `date` (scanned in quarter hours, which every zone
 * used here keeps to) whose clock reading, read back through Intl, is a multiple of `step` minutes
 * after midnight; a reading the clock shows twice counts once, the first time.
 */
function referenceGrid(date: string, step: number, timeZone: string): number[] {
  const key = `${timeZone}|${date}`;
  let readings = wallClock.get(key);
  if (!readings) {
    const format = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
    readings = [];
    const seen = new Set<number>();
    const dayStart = Date.parse(`${date}T00:00:00Z`);
    for (let t = dayStart - 16 * 60 * MINUTE; t < dayStart + 40 * 60 * MINUTE; t += 15 * MINUTE) {
      const p = Object.fromEntries(format.formatToParts(t).map((x) => [x.type, x.value]));
      const minute = Number(p.hour) * 60 + Number(p.minute);
      if (`${p.year}-${p.month}-${p.day}` !== date || seen.has(minute)) continue;
      seen.add(minute);
      readings.push(t, minute);
    }
    wallClock.set(key, readings);
  }
  const grid: number[] = [];
  for (let i = 0; i < readings.length; i += 2) if (readings[i + 1]! % step === 0) grid.push(readings[i]!);
  return grid;
}

/** Can `t` arrive at `arrival`? The rules written out the slow, obvious way. Returns its travel. */
function referenceTravel(q: SlotQuery, d: ScheduleData, t: Technician, arrival: number): number | undefined {
  const end = arrival + q.durationMinutes * MINUTE;
  for (const date of datesBetween(q.from, q.to)) {
    for (const h of t.workingHours.filter((w) => w.weekday === isoWeekday(date))) {
      const shiftStart = zonedInstant(date, h.startMinute, q.timeZone);
      const shiftEnd = zonedInstant(date, h.endMinute, q.timeZone);
      const mine = d.visits.filter((v) => v.resourceId === t.id && v.endsAt > shiftStart && v.startsAt < shiftEnd);
      const previous = mine.filter((v) => v.endsAt <= arrival).sort((a, b) => b.endsAt - a.endsAt)[0];
      const minutes = d.travel.minutes(previous?.location ?? t.start, q.location, 0);
      const depart = arrival - minutes * MINUTE;
      if (depart < shiftStart || end > shiftEnd || minutes > q.maxTravelMinutes) continue;
      const busy = [...mine, ...t.timeOff];
      if (busy.some((b) => b.startsAt < end && depart < b.endsAt)) continue;
      // The next visit counts wherever it is, even after the shift.
      const next = d.visits.filter((v) => v.resourceId === t.id && v.startsAt >= end).sort((a, b) => a.startsAt - b.startsAt)[0];
      if (next && end + d.travel.minutes(q.location, next.location, 0) * MINUTE > next.arrivalAt) continue;
      return minutes;
    }
  }
  return undefined;
}

describe('findSlots — properties', () => {
  it('offers exactly the times someone qualified can make, each with the least travel', () => {
    fc.assert(
      fc.property(world, ({ query: q, data: d }) => {
        const slots = findSlots(q, d);
        const qualified = qualifiedTechnicians(q, d);
        // Every grid time of the searched days, checked by brute force.
        const grid: number[] = [];
        for (const date of datesBetween(q.from, q.to)) {
          for (const t of referenceGrid(date, q.slotIntervalMinutes, q.timeZone)) if (t >= q.earliest && t <= q.latest) grid.push(t);
        }
        const expected = grid.flatMap((arrival) => {
          const options = qualified.map((t) => ({ id: t.id, minutes: referenceTravel(q, d, t, arrival) })).filter((o) => o.minutes !== undefined);
          if (!options.length) return [];
          const least = Math.min(...options.map((o) => o.minutes!));
          return [{ arrival, least, ids: options.filter((o) => o.minutes === least).map((o) => o.id).sort() }];
        });
        expect(slots.map((s) => s.arrivalAt)).toEqual(expected.map((e) => e.arrival));
        slots.forEach((slot, i) => {
          expect(slot.travelMinutes).toBe(expected[i]!.least);
          expect(slot.resourceId).toBe(expected[i]!.ids[0]); // least travel; ties to the smallest id
        });
      }),
      { numRuns: 400 },
    );
  });

  it('never offers a slot that overlaps the chosen technician’s visits, travel included', () => {
    fc.assert(
      fc.property(world, ({ query: q, data: d }) => {
        for (const slot of findSlots(q, d)) {
          for (const v of d.visits.filter((v) => v.resourceId === slot.resourceId)) {
            expect(slot.startsAt < v.endsAt && v.startsAt < slot.endsAt).toBe(false);
            if (v.startsAt >= slot.endsAt) expect(slot.endsAt + d.travel.minutes(q.location, v.location, 0) * MINUTE).toBeLessThanOrEqual(v.arrivalAt);
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('only ever sends technicians with every required skill', () => {
    fc.assert(
      fc.property(world, ({ query: q, data: d }) => {
        const byId = new Map(d.technicians.map((t) => [t.id, t]));
        for (const slot of findSlots(q, d)) expect(q.requiredSkills.every((s) => byId.get(slot.resourceId)!.skills.includes(s))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('lists, for any offered time, every technician who can make it, the offered one first', () => {
    fc.assert(
      fc.property(world, ({ query: q, data: d }) => {
        for (const slot of findSlots(q, d).slice(0, 5)) {
          const all = candidatesAt(q, d, slot.arrivalAt);
          expect(all[0]).toEqual(slot);
          const qualified = qualifiedTechnicians(q, d);
          const able = qualified.filter((t) => referenceTravel(q, d, t, slot.arrivalAt) !== undefined).map((t) => t.id);
          expect(all.map((c) => c.resourceId).sort()).toEqual(able.sort());
        }
        // Off the grid, outside the limits: nobody.
        expect(candidatesAt(q, d, q.earliest + 7 * MINUTE + 1)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('with an accept predicate, offers every time some accepted technician can make, the best accepted one — the one booking would take', () => {
    fc.assert(
      fc.property(world, fc.integer({ min: 0, max: 1000 }), ({ query: q, data: d }, salt) => {
        // A deterministic veto of roughly a third of (technician, time) pairs.
        const vetoed = (c: { resourceId: string; arrivalAt: number }) => (hash(`${salt}|${c.resourceId}|${c.arrivalAt}`) % 3 === 0);
        const ruled = { ...d, accept: (c: Candidate) => !vetoed(c) };
        const offered = findSlots(q, ruled);
        for (const slot of offered) expect(vetoed(slot)).toBe(false);
        // Each time offered without the rule is offered with it exactly when some candidate survives,
        // by the first survivor in booking's order.
        const byTime = new Map(offered.map((s) => [s.arrivalAt, s]));
        for (const plain of findSlots(q, d).slice(0, 8)) {
          const survivors = candidatesAt(q, d, plain.arrivalAt).filter((c) => !vetoed(c));
          expect(byTime.get(plain.arrivalAt)).toEqual(survivors[0]);
          expect(candidatesAt(q, ruled, plain.arrivalAt)).toEqual(survivors);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('does not depend on the order of its inputs', () => {
    fc.assert(
      fc.property(world, ({ query: q, data: d }) => {
        const reversed = { ...d, technicians: [...d.technicians].reverse(), visits: [...d.visits].reverse() };
        expect(findSlots(q, reversed)).toEqual(findSlots(q, d));
      }),
      { numRuns: 200 },
    );
  });

  it('agrees with the distance it is given', () => {
    expect(distanceKm(PORTLAND, PORTLAND)).toBe(0);
    expect(distanceKm(PORTLAND, { lat: 45.4985, lon: -122.4302 })).toBeCloseTo(19.4, 0);
  });
});

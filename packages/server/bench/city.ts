// A deterministic synthetic city (Portland-sized) for benchmarks: the same seed, the same city.
import { addDays, type BusyVisit, type LatLon, type Technician, type Territory, zonedInstant } from '@arrivo/core';

export const TZ = 'America/Los_Angeles';
export const SKILLS = ['plumbing', 'water-heaters', 'hvac', 'gas'];
const CENTER: LatLon = { lat: 45.52, lon: -122.66 };

/** mulberry32: small, fast, good enough to scatter a city. */
export function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function placeIn(rand: () => number, spreadKm = 18): LatLon {
  const r = spreadKm * Math.sqrt(rand());
  const angle = rand() * 2 * Math.PI;
  return { lat: CENTER.lat + (r * Math.sin(angle)) / 111, lon: CENTER.lon + (r * Math.cos(angle)) / 78 };
}

export const TERRITORIES: Territory[] = [
  { id: 'nw', area: { center: { lat: 45.58, lon: -122.75 }, radiusKm: 14 } },
  { id: 'ne', area: { center: { lat: 45.58, lon: -122.57 }, radiusKm: 14 } },
  { id: 'sw', area: { center: { lat: 45.46, lon: -122.75 }, radiusKm: 14 } },
  { id: 'se', area: { center: { lat: 45.46, lon: -122.57 }, radiusKm: 14 } },
];

export interface City {
  technicians: Technician[];
  visits: BusyVisit[];
}

/** `count` technicians over `days` days from `firstDay`, each with about three visits a working day. */
export function buildCity(seed: number, count: number, firstDay: string, days: number): City {
  const rand = random(seed);
  const technicians: Technician[] = [];
  const visits: BusyVisit[] = [];
  for (let i = 0; i < count; i++) {
    const id = `tech-${String(i).padStart(4, '0')}`;
    const from = 7 + Math.floor(rand() * 3);
    technicians.push({
      id,
      skills: SKILLS.filter(() => rand() < 0.5).concat(SKILLS[i % SKILLS.length]!),
      territoryIds: TERRITORIES.filter(() => rand() < 0.45).map((t) => t.id),
      start: placeIn(rand),
      workingHours: [1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, startMinute: from * 60, endMinute: (from + 9) * 60 })),
      timeOff: [],
    });
    for (let d = 0; d < days; d++) {
      const date = addDays(firstDay, d);
      let minute = (from + 1) * 60 + Math.floor(rand() * 60);
      for (let v = 0; v < 3; v++) {
        const travel = 10 + Math.floor(rand() * 25);
        const arrivalAt = zonedInstant(date, minute, TZ);
        const length = 45 + Math.floor(rand() * 75);
        visits.push({ resourceId: id, startsAt: arrivalAt - travel * 60_000, arrivalAt, endsAt: arrivalAt + length * 60_000, location: placeIn(rand) });
        minute += length + travel + 30 + Math.floor(rand() * 60);
      }
    }
  }
  return { technicians, visits };
}

export function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
  return { n: sorted.length, p50: round(at(50)), p95: round(at(95)), p99: round(at(99)), max: round(sorted.at(-1)!) };
}

const round = (ms: number) => Math.round(ms * 100) / 100;

export const verdict = (value: number, target: number) => (value <= target ? 'within target' : 'OVER TARGET');

// A simulated technician: signs in as the visit's technician and drives a route, sending one
// location fix every few seconds through the real API (POST …/technician/visits/{id}/locations),
// exactly as the technician app does. The demo runs it for its seeded traveling visit; `npm run
// simulate` runs it for any visit.
import { distanceKm, type LocationFix } from '@arrivo/core';

export interface LatLon {
  lat: number;
  lon: number;
}

/**
 * From Maya's start (E Burnside St at NE 18th Ave) to Linh's (3614 SE Hawthorne Blvd): east on
 * E Burnside to 20th, south on SE 20th Ave along Lone Fir Cemetery, east on SE Hawthorne Blvd.
 * Corners and cross streets on Portland's grid, about 2.8 km.
 */
export const DEMO_ROUTE: readonly LatLon[] = [
  { lat: 45.5231, lon: -122.6465 }, // E Burnside St & NE 18th Ave
  { lat: 45.5231, lon: -122.6443 }, // E Burnside St & 20th Ave
  { lat: 45.5219, lon: -122.6443 }, // SE 20th Ave & SE Ankeny St
  { lat: 45.5205, lon: -122.6443 }, // SE Pine St
  { lat: 45.5191, lon: -122.6443 }, // SE Stark St
  { lat: 45.5177, lon: -122.6443 }, // SE Alder St
  { lat: 45.5162, lon: -122.6443 }, // SE Belmont St
  { lat: 45.5148, lon: -122.6443 }, // SE Taylor St
  { lat: 45.5134, lon: -122.6443 }, // SE Main St
  { lat: 45.5121, lon: -122.6443 }, // SE 20th Ave & SE Hawthorne Blvd
  { lat: 45.5121, lon: -122.6397 }, // SE 24th Ave
  { lat: 45.5121, lon: -122.6351 }, // SE 28th Ave
  { lat: 45.5121, lon: -122.6305 }, // SE 32nd Ave
  { lat: 45.5120, lon: -122.6282 }, // SE 34th Ave
  { lat: 45.5120, lon: -122.6262 }, // 3614 SE Hawthorne Blvd
];

/**
 * A route to `to`: the demo route when it ends there, else an L along the (north–south, east–west)
 * street grid from about 2.5 km north-west.
 */
export function routeTo(to: LatLon): LatLon[] {
  const end = DEMO_ROUTE.at(-1)!;
  if (distanceKm(end, to) < 0.1) return [...DEMO_ROUTE.slice(0, -1), to];
  const start = { lat: to.lat + 0.012, lon: to.lon - 0.02 };
  return [start, { lat: start.lat, lon: to.lon }, to];
}

/** Points every `stepM` metres along a route (its corners kept), each with the heading to the next. */
export function alongRoute(route: readonly LatLon[], stepM: number): (LatLon & { headingDeg: number })[] {
  const out: (LatLon & { headingDeg: number })[] = [];
  for (let i = 0; i < route.length - 1; i++) {
    const a = route[i]!;
    const b = route[i + 1]!;
    const metres = distanceKm(a, b) * 1000;
    const headingDeg = bearing(a, b);
    const steps = Math.max(1, Math.ceil(metres / stepM));
    for (let s = 0; s < steps; s++) out.push({ lat: a.lat + ((b.lat - a.lat) * s) / steps, lon: a.lon + ((b.lon - a.lon) * s) / steps, headingDeg });
  }
  const last = route.at(-1)!;
  out.push({ ...last, headingDeg: out.at(-1)?.headingDeg ?? 0 });
  return out;
}

function bearing(a: LatLon, b: LatLon): number {
  const rad = Math.PI / 180;
  const y = Math.sin((b.lon - a.lon) * rad) * Math.cos(b.lat * rad);
  const x = Math.cos(a.lat * rad) * Math.sin(b.lat * rad) - Math.sin(a.lat * rad) * Math.cos(b.lat * rad) * Math.cos((b.lon - a.lon) * rad);
  const deg = (Math.atan2(y, x) / rad + 360) % 360;
  return Math.round(deg * 10) / 10 % 360;
}

export interface SimulateOptions {
  /** The server's base URL, e.g. http://localhost:8787. */
  url: string;
  business: string;
  email: string;
  password: string;
  bookingId: string;
  /** 1 = city driving (about 32 km/h); 2 twice as fast. Fixes still go every `intervalMs`. */
  speed?: number;
  intervalMs?: number;
  /** Drive the route again after a pause at the door (the demo), rather than stop there. */
  loop?: boolean;
  /** Move a Scheduled visit to Traveling first (as pressing Start traveling would). */
  start?: boolean;
  signal?: AbortSignal;
  log?: (line: string) => void;
  /** Each fix the server accepted. */
  onSent?: (fix: LocationFix) => void;
}

const CITY_SPEED_MPS = 9;

/** Drive until the route ends (or, with `loop`, until aborted or the visit stops Traveling). */
export async function simulateVisit(o: SimulateOptions): Promise<'arrived' | 'stopped' | 'not_traveling' | 'failed'> {
  const log = o.log ?? (() => undefined);
  const speed = o.speed ?? 1;
  const intervalMs = o.intervalMs ?? 5_000;
  const base = `${o.url.replace(/\/$/, '')}/api/businesses/${encodeURIComponent(o.business)}`;
  let token = await signIn(base, o.email, o.password);
  const call = async (method: string, path: string, body?: unknown) => {
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(`${base}/${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
        signal: o.signal,
      });
      if (res.status === 401 && attempt === 0) {
        token = await signIn(base, o.email, o.password); // the session expired: once more
        continue;
      }
      return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, unknown> | null };
    }
  };

  const visitPath = `technician/visits/${encodeURIComponent(o.bookingId)}`;
  const got = await call('GET', visitPath);
  if (got.status !== 200) {
    log(`Cannot simulate booking ${o.bookingId}: ${got.status} ${String(got.body?.code ?? '')} (is it a visit of ${o.email}?)`);
    return 'failed';
  }
  let visit = got.body as { status: string; address: LatLon };
  if (visit.status === 'scheduled' && o.start) {
    const moved = await call('POST', `${visitPath}/status`, { status: 'traveling' });
    if (moved.status !== 200) {
      log(`Could not start traveling: ${moved.status} ${String(moved.body?.code ?? '')}`);
      return 'failed';
    }
    visit = moved.body as typeof visit;
  }
  if (visit.status !== 'traveling') {
    log(`Booking ${o.bookingId} is ${visit.status}, not traveling${visit.status === 'scheduled' ? ' (pass --start to set off)' : ''}.`);
    return 'not_traveling';
  }

  const points = alongRoute(routeTo(visit.address), CITY_SPEED_MPS * speed * (intervalMs / 1000));
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      timer.unref?.();
      o.signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });
  log(`Driving to ${o.bookingId}: ${points.length} fixes, one every ${intervalMs / 1000} s${o.loop ? ', again and again' : ''}.`);
  try {
    for (;;) {
      for (let i = 0; i < points.length; i++) {
        if (o.signal?.aborted) return 'stopped';
        const p = points[i]!;
        const moving = i < points.length - 1;
        const fix: LocationFix = {
          lat: Math.round(p.lat * 1e6) / 1e6,
          lon: Math.round(p.lon * 1e6) / 1e6,
          accuracyM: 8,
          headingDeg: p.headingDeg,
          speedMps: moving ? CITY_SPEED_MPS * speed : 0,
          recordedAt: new Date().toISOString(),
        };
        const sent = await call('POST', `${visitPath}/locations`, { fixes: [fix] });
        if (sent.status === 409) {
          log(`Booking ${o.bookingId} is no longer traveling; the simulated technician stops.`);
          return 'not_traveling';
        }
        if (sent.status === 429) await pause(intervalMs); // slow down, then go on
        else if (sent.status >= 400) log(`A fix was refused: ${sent.status} ${String(sent.body?.code ?? '')}`);
        else o.onSent?.(fix);
        await pause(intervalMs);
      }
      if (!o.loop) return 'arrived';
      log('At the door; driving the route again in 30 s (a real technician would press Arrived).');
      await pause(30_000);
    }
  } catch (err) {
    if (o.signal?.aborted) return 'stopped';
    throw err;
  }
}

async function signIn(base: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${base}/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (!res.ok) throw new Error(`Signing in as ${email} failed (${res.status}).`);
  return ((await res.json()) as { token: string }).token;
}

// The demo's live-tracking story: on first start Linh's visit with Maya is already Traveling, and
// the simulated technician drives real streets to it through the technician API.
import { describe, expect, it } from 'vitest';
import { distanceKm } from '@arrivo/core';
import { useTestApp } from '../packages/server/test/app';
import { call } from '../packages/server/test/http';
import { DEMO_PASSWORD, DEMO_SLUG, seedDemo } from './seed';
import { alongRoute, DEMO_ROUTE, routeTo, simulateVisit } from './simulate';
import { currentDemoTrip, DEMO_TECHNICIAN_EMAIL } from './visits';

const LINH_HOME = { lat: 45.512, lon: -122.6262 }; // 3614 SE Hawthorne Blvd, as the seed has it

describe('the demo technician day', () => {
  const api = useTestApp();

  it('has Linh’s visit with Maya already Traveling, set off by Maya through the status service', async () => {
    const summary = await seedDemo(api.deps);
    expect(summary.technicianVisits).toBe(2);
    const id = summary.travelingBookingId!;
    expect(await currentDemoTrip(api.sql, DEMO_SLUG)).toBe(id);

    const [visit] = await api.sql`
      SELECT b.status, r.email, a.name AS account, b.arrival_at > now() AS ahead
      FROM booking b JOIN resource r ON r.id = b.resource_id JOIN work_order w ON w.id = b.work_order_id JOIN account a ON a.id = w.account_id
      WHERE b.id = ${id}`;
    expect(visit).toEqual({ status: 'traveling', email: DEMO_TECHNICIAN_EMAIL, account: 'Nguyen household', ahead: true });
    const history = await api.sql`
      SELECT h.to_status, u.email FROM booking_status_history h LEFT JOIN auth_user u ON u.id = h.changed_by_user_id
      WHERE h.booking_id = ${id} ORDER BY h.id`;
    expect(history.map((h) => h.toStatus)).toEqual(['scheduled', 'traveling']);
    expect(history[1]!.email).toBe(DEMO_TECHNICIAN_EMAIL);

    // Linh sees it as her Active appointment.
    const linh = await call(api.url, 'POST', `/api/businesses/${DEMO_SLUG}/session`, { body: { email: 'linh.nguyen@example.com', password: DEMO_PASSWORD } });
    const list = await call(api.url, 'GET', `/api/businesses/${DEMO_SLUG}/me/bookings`, { token: linh.body.token });
    expect(list.body.active.id).toBe(id);
    expect(list.body.active.status).toBe('traveling');
  });

  it('moves a traveling visit from an earlier day to now, so a later start still shows it on its way', async () => {
    const id = (await currentDemoTrip(api.sql, DEMO_SLUG))!;
    const later = Date.now() + 3 * 86_400_000;
    expect(await currentDemoTrip(api.sql, DEMO_SLUG, later)).toBe(id);
    const [row] = await api.sql`SELECT arrival_at FROM booking WHERE id = ${id}`;
    expect(row!.arrivalAt.getTime()).toBeGreaterThan(later);
    expect(row!.arrivalAt.getTime()).toBeLessThan(later + 30 * 60_000);
  });

  it('the simulated technician sends fixes along the route through the location API', async () => {
    const id = (await currentDemoTrip(api.sql, DEMO_SLUG))!;
    const stop = new AbortController();
    const sent: { lat: number; lon: number }[] = [];
    const run = simulateVisit({
      url: api.url, business: DEMO_SLUG, email: DEMO_TECHNICIAN_EMAIL, password: DEMO_PASSWORD, bookingId: id,
      speed: 3, intervalMs: 300, signal: stop.signal, onSent: (f) => sent.push(f),
    });
    await expect.poll(() => sent.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
    stop.abort();
    expect(await run).toBe('stopped');
    // From Maya's start, east along E Burnside; what Linh's map reads is where Maya last was.
    expect(distanceKm(sent[0]!, DEMO_ROUTE[0]!) * 1000).toBeLessThan(5);
    expect(sent[2]!.lon).toBeGreaterThan(sent[0]!.lon);
    const linh = await call(api.url, 'POST', `/api/businesses/${DEMO_SLUG}/session`, { body: { email: 'linh.nguyen@example.com', password: DEMO_PASSWORD } });
    const view = await call(api.url, 'GET', `/api/businesses/${DEMO_SLUG}/me/bookings/${id}/tracking`, { token: linh.body.token });
    expect(view.status).toBe(200);
    expect(view.body.position).toMatchObject({ lat: sent.at(-1)!.lat, lon: sent.at(-1)!.lon });
  });
});

describe('the demo route', () => {
  it('runs from Maya’s start to Linh’s door', () => {
    expect(distanceKm(DEMO_ROUTE[0]!, { lat: 45.5231, lon: -122.6465 }) * 1000).toBeLessThan(10);
    expect(distanceKm(DEMO_ROUTE.at(-1)!, LINH_HOME) * 1000).toBeLessThan(10);
    expect(routeTo(LINH_HOME)).toEqual([...DEMO_ROUTE.slice(0, -1), LINH_HOME]);
  });

  it('follows the street grid: every leg runs along one street (north–south or east–west)', () => {
    for (let i = 1; i < DEMO_ROUTE.length; i++) {
      const [a, b] = [DEMO_ROUTE[i - 1]!, DEMO_ROUTE[i]!];
      expect(Math.abs(a.lat - b.lat) < 0.00015 || Math.abs(a.lon - b.lon) < 0.00015, `leg ${i}`).toBe(true);
    }
  });

  it('is driven in steps no longer than asked, with a heading, and a newcomer sees it move within a minute', () => {
    const points = alongRoute(DEMO_ROUTE, 45);
    for (let i = 1; i < points.length; i++) expect(distanceKm(points[i - 1]!, points[i]!) * 1000).toBeLessThanOrEqual(45.5);
    expect(points.every((p) => p.headingDeg >= 0 && p.headingDeg < 360)).toBe(true);
    expect(points[1]!.headingDeg).toBeCloseTo(90, 0); // east on Burnside
    // At 5 s a fix and 45 m a step, the first minute moves the marker some 300 m (as the crow flies, round a corner).
    expect(distanceKm(points[0]!, points[12]!) * 1000).toBeGreaterThan(300);
    // Total: a few minutes of driving, so the trip is seen whole.
    expect(points.length * 5).toBeLessThan(10 * 60);
  });

  it('routes any other visit along the grid, ending at its door', () => {
    const to = { lat: 45.5206, lon: -122.6829 };
    const route = routeTo(to);
    expect(route.at(-1)).toEqual(to);
    expect(route).toHaveLength(3);
  });
});

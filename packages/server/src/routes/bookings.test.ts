import { randomUUID } from 'node:crypto';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app';
import { dayFromNow, makeCustomer, makeSchedulingWorld, PASSWORD } from '../../test/fixtures';
import { call, signInToken } from '../../test/http';

type World = Awaited<ReturnType<typeof makeSchedulingWorld>>;

describe('customer scheduling API', () => {
  const api = useTestApp();
  let w: World;
  let token = '';
  const day = dayFromNow(3);
  const me = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    call(api.url, method, `/api/businesses/${w.business.slug}/me${path}`, { token, body, headers });
  const slotsOn = async (date = day, assetId?: string) =>
    (await me('GET', `/slots?serviceTypeId=${w.serviceTypeId}&date=${date}${assetId ? `&assetId=${assetId}` : ''}`)).body.slots as { arrivalAt: string }[];
  const bookAt = (arrivalAt: string, extra: Record<string, unknown> = {}, key = randomUUID()) =>
    me('POST', '/bookings', { serviceTypeId: w.serviceTypeId, arrivalAt, ...extra }, { 'idempotency-key': key });

  beforeAll(async () => {
    w = await makeSchedulingWorld(api.deps);
    token = await signInToken(api.url, w.business.slug, w.customer.email, PASSWORD);
  });
  beforeEach(() => api.sql`DELETE FROM rate_limit`);

  it('lists only the service types customers may book', async () => {
    const res = await me('GET', '/service-types');
    expect(res.body.map((t: { id: string }) => t.id)).toEqual([w.serviceTypeId]);
  });

  it('offers the day’s free arrival times, in the business’s zone', async () => {
    const res = await me('GET', `/slots?serviceTypeId=${w.serviceTypeId}&date=${day}`);
    expect(res.status).toBe(200);
    expect(res.body.timeZone).toBe('America/Los_Angeles');
    const local = res.body.slots.map((s: { arrivalAt: string }) =>
      new Intl.DateTimeFormat('en-GB', { timeZone: 'America/Los_Angeles', hour: '2-digit', minute: '2-digit' }).format(new Date(s.arrivalAt)));
    expect(local[0]).toMatch(/^08:(00|30)$/);
    expect(local.at(-1)).toBe('16:00');
  });

  it('books: arrival as chosen, departure earlier by the travel, work order for the customer at the asset’s place', async () => {
    const [, second] = await slotsOn(day, w.assetThere);
    const res = await bookAt(second!.arrivalAt, { assetId: w.assetThere, comments: 'Side gate code 4412' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'scheduled',
      arrivalAt: second!.arrivalAt,
      asset: { id: w.assetThere, name: 'Rental water heater' },
      address: { line1: '4410 SW Murray Blvd', city: 'Beaverton' },
      comments: 'Side gate code 4412',
      technician: { name: 'Maya', phone: null },
      actions: { modify: true, cancel: true, viewLiveMap: false, feedback: false },
    });
    const [row] = await api.sql`
      SELECT b.arrival_at, b.starts_at, b.travel_minutes, w.reported_by_contact_id, w.source, w.lat
      FROM booking b JOIN work_order w ON w.id = b.work_order_id WHERE b.id = ${res.body.id}`;
    expect(row!.travelMinutes).toBeGreaterThan(10); // Maya starts across town
    expect(row!.startsAt.getTime()).toBe(row!.arrivalAt.getTime() - row!.travelMinutes * 60_000);
    expect(row).toMatchObject({ reportedByContactId: w.customer.contactId, source: 'portal', lat: 45.4905 });
    // The arrival window the business promises (its setting; 60 minutes by default).
    expect(Date.parse(res.body.arrivalWindowEndsAt) - Date.parse(res.body.arrivalAt)).toBe(60 * 60_000);
    await api.sql`UPDATE business_settings SET arrival_window_minutes = 0 WHERE business_id = ${w.business.id}`;
    expect((await me('GET', `/bookings/${res.body.id}`)).body.arrivalWindowEndsAt).toBeNull();
    await api.sql`UPDATE business_settings SET arrival_window_minutes = 60 WHERE business_id = ${w.business.id}`;
    // That time is no longer offered (Maya is the only technician).
    expect((await slotsOn(day, w.assetThere)).map((s) => s.arrivalAt)).not.toContain(second!.arrivalAt);
  });

  it('never books twice for a retried request (Idempotency-Key)', async () => {
    const [slot] = await slotsOn(dayFromNow(4));
    const key = randomUUID();
    const first = await bookAt(slot!.arrivalAt, {}, key);
    const retry = await bookAt(slot!.arrivalAt, {}, key);
    expect(first.status).toBe(201);
    expect(retry.status).toBe(200);
    expect(retry.body.id).toBe(first.body.id);
    const [{ n }] = (await api.sql`SELECT count(*)::int AS n FROM booking WHERE arrival_at = ${slot!.arrivalAt}`) as never as [{ n: number }];
    expect(n).toBe(1);
    const misuse = await bookAt((await slotsOn(dayFromNow(4)))[0]!.arrivalAt, {}, key);
    expect(misuse).toMatchObject({ status: 422, body: { code: 'idempotency_key_reused' } });
    expect((await me('POST', '/bookings', { serviceTypeId: w.serviceTypeId, arrivalAt: slot!.arrivalAt })).status).toBe(400);
  });

  it('answers a taken time with 409 and the nearest free times', async () => {
    const slots = await slotsOn(dayFromNow(5));
    const target = slots[6]!.arrivalAt;
    expect((await bookAt(target)).status).toBe(201);
    const again = await bookAt(target);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('slot_taken');
    const alternatives = again.body.details.alternatives as { arrivalAt: string }[];
    expect(alternatives.length).toBeGreaterThan(0);
    expect(alternatives.map((a) => a.arrivalAt)).not.toContain(target);
    for (const alt of alternatives) expect(Math.abs(Date.parse(alt.arrivalAt) - Date.parse(target))).toBeLessThanOrEqual(4 * 3600_000);
  });

  it('modifies: same work order, new time; the old time frees up', async () => {
    const date = dayFromNow(6);
    const [first, , , , other] = await slotsOn(date);
    const booked = (await bookAt(first!.arrivalAt)).body;
    const moved = await me('POST', `/bookings/${booked.id}/reschedule`, { arrivalAt: other!.arrivalAt });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ id: booked.id, workOrderNumber: booked.workOrderNumber, arrivalAt: other!.arrivalAt });
    expect((await slotsOn(date)).map((s) => s.arrivalAt)).toContain(first!.arrivalAt);
    // Moving to a time that is itself taken is refused with alternatives.
    const blocker = (await bookAt(first!.arrivalAt)).body;
    const clash = await me('POST', `/bookings/${booked.id}/reschedule`, { arrivalAt: blocker.arrivalAt });
    expect(clash).toMatchObject({ status: 409, body: { code: 'slot_taken' } });
  });

  it('cancels with a required reason; the visit moves to Past', async () => {
    const [slot] = await slotsOn(dayFromNow(7));
    const booked = (await bookAt(slot!.arrivalAt)).body;
    const noReason = await me('POST', `/bookings/${booked.id}/cancel`, { reason: '' });
    expect(noReason).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
    const canceled = await me('POST', `/bookings/${booked.id}/cancel`, { reason: 'Fixed it myself' });
    expect(canceled.body).toMatchObject({ status: 'canceled', cancelReason: 'Fixed it myself', actions: { modify: false, cancel: false } });
    const list = await me('GET', '/bookings');
    expect(list.body.past.map((b: { id: string }) => b.id)).toContain(booked.id);
    const [history] = await api.sql`SELECT from_status, to_status, note FROM booking_status_history WHERE booking_id = ${booked.id} ORDER BY id DESC LIMIT 1`;
    expect(history).toEqual({ fromStatus: 'scheduled', toStatus: 'canceled', note: 'Fixed it myself' });
  });

  it('locks in-progress and traveling visits, and changes after the cut-off', async () => {
    const [a, , b] = await slotsOn(dayFromNow(8));
    const inProgress = (await bookAt(a!.arrivalAt)).body;
    const traveling = (await bookAt(b!.arrivalAt)).body;
    await api.sql`UPDATE booking SET status = 'in_progress' WHERE id = ${inProgress.id}`;
    await api.sql`UPDATE booking SET status = 'traveling' WHERE id = ${traveling.id}`;
    for (const id of [inProgress.id, traveling.id]) {
      expect(await me('POST', `/bookings/${id}/cancel`, { reason: 'changed my mind' })).toMatchObject({ status: 409, body: { code: 'booking_not_changeable' } });
      expect((await me('POST', `/bookings/${id}/reschedule`, { arrivalAt: a!.arrivalAt })).body.code).toBe('booking_not_changeable');
    }
    // A scheduled visit 30 minutes from now, with a 2-hour cut-off: too late to change online.
    await api.sql`
      UPDATE booking SET status = 'scheduled', arrival_at = now() + interval '30 minutes',
        starts_at = now() + interval '30 minutes' - make_interval(mins => travel_minutes), ends_at = now() + interval '90 minutes'
      WHERE id = ${inProgress.id}`;
    expect(await me('POST', `/bookings/${inProgress.id}/cancel`, { reason: 'too late?' })).toMatchObject({ status: 409, body: { code: 'change_window_closed' } });
    expect((await me('GET', `/bookings/${inProgress.id}`)).body.actions).toMatchObject({ modify: false, cancel: false });
  });

  it('groups appointments as the seeds describe', async () => {
    const fresh = await makeCustomer(api.deps, w.business.id);
    const freshToken = await signInToken(api.url, w.business.slug, fresh.email, PASSWORD);
    const mine = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
      call(api.url, method, `/api/businesses/${w.business.slug}/me${path}`, { token: freshToken, body, headers });
    const date = dayFromNow(9);
    const slots = (await mine('GET', `/slots?serviceTypeId=${w.serviceTypeId}&date=${date}`)).body.slots as { arrivalAt: string }[];
    const ids: string[] = [];
    for (const i of [0, 3, 6, 9, 12, 15]) {
      ids.push((await mine('POST', '/bookings', { serviceTypeId: w.serviceTypeId, arrivalAt: slots[i]!.arrivalAt }, { 'idempotency-key': randomUUID() })).body.id);
    }
    const [travel1, travel2, working, scheduled, done, canceled] = ids;
    await api.sql`UPDATE booking SET status = 'traveling' WHERE id IN ${api.sql([travel1!, travel2!])}`;
    await api.sql`UPDATE booking SET status = 'in_progress' WHERE id = ${working!}`;
    await api.sql`UPDATE booking SET status = 'completed' WHERE id = ${done!}`;
    await mine('POST', `/bookings/${canceled}/cancel`, { reason: 'no longer needed' });

    const { body } = await mine('GET', '/bookings');
    expect(body.active.id).toBe(travel1);
    expect(body.active.actions.viewLiveMap).toBe(true);
    expect(body.upcoming.map((b: { id: string }) => b.id)).toEqual([travel2, working, scheduled]);
    expect(body.upcoming[0].actions).toMatchObject({ viewLiveMap: true, modify: false });
    expect(body.upcoming[1].actions).toMatchObject({ modify: false, cancel: false, viewLiveMap: false });
    expect(body.upcoming[2].actions).toMatchObject({ modify: true, cancel: true });
    expect(body.past.map((b: { id: string }) => b.id)).toEqual([canceled, done]);
    expect(body.past[1].actions.feedback).toBe(true);
  });

  it("keeps other accounts' bookings and assets out of reach (404)", async () => {
    const [slot] = await slotsOn(dayFromNow(10));
    const mineBooking = (await bookAt(slot!.arrivalAt)).body;
    const stranger = await makeCustomer(api.deps, w.business.id);
    const theirs = await signInToken(api.url, w.business.slug, stranger.email, PASSWORD);
    const as = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
      call(api.url, method, `/api/businesses/${w.business.slug}/me${path}`, { token: theirs, body, headers });
    for (const [method, path, body] of [
      ['GET', `/bookings/${mineBooking.id}`, undefined],
      ['POST', `/bookings/${mineBooking.id}/cancel`, { reason: 'not mine to cancel' }],
      ['POST', `/bookings/${mineBooking.id}/reschedule`, { arrivalAt: slot!.arrivalAt }],
      ['GET', `/slots?serviceTypeId=${w.serviceTypeId}&date=${day}&assetId=${w.assetHere}`, undefined],
    ] as const) {
      expect(await as(method, path, body), `${method} ${path}`).toMatchObject({ status: 404, body: { code: 'not_found' } });
    }
    const bookOnTheirAsset = await as('POST', '/bookings', { serviceTypeId: w.serviceTypeId, assetId: w.assetHere, arrivalAt: slot!.arrivalAt }, { 'idempotency-key': randomUUID() });
    expect(bookOnTheirAsset.status).toBe(404);
    expect((await me('GET', `/bookings/${mineBooking.id}`)).status).toBe(200);
  });

  it('refuses bad dates, unknown or staff-only service types, past and off-grid times with clear codes', async () => {
    const cases: [string, Promise<{ status: number; body: any }>, number, string][] = [
      ['bad date', me('GET', `/slots?serviceTypeId=${w.serviceTypeId}&date=2026-02-30`), 400, 'validation_failed'],
      ['beyond the horizon', me('GET', `/slots?serviceTypeId=${w.serviceTypeId}&date=${dayFromNow(60)}`), 400, 'outside_horizon'],
      ['yesterday', me('GET', `/slots?serviceTypeId=${w.serviceTypeId}&date=${dayFromNow(-1)}`), 400, 'outside_horizon'],
      ['unknown type', me('GET', `/slots?serviceTypeId=${randomUUID()}&date=${day}`), 404, 'not_found'],
      ['staff-only type', me('GET', `/slots?serviceTypeId=${w.hiddenServiceTypeId}&date=${day}`), 404, 'not_found'],
      ['past time', bookAt(new Date(Date.now() - 3600_000).toISOString()), 400, 'outside_horizon'],
      ['off the grid', bookAt(`${dayFromNow(11)}T17:07:00Z`), 409, 'slot_taken'],
      ['no offset', bookAt(`${dayFromNow(11)}T17:00:00`), 400, 'validation_failed'],
      ['range backwards', me('GET', `/slot-days?serviceTypeId=${w.serviceTypeId}&from=${dayFromNow(5)}&to=${dayFromNow(2)}`), 400, 'validation_failed'],
    ];
    for (const [label, request, status, code] of cases) expect(await request, label).toMatchObject({ status, body: { code } });
  });

  it('lists the days with free times, clipped to the horizon', async () => {
    const res = await me('GET', `/slot-days?serviceTypeId=${w.serviceTypeId}&from=${dayFromNow(-5)}&to=${dayFromNow(40)}`);
    expect(res.status).toBe(200);
    const days: string[] = res.body.days.map((d: { date: string }) => d.date);
    expect(days.every((d) => d >= dayFromNow(0) && d <= dayFromNow(30))).toBe(true);
    expect(days).toContain(dayFromNow(12));
    expect(days).toContain(dayFromNow(29));
    // The horizon ends 30 days from now, mid-day 30: that day offers only times before it.
    const horizon = Date.now() + 30 * 86_400_000;
    for (const slot of await slotsOn(dayFromNow(30))) expect(Date.parse(slot.arrivalAt)).toBeLessThanOrEqual(horizon);
    // Each day's count is what that day's slot list holds.
    expect(res.body.days.find((d: { date: string }) => d.date === dayFromNow(12)).slots).toBe((await slotsOn(dayFromNow(12))).length);
  });
});

describe('booking with several technicians', () => {
  const api = useTestApp();

  it('sends the next-nearest technician when the nearest is taken, and 409s with alternatives when all are', async () => {
    const w = await makeSchedulingWorld(api.deps, {
      technicians: [
        { name: 'Near', lat: 45.513, lon: -122.627 },
        { name: 'Far', lat: 45.45, lon: -122.75 },
      ],
    });
    const token = await signInToken(api.url, w.business.slug, w.customer.email, PASSWORD);
    const me = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
      call(api.url, method, `/api/businesses/${w.business.slug}/me${path}`, { token, body, headers });
    const { slots } = (await me('GET', `/slots?serviceTypeId=${w.serviceTypeId}&date=${dayFromNow(3)}`)).body;
    const arrivalAt = slots[6].arrivalAt;
    const book = () => me('POST', '/bookings', { serviceTypeId: w.serviceTypeId, arrivalAt }, { 'idempotency-key': randomUUID() });
    const first = await book();
    const second = await book();
    expect([first.status, second.status]).toEqual([201, 201]);
    expect([first.body.technician.name, second.body.technician.name]).toEqual(['Near', 'Far']);
    const third = await book();
    expect(third).toMatchObject({ status: 409, body: { code: 'slot_taken' } });
    expect(third.body.details.alternatives.length).toBeGreaterThan(0);
  });
});

describe('no double booking, ever', () => {
  const api = useTestApp();

  it('lets exactly one of 50 simultaneous bookings of one technician’s time through; the rest get 409, none deadlocks', async () => {
    const w = await makeSchedulingWorld(api.deps);
    const customers = await Promise.all(Array.from({ length: 5 }, () => makeCustomer(api.deps, w.business.id)));
    const tokens = await Promise.all(customers.map((c) => signInToken(api.url, w.business.slug, c.email, PASSWORD)));
    const date = dayFromNow(2);
    const slots = (await call(api.url, 'GET', `/api/businesses/${w.business.slug}/me/slots?serviceTypeId=${w.serviceTypeId}&date=${date}`, { token: tokens[0] })).body.slots;
    // Overlapping times (30 minutes apart for a 60-minute job), all for the only technician.
    const times = [slots[4].arrivalAt, slots[5].arrivalAt];
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        call(api.url, 'POST', `/api/businesses/${w.business.slug}/me/bookings`, {
          token: tokens[i % tokens.length],
          headers: { 'idempotency-key': randomUUID() },
          body: { serviceTypeId: w.serviceTypeId, arrivalAt: times[i % 2] },
        }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    expect(new Set(results.filter((r) => r.status === 409).map((r) => r.body.code))).toEqual(new Set(['slot_taken']));
    const [{ n }] = (await api.sql`SELECT count(*)::int AS n FROM booking WHERE business_id = ${w.business.id} AND status <> 'canceled'`) as never as [{ n: number }];
    expect(n).toBe(1);
  });
});

import { randomUUID } from 'node:crypto';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app';
import { dayFromNow, makeAccount, makeBooking, makeBusiness, makeContact, makeResource, makeSchedulingWorld, makeStaff, makeWorkOrder, PASSWORD } from '../../test/fixtures';
import { call, signInToken } from '../../test/http';

type World = Awaited<ReturnType<typeof makeSchedulingWorld>>;
type Slot = { arrivalAt: string; endsAt: string; technicianId?: string; travelMinutes?: number };

describe('staff scheduling for customers: free times, book on behalf, move a visit', () => {
  const api = useTestApp();
  let w: World;
  let other: Awaited<ReturnType<typeof makeBusiness>>;
  let otherBookingId = '';
  let otherAccountId = '';
  let otherTechnicianId = '';
  const tokens: Record<string, string> = {};
  let day = 2;

  const admin = (method: string, path: string, body?: unknown, as = 'dispatcher', headers: Record<string, string> = {}) =>
    call(api.url, method, `/api/businesses/${w.business.slug}/admin${path}`, { token: tokens[as], body, headers });
  const me = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    call(api.url, method, `/api/businesses/${w.business.slug}/me${path}`, { token: tokens.customer, body, headers });
  const staffBook = (body: Record<string, unknown>, accountId = w.customer.accountId, key = randomUUID(), as = 'dispatcher') =>
    admin('POST', `/accounts/${accountId}/bookings`, { serviceTypeId: w.serviceTypeId, contactId: w.customer.contactId, ...body }, as, { 'idempotency-key': key });
  /** The customer books the first free time of a day of its own, in the portal. */
  const portalBook = async () => {
    day++;
    const slots = (await me('GET', `/slots?serviceTypeId=${w.serviceTypeId}&date=${dayFromNow(day)}`)).body.slots as Slot[];
    const res = await me('POST', '/bookings', { serviceTypeId: w.serviceTypeId, arrivalAt: slots[0]!.arrivalAt }, { 'idempotency-key': randomUUID() });
    expect(res.status).toBe(201);
    return res.body as { id: string; arrivalAt: string };
  };
  const logOf = (bookingId: string) => api.sql<{ message: string }[]>`SELECT message FROM notification_log WHERE booking_id = ${bookingId} ORDER BY created_at`;
  /** Wait until the notifications subscriber has handled this visit's event of this name. */
  const handledFor = (bookingId: string, name: string) =>
    expect
      .poll(
        async () =>
          (await api.sql`SELECT count(*)::int AS n FROM event_delivery d JOIN pgboss.job j ON (j.data->>'id')::uuid = d.event_id
            WHERE d.subscriber = 'notifications' AND j.data->>'name' = ${name} AND j.data->'payload'->>'bookingId' = ${bookingId}`)[0]!.n,
        { timeout: 8000 },
      )
      .toBe(1);
  const published = async (name: string) =>
    (await api.sql`SELECT count(*)::int AS n FROM pgboss.job WHERE data->>'businessId' = ${w.business.id} AND data->>'name' = ${name}`)[0]!.n as number;

  beforeAll(async () => {
    w = await makeSchedulingWorld(api.deps, { technicians: [{ name: 'Maya', lat: 45.52, lon: -122.65 }, { name: 'Sam', lat: 45.5, lon: -122.6 }] });
    other = await makeBusiness(api.sql);
    const otherWo = await makeWorkOrder(api.sql, other.id);
    otherAccountId = otherWo.accountId;
    otherTechnicianId = (await makeResource(api.sql, other.id)).id;
    otherBookingId = (await makeBooking(api.sql, { businessId: other.id, workOrderId: otherWo.workOrderId, resourceId: otherTechnicianId, arrival: `${dayFromNow(3)}T18:00:00Z` })).id;
    for (const role of ['admin', 'dispatcher', 'technician'] as const) {
      const person = await makeStaff(api.deps, w.business.id, role);
      tokens[role] = await signInToken(api.url, w.business.slug, person.email, PASSWORD);
    }
    tokens.customer = await signInToken(api.url, w.business.slug, w.customer.email, PASSWORD);
  });
  beforeEach(() => api.sql`DELETE FROM rate_limit`);

  it('offers staff exactly the service types, days and times the account’s customer is offered (same engine)', async () => {
    const types = await admin('GET', `/accounts/${w.customer.accountId}/service-types`);
    expect(types.status).toBe(200);
    expect(types.body).toEqual((await me('GET', '/service-types')).body);
    expect(types.body.map((t: { id: string }) => t.id)).not.toContain(w.hiddenServiceTypeId);
    const from = dayFromNow(1);
    const to = dayFromNow(10);
    for (const asset of ['', `&assetId=${w.assetThere}`]) {
      const days = await admin('GET', `/accounts/${w.customer.accountId}/slot-days?serviceTypeId=${w.serviceTypeId}&from=${from}&to=${to}${asset}`);
      expect(days.status).toBe(200);
      expect(days.body.days.length).toBeGreaterThan(0);
      expect(days.body).toEqual((await me('GET', `/slot-days?serviceTypeId=${w.serviceTypeId}&from=${from}&to=${to}${asset}`)).body);
      const date = days.body.days[0].date;
      const slots = await admin('GET', `/accounts/${w.customer.accountId}/slots?serviceTypeId=${w.serviceTypeId}&date=${date}${asset}`);
      expect(slots.status).toBe(200);
      expect(slots.body.slots.length).toBeGreaterThan(0);
      expect(slots.body).toEqual((await me('GET', `/slots?serviceTypeId=${w.serviceTypeId}&date=${date}${asset}`)).body);
    }
    // The horizon and validation are the customer's too.
    expect((await admin('GET', `/accounts/${w.customer.accountId}/slots?serviceTypeId=${w.serviceTypeId}&date=${dayFromNow(60)}`)).body.code).toBe('outside_horizon');
    expect((await admin('GET', `/accounts/${w.customer.accountId}/slots?serviceTypeId=${w.hiddenServiceTypeId}&date=${from}`)).status).toBe(404);
    expect((await admin('GET', `/accounts/${w.customer.accountId}/slots?serviceTypeId=nope&date=${from}`)).body.code).toBe('validation_failed');
  });

  it('books on the customer’s behalf with source staff and sends no message, while a portal booking of the same kind does', async () => {
    const since = await published('booking.created');
    day++;
    const date = dayFromNow(day);
    const [slot] = (await admin('GET', `/accounts/${w.customer.accountId}/slots?serviceTypeId=${w.serviceTypeId}&date=${date}`)).body.slots as Slot[];
    const key = randomUUID();
    const res = await staffBook({ arrivalAt: slot!.arrivalAt, assetId: w.assetHere, comments: 'Customer called in' }, w.customer.accountId, key);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'scheduled', source: 'staff', accountId: w.customer.accountId, comments: 'Customer called in', contact: { id: w.customer.contactId }, asset: { id: w.assetHere } });
    expect(res.body.arrivalAt).toBe(new Date(slot!.arrivalAt).toISOString());
    // A retry with the same key is the same visit, not a second one.
    const again = await staffBook({ arrivalAt: slot!.arrivalAt, assetId: w.assetHere, comments: 'Customer called in' }, w.customer.accountId, key);
    expect(again.status).toBe(200);
    expect(again.body.bookingId).toBe(res.body.bookingId);
    // The customer sees it in their list.
    const list = (await me('GET', '/bookings')).body as { upcoming: { id: string }[] };
    expect(list.upcoming.map((b) => b.id)).toContain(res.body.bookingId);

    const portal = await portalBook();
    expect(await published('booking.created')).toBe(since + 2);
    // Both events handled by the notifications subscriber: the portal visit's confirmation is logged, the staff one's nothing.
    await handledFor(res.body.bookingId, 'booking.created');
    await handledFor(portal.id, 'booking.created');
    await expect.poll(async () => (await logOf(portal.id)).map((r) => r.message), { timeout: 8000 }).toEqual(['confirmation']);
    expect(await logOf(res.body.bookingId)).toEqual([]);
    const [row] = await api.sql`SELECT w.source, w.reported_by_contact_id FROM booking b JOIN work_order w ON w.id = b.work_order_id WHERE b.id = ${res.body.bookingId}`;
    expect(row).toEqual({ source: 'staff', reportedByContactId: w.customer.contactId });
  });

  it('refuses what the customer would be refused, and what is not this account’s', async () => {
    const date = dayFromNow(5);
    const [slot] = (await admin('GET', `/accounts/${w.customer.accountId}/slots?serviceTypeId=${w.serviceTypeId}&date=${date}`)).body.slots as Slot[];
    // A time the engine does not offer (02:00 local) is taken, with alternatives.
    const night = await staffBook({ arrivalAt: `${date}T02:00:00-08:00` });
    expect(night).toMatchObject({ status: 409, body: { code: 'slot_taken' } });
    expect(night.body.details.alternatives.length).toBeGreaterThan(0);
    // A contact of another account of the business, another business's account: not found.
    const stranger = await makeContact(api.sql, w.business.id, await makeAccount(api.sql, w.business.id));
    expect(await staffBook({ arrivalAt: slot!.arrivalAt, contactId: stranger.contactId })).toMatchObject({ status: 404, body: { code: 'not_found' } });
    expect(await staffBook({ arrivalAt: slot!.arrivalAt }, otherAccountId)).toMatchObject({ status: 404, body: { code: 'not_found' } });
    for (const path of ['service-types', `slots?serviceTypeId=${w.serviceTypeId}&date=${date}`, `slot-days?serviceTypeId=${w.serviceTypeId}&from=${date}&to=${date}`]) {
      expect((await admin('GET', `/accounts/${otherAccountId}/${path}`)).status).toBe(404);
    }
    // An inactive account books nothing, as its customer could not.
    const inactive = await makeAccount(api.sql, w.business.id, { active: false });
    const contact = await makeContact(api.sql, w.business.id, inactive);
    expect(await staffBook({ arrivalAt: slot!.arrivalAt, contactId: contact.contactId }, inactive)).toMatchObject({ status: 403, body: { code: 'account_inactive' } });
    // Customers and technicians are not staff.
    for (const as of ['customer', 'technician']) {
      expect((await staffBook({ arrivalAt: slot!.arrivalAt }, w.customer.accountId, randomUUID(), as)).status).toBe(403);
      expect((await admin('GET', `/accounts/${w.customer.accountId}/slots?serviceTypeId=${w.serviceTypeId}&date=${date}`, undefined, as)).status).toBe(403);
    }
    // Nothing was booked by any of these.
    expect(await api.sql`SELECT 1 FROM booking b JOIN work_order w ON w.id = b.work_order_id WHERE w.business_id = ${w.business.id} AND b.arrival_at = ${slot!.arrivalAt}`).toHaveLength(0);
  });

  it('moves a portal visit to another time and technician: history, event, the customer told; no cut-off for staff', async () => {
    const visit = await portalBook();
    await expect.poll(async () => (await logOf(visit.id)).map((r) => r.message), { timeout: 8000 }).toEqual(['confirmation']);
    const [maya, sam] = w.technicians;
    const current = (await admin('GET', `/bookings/${visit.id}`)).body;
    const target = current.technician.id === maya!.id ? sam! : maya!;
    // Closer than the customers' cut-off: they may not change it any more; staff still may.
    await api.sql`UPDATE business_settings SET change_cutoff_minutes = 20160 WHERE business_id = ${w.business.id}`;
    try {
      const date = dayFromNow(day + 1);
      const all = await admin('GET', `/bookings/${visit.id}/slots?date=${date}`);
      expect(all.status).toBe(200);
      expect(all.body.slots.length).toBeGreaterThan(0);
      // The customer's own list for moving it is the same times.
      const customers = (await me('GET', `/slots?serviceTypeId=${w.serviceTypeId}&date=${date}&bookingId=${visit.id}`)).body.slots as Slot[];
      expect(all.body.slots.map((s: Slot) => [s.arrivalAt, s.endsAt])).toEqual(customers.map((s) => [s.arrivalAt, s.endsAt]));
      const only = await admin('GET', `/bookings/${visit.id}/slots?date=${date}&technicianId=${target.id}`);
      expect(only.status).toBe(200);
      expect(only.body.slots.length).toBeGreaterThan(0);
      expect(new Set(only.body.slots.map((s: Slot) => s.technicianId))).toEqual(new Set([target.id]));
      const to = only.body.slots[3] as Slot;
      expect((await me('POST', `/bookings/${visit.id}/reschedule`, { arrivalAt: to.arrivalAt })).body.code).toBe('change_window_closed');

      const moved = await admin('POST', `/bookings/${visit.id}/move`, { arrivalAt: to.arrivalAt, technicianId: target.id, note: 'Customer asked by phone' });
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({ bookingId: visit.id, status: 'scheduled', technician: { id: target.id }, travelMinutes: to.travelMinutes });
      expect(moved.body.arrivalAt).toBe(new Date(to.arrivalAt).toISOString());
      expect(moved.body.history.at(-1)).toMatchObject({ from: 'scheduled', to: 'scheduled', note: 'Customer asked by phone' });
      // The customer booked it online: they are told of the new time.
      await expect.poll(async () => (await logOf(visit.id)).map((r) => r.message), { timeout: 8000 }).toEqual(['confirmation', 'rescheduled']);
      const [event] = await api.sql`SELECT data->'payload' AS payload FROM pgboss.job WHERE data->>'businessId' = ${w.business.id} AND data->>'name' = 'booking.rescheduled' AND data->'payload'->>'bookingId' = ${visit.id}`;
      expect(event?.payload).toMatchObject({ bookingId: visit.id, resourceId: target.id, previous: { arrivalAt: new Date(visit.arrivalAt).toISOString() } });
    } finally {
      await api.sql`UPDATE business_settings SET change_cutoff_minutes = 120 WHERE business_id = ${w.business.id}`;
    }
  });

  it('moves a staff-made visit without telling anyone, and checks the new time again under the lock', async () => {
    day++;
    const date = dayFromNow(day);
    const first = async () => ((await admin('GET', `/accounts/${w.customer.accountId}/slots?serviceTypeId=${w.serviceTypeId}&date=${date}`)).body.slots as Slot[])[0]!.arrivalAt;
    const a = (await staffBook({ arrivalAt: await first() })).body;
    const b = (await staffBook({ arrivalAt: await first() })).body;
    expect([a.bookingId, b.bookingId].every(Boolean)).toBe(true);
    const [maya] = w.technicians;
    // One technician only, a later time both could take: two moves race for it.
    const target = ((await admin('GET', `/bookings/${a.bookingId}/slots?date=${date}&technicianId=${maya!.id}`)).body.slots as Slot[]).at(-1)!;
    const before = await published('booking.rescheduled');
    const results = await Promise.all([a, b].map((v) => admin('POST', `/bookings/${v.bookingId}/move`, { arrivalAt: target.arrivalAt, technicianId: maya!.id })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const lost = results.find((r) => r.status === 409)!;
    expect(lost.body.code).toBe('slot_taken');
    expect(lost.body.details.alternatives.every((s: Slot) => s.arrivalAt !== new Date(target.arrivalAt).toISOString())).toBe(true);
    expect(await published('booking.rescheduled')).toBe(before + 1);
    const won = results.find((r) => r.status === 200)!.body;
    await handledFor(won.bookingId, 'booking.rescheduled');
    expect(await logOf(won.bookingId)).toEqual([]);
  });

  it('offers a visit’s move the times it would be offered if it did not exist, and every one of them can be moved to', async () => {
    // Another visit of the account, days away: its move list for the day shows that day's calendar as it is.
    day++;
    const far = (await staffBook({ arrivalAt: ((await admin('GET', `/accounts/${w.customer.accountId}/slots?serviceTypeId=${w.serviceTypeId}&date=${dayFromNow(day)}`)).body.slots as Slot[])[0]!.arrivalAt })).body;
    day += 3;
    const date = dayFromNow(day);
    const offered = (await admin('GET', `/accounts/${w.customer.accountId}/slots?serviceTypeId=${w.serviceTypeId}&date=${date}`)).body.slots as Slot[];
    const visit = (await staffBook({ arrivalAt: offered[Math.floor(offered.length / 2)]!.arrivalAt })).body;
    const technicianId = visit.technician.id as string;
    const at = new Date(visit.arrivalAt).toISOString();
    const moveList = async (id: string, only = `&technicianId=${technicianId}`) => {
      const res = await admin('GET', `/bookings/${id}/slots?date=${date}${only}`);
      expect(res.status).toBe(200);
      return res.body.slots as Slot[];
    };
    const own = await moveList(visit.bookingId);
    // Its own time, and the ones next to it, with its technician and the travel from their day's start (not 0 from itself).
    const i = own.findIndex((s) => s.arrivalAt === at);
    expect(i).toBeGreaterThan(0);
    for (const s of own.slice(i - 1, i + 2)) expect(s).toMatchObject({ technicianId, travelMinutes: visit.travelMinutes });
    const days = (q: string) => me('GET', `/slot-days?serviceTypeId=${w.serviceTypeId}&from=${date}&to=${date}${q}`);
    const ownDays = (await days(`&bookingId=${visit.bookingId}`)).body;
    const customers = (await me('GET', `/slots?serviceTypeId=${w.serviceTypeId}&date=${date}&bookingId=${visit.bookingId}`)).body;
    // The same as everyone is offered while the visit is out of the calendar.
    await api.sql`UPDATE booking SET status = 'canceled', cancel_reason = 'test' WHERE id = ${visit.bookingId}`;
    try {
      expect(own).toEqual(await moveList(far.bookingId));
      expect(ownDays).toEqual((await days('')).body);
      expect(customers).toEqual((await me('GET', `/slots?serviceTypeId=${w.serviceTypeId}&date=${date}`)).body);
    } finally {
      await api.sql`UPDATE booking SET status = 'scheduled', cancel_reason = NULL WHERE id = ${visit.bookingId}`;
    }
    // Another business's visit is no visit of this customer's to move.
    expect((await me('GET', `/slots?serviceTypeId=${w.serviceTypeId}&date=${date}&bookingId=${otherBookingId}`)).status).toBe(404);
    expect((await days(`&bookingId=${otherBookingId}`)).status).toBe(404);
    // Every time offered for the move (any technician) is one the move takes, and back again.
    const all = await moveList(visit.bookingId, '');
    expect(all.length).toBeGreaterThan(1);
    for (const s of all) {
      const moved = await admin('POST', `/bookings/${visit.bookingId}/move`, { arrivalAt: s.arrivalAt, technicianId: s.technicianId });
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({ technician: { id: s.technicianId }, travelMinutes: s.travelMinutes });
      expect((await admin('POST', `/bookings/${visit.bookingId}/move`, { arrivalAt: at, technicianId })).status).toBe(200);
    }
  });

  it('moves only scheduled visits of this business, to its own technicians; customers and technicians may not', async () => {
    const visit = (await staffBook({ arrivalAt: ((await admin('GET', `/accounts/${w.customer.accountId}/slots?serviceTypeId=${w.serviceTypeId}&date=${dayFromNow(9)}`)).body.slots as Slot[])[0]!.arrivalAt })).body;
    const date = dayFromNow(10);
    const [to] = (await admin('GET', `/bookings/${visit.bookingId}/slots?date=${date}`)).body.slots as Slot[];
    expect((await admin('GET', `/bookings/${otherBookingId}/slots?date=${date}`)).status).toBe(404);
    expect(await admin('POST', `/bookings/${otherBookingId}/move`, { arrivalAt: to!.arrivalAt })).toMatchObject({ status: 404, body: { code: 'not_found' } });
    expect(await admin('POST', `/bookings/${visit.bookingId}/move`, { arrivalAt: to!.arrivalAt, technicianId: otherTechnicianId })).toMatchObject({ status: 404, body: { code: 'not_found' } });
    expect((await admin('GET', `/bookings/${visit.bookingId}/slots?date=${date}&technicianId=${otherTechnicianId}`)).status).toBe(404);
    for (const as of ['customer', 'technician']) {
      expect((await admin('POST', `/bookings/${visit.bookingId}/move`, { arrivalAt: to!.arrivalAt }, as)).status).toBe(403);
      expect((await admin('GET', `/bookings/${visit.bookingId}/slots?date=${date}`, undefined, as)).status).toBe(403);
    }
    expect((await admin('POST', `/bookings/${visit.bookingId}/move`, { arrivalAt: 'tomorrow' })).body.code).toBe('validation_failed');
    expect((await admin('POST', `/bookings/${visit.bookingId}/status`, { status: 'canceled', note: 'No longer needed' })).status).toBe(200);
    expect(await admin('POST', `/bookings/${visit.bookingId}/move`, { arrivalAt: to!.arrivalAt })).toMatchObject({ status: 409, body: { code: 'booking_not_changeable' } });
  });
});

import postgres from 'postgres';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CAMEL_TRANSFORM, type Sql } from '../db/client';
import { bookingsBoard } from '../services/admin-console';
import { useTestApp } from '../../test/app';
import { dayFromNow, makeAccount, makeBooking, makeBusiness, makeContact, makeCustomer, makeResource, makeSchedulingWorld, makeStaff, makeWorkOrder, PASSWORD } from '../../test/fixtures';
import { call, signInToken } from '../../test/http';

describe('admin console API: board, one visit, paged searches', () => {
  const api = useTestApp();
  let world: Awaited<ReturnType<typeof makeSchedulingWorld>>;
  let other: Awaited<ReturnType<typeof makeBusiness>>;
  const tokens: Record<string, string> = {};
  let workOrderId = '';
  let otherBookingId = '';
  const day = dayFromNow(3);
  const get = (path: string, as = 'dispatcher', slug = world.business.slug) => call(api.url, 'GET', `/api/businesses/${slug}/admin${path}`, { token: tokens[as] });

  beforeAll(async () => {
    world = await makeSchedulingWorld(api.deps, { technicians: [{ name: 'Maya', lat: 45.52, lon: -122.65 }, { name: 'Sam', lat: 45.5, lon: -122.6 }] });
    const b = world.business.id;
    ({ workOrderId } = await makeWorkOrder(api.sql, b));
    other = await makeBusiness(api.sql);
    const otherWo = await makeWorkOrder(api.sql, other.id);
    otherBookingId = (await makeBooking(api.sql, { businessId: other.id, workOrderId: otherWo.workOrderId, resourceId: (await makeResource(api.sql, other.id)).id, arrival: `${day}T18:00:00Z` })).id;
    for (const role of ['admin', 'dispatcher', 'technician'] as const) {
      const person = await makeStaff(api.deps, b, role);
      tokens[role] = await signInToken(api.url, world.business.slug, person.email, PASSWORD);
    }
    tokens.customer = await signInToken(api.url, world.business.slug, world.customer.email, PASSWORD);
  });
  beforeEach(() => api.sql`DELETE FROM rate_limit`);

  it('returns the day per technician: hours in the business zone, visits with travel before arrival, in one call', async () => {
    const [maya, sam] = world.technicians;
    // 10:00 and 14:00 in Portland (UTC−7 or −8): travel 20 min before the first.
    const first = await makeBooking(api.sql, { businessId: world.business.id, workOrderId, resourceId: maya!.id, arrival: `${day}T10:00:00-08:00`, travel: 20 });
    const canceled = await makeBooking(api.sql, { businessId: world.business.id, workOrderId, resourceId: maya!.id, arrival: `${day}T14:00:00-08:00`, status: 'canceled' });
    // The day before and after are not on the board.
    await makeBooking(api.sql, { businessId: world.business.id, workOrderId, resourceId: sam!.id, arrival: `${dayFromNow(4)}T10:00:00-08:00` });
    await api.sql`INSERT INTO resource_time_off (business_id, resource_id, starts_at, ends_at) VALUES (${world.business.id}, ${sam!.id}, ${`${day}T12:00:00-08:00`}, ${`${day}T13:00:00-08:00`})`;

    const res = await get(`/board?date=${day}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ date: day, timeZone: 'America/Los_Angeles' });
    expect(res.body.technicians.map((t: { name: string }) => t.name)).toEqual(['Maya', 'Sam']);
    const mayaRow = res.body.technicians[0];
    // 08:00–17:00 local on that day, as instants.
    expect(mayaRow.workingHours).toHaveLength(1);
    expect(new Date(mayaRow.workingHours[0].endsAt).getTime() - new Date(mayaRow.workingHours[0].startsAt).getTime()).toBe(9 * 3_600_000);
    expect(new Intl.DateTimeFormat('en-US', { timeZone: 'America/Los_Angeles', hour: 'numeric', hour12: false }).format(new Date(mayaRow.workingHours[0].startsAt))).toMatch(/^0?8$/);
    expect(mayaRow.visits.map((v: { bookingId: string }) => v.bookingId)).toEqual([first.id, canceled.id]);
    const v = mayaRow.visits[0];
    expect(v).toMatchObject({ status: 'scheduled', travelMinutes: 20, accountName: 'Acme', serviceTypeName: 'Repair', source: 'staff', next: ['traveling', 'canceled'] });
    expect(Date.parse(v.arrivalAt) - Date.parse(v.startsAt)).toBe(20 * 60_000);
    expect(v.address).toMatchObject({ line1: '1 Main St', city: 'Portland' });
    expect(v.workOrderNumber).toMatch(/^\d+$/);
    expect(mayaRow.visits[1].status).toBe('canceled');
    const samRow = res.body.technicians[1];
    expect(samRow.visits).toEqual([]);
    expect(samRow.timeOff).toHaveLength(1);
    // Another business's visit on the same day is never there.
    expect(JSON.stringify(res.body)).not.toContain(otherBookingId);
  });

  it('reads the board in the same two queries for 2 technicians or 12 (no query per technician)', async () => {
    let queries = 0;
    const counted = postgres(api.databaseUrl, { max: 1, transform: CAMEL_TRANSFORM, onnotice: () => {}, debug: () => void queries++ }) as unknown as Sql;
    try {
      const d = dayFromNow(7);
      const small = await makeBusiness(api.sql);
      const big = await makeBusiness(api.sql);
      for (const [business, n] of [[small, 2], [big, 12]] as const) {
        const { workOrderId: wo } = await makeWorkOrder(api.sql, business.id);
        for (let i = 0; i < n; i++) {
          const tech = await makeResource(api.sql, business.id, `Tech ${i}`);
          await api.sql`INSERT INTO resource_working_hours (business_id, resource_id, weekday, start_minute, end_minute) SELECT ${business.id}, ${tech.id}, w, 480, 1020 FROM generate_series(1, 7) w`;
          await makeBooking(api.sql, { businessId: business.id, workOrderId: wo, resourceId: tech.id, arrival: `${d}T10:00:00-08:00`, travel: 10 });
        }
      }
      await counted`SELECT 1`; // the connection's own set-up queries are not the board's
      const counts: number[] = [];
      for (const business of [small, big]) {
        queries = 0;
        const board = await bookingsBoard({ sql: counted }, business, { date: d });
        counts.push(queries);
        expect(board.technicians.every((t) => t.visits.length === 1 && t.workingHours.length === 1)).toBe(true);
      }
      expect(counts).toEqual([2, 2]);
    } finally {
      await counted.end();
    }
  });

  it('keeps an inactive technician who still has a visit that day, and leaves out inactive ones without', async () => {
    const gone = await makeResource(api.sql, world.business.id, 'Zed');
    const idle = await makeResource(api.sql, world.business.id, 'Yan');
    await api.sql`UPDATE resource SET active = false WHERE id IN ${api.sql([gone.id, idle.id])}`;
    const d = dayFromNow(5);
    await makeBooking(api.sql, { businessId: world.business.id, workOrderId, resourceId: gone.id, arrival: `${d}T11:00:00-08:00` });
    const names = (await get(`/board?date=${d}`)).body.technicians.map((t: { name: string; active: boolean }) => `${t.name}:${t.active}`);
    expect(names).toEqual(['Maya:true', 'Sam:true', 'Zed:false']);
  });

  it('defaults to today and refuses a malformed date', async () => {
    expect((await get('/board')).body.date).toBe(dayFromNow(0));
    expect((await get('/board?date=2031-13-01')).status).toBe(400);
  });

  it('opens one visit with contact, history and intake; another business’s visit is 404', async () => {
    const booking = await makeBooking(api.sql, { businessId: world.business.id, workOrderId, resourceId: world.technicians[0]!.id, arrival: `${dayFromNow(6)}T09:00:00-08:00`, travel: 15 });
    await api.sql`UPDATE work_order SET reported_by_contact_id = ${world.customer.contactId}, comments = 'Gate code 1234' WHERE id = ${workOrderId}`;
    await call(api.url, 'POST', `/api/businesses/${world.business.slug}/admin/bookings/${booking.id}/status`, { token: tokens.admin, body: { status: 'traveling' } });
    const res = await get(`/bookings/${booking.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      bookingId: booking.id, status: 'traveling', travelMinutes: 15, technician: { name: 'Maya' }, comments: 'Gate code 1234',
      contact: { id: world.customer.contactId, email: world.customer.email }, timeZone: 'America/Los_Angeles',
    });
    expect(res.body.history.map((h: { to: string }) => h.to)).toEqual(['traveling']);
    expect((await get(`/bookings/${otherBookingId}`)).status).toBe(404);
    expect((await get(`/bookings/${otherBookingId}`, 'admin', other.slug)).status).toBe(401);
  });

  it('pages accounts by name, with the active filter, and contacts by name or email across accounts', async () => {
    const b = world.business.id;
    for (const n of ['Harbor A', 'Harbor B', 'Harbor C', 'Harbor D', 'Harbor E']) await makeAccount(api.sql, b, { name: n });
    const closed = await makeAccount(api.sql, b, { name: 'Harbor Closed', active: false });
    await makeContact(api.sql, b, closed, 'zoe.harbor@example.com');
    await makeAccount(api.sql, other.id, { name: 'Harbor Elsewhere' });

    const first = await get('/search/accounts?q=harbor&limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items.map((a: { name: string }) => a.name)).toEqual(['Harbor A', 'Harbor B']);
    expect(first.body.nextOffset).toBe(2);
    const last = await get('/search/accounts?q=harbor&limit=4&offset=4');
    expect(last.body.items.map((a: { name: string }) => a.name)).toEqual(['Harbor D', 'Harbor E']);
    expect(last.body.nextOffset).toBeNull();
    expect((await get('/search/accounts?q=harbor&active=false')).body.items.map((a: { name: string }) => a.name)).toEqual(['Harbor Closed']);
    // LIKE's wildcards are searched for, not obeyed.
    expect((await get('/search/accounts?q=%25')).body.items).toEqual([]);
    expect((await get('/search/accounts?limit=0')).status).toBe(400);
    expect((await get('/search/accounts?limit=101')).status).toBe(400);

    const contacts = await get('/search/contacts?q=zoe.harbor');
    expect(contacts.body.items).toEqual([expect.objectContaining({ email: 'zoe.harbor@example.com', accountName: 'Harbor Closed', accountId: closed, invitation: 'none' })]);
    const byName = await get(`/search/contacts?q=${encodeURIComponent('Pat Doe')}&limit=1`);
    expect(byName.body.items).toHaveLength(1);
    expect(byName.body.nextOffset).toBe(1);
  });

  it('is for staff only', async () => {
    for (const who of ['customer', 'technician']) {
      for (const p of [`/board?date=${day}`, '/search/accounts', '/search/contacts']) expect((await get(p, who)).status).toBe(403);
    }
    expect((await call(api.url, 'GET', `/api/businesses/${world.business.slug}/admin/board`)).status).toBe(401);
    expect((await get('/search/accounts', 'admin')).status).toBe(200);
  });
});

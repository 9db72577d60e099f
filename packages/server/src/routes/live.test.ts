// The live stream over real HTTP: who hears what, the SSE format, resume, heartbeats, and the
// stream ending when its session does, when the client leaves and when the server stops.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app';
import { dayFromNow, makeBooking, makeBusiness, makeCustomer, makeResource, makeSchedulingWorld, makeStaff, makeWorkOrder, PASSWORD } from '../../test/fixtures';
import { call, signInToken } from '../../test/http';
import { openSse, type SseReader } from '../../test/sse';
import { addMembership } from '../db/queries/memberships';
import { loadEnv } from '../env';
import { startServer } from '../server';

describe('GET /api/businesses/{business}/live', () => {
  const api = useTestApp({ env: { LIVE_HEARTBEAT_SECONDS: '1' } });
  let slug = '';
  let businessId = '';
  const tokens: Record<string, string> = {};
  let accountId = '';
  let otherAccountId = '';
  let technicianId = '';
  let bookingId = '';
  let otherSlug = '';
  const open: SseReader[] = [];
  const stream = async (headers: Record<string, string>, business = slug) => {
    const s = await openSse(`${api.url}/api/businesses/${business}/live`, headers);
    open.push(s);
    return s;
  };
  const bearer = (who: string) => ({ authorization: `Bearer ${tokens[who]}` });
  const position = (id = bookingId, lat = 45.5) => ({
    type: 'tracking.position' as const,
    data: { bookingId: id, position: { lat, lon: -122.6, accuracyM: 8, headingDeg: null, recordedAt: new Date().toISOString() }, eta: null },
  });

  beforeAll(async () => {
    const business = await makeBusiness(api.sql);
    slug = business.slug;
    businessId = business.id;
    otherSlug = (await makeBusiness(api.sql)).slug;
    const wo = await makeWorkOrder(api.sql, businessId);
    accountId = wo.accountId;
    const customer = await makeCustomer(api.deps, businessId, accountId);
    const stranger = await makeCustomer(api.deps, businessId);
    otherAccountId = stranger.accountId;
    technicianId = (await makeResource(api.sql, businessId)).id;
    const tech = await makeStaff(api.deps, businessId, 'technician');
    await api.sql`UPDATE resource SET user_id = ${tech.userId} WHERE id = ${technicianId}`;
    const dispatcher = await makeStaff(api.deps, businessId, 'dispatcher');
    bookingId = (await makeBooking(api.sql, { businessId, workOrderId: wo.workOrderId, resourceId: technicianId, arrival: '2031-03-04T17:00:00Z', status: 'traveling' })).id;
    for (const [who, person] of Object.entries({ customer, stranger, tech, dispatcher })) tokens[who] = await signInToken(api.url, slug, person.email, PASSWORD);
    // The same person signed in at another business.
    await addMembership(api.sql, (await api.sql`SELECT id FROM business WHERE slug = ${otherSlug}`)[0]!.id, customer.userId, 'customer');
  });

  afterEach(() => {
    for (const s of open.splice(0)) s.close();
  });

  it('refuses with a JSON error before any stream: no credentials, a foreign session, a bad tracking token, a token in the URL', async () => {
    const anonymous = await call(api.url, 'GET', `/api/businesses/${slug}/live`);
    expect(anonymous).toMatchObject({ status: 401, body: { code: 'unauthenticated' } });
    expect(anonymous.headers.get('content-type')).toContain('application/json');
    expect(await call(api.url, 'GET', `/api/businesses/${otherSlug}/live`, { token: tokens.customer })).toMatchObject({ status: 401, body: { code: 'unauthenticated' } });
    expect(await call(api.url, 'GET', `/api/businesses/${slug}/live`, { headers: { 'x-arrivo-tracking-token': 'A'.repeat(43) } })).toMatchObject({
      status: 404,
      body: { code: 'tracking_link_invalid' },
    });
    expect(await call(api.url, 'GET', `/api/businesses/${slug}/live?token=${tokens.customer}`)).toMatchObject({ status: 401 });
    expect(await call(api.url, 'GET', `/api/businesses/nobody-here/live`, { token: tokens.customer })).toMatchObject({ status: 404, body: { code: 'not_found' } });
  });

  it('streams an account’s messages to its customer as SSE (id, event, data), and nothing of other accounts', async () => {
    const mine = await stream(bearer('customer'));
    const theirs = await stream(bearer('stranger'));
    expect(mine.status).toBe(200);
    expect(mine.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(mine.headers.get('cache-control')).toBe('no-store');
    const other = position(randomUUID(), 45.1);
    await api.deps.live.publish(`account:${otherAccountId}`, other);
    await api.deps.live.publish(`account:${accountId}`, position());
    const got = await mine.next((e) => e.event === 'tracking.position');
    expect(got.id).toMatch(/^[0-9a-z]+-[0-9a-z]{4}-[0-9a-z]+$/);
    expect(JSON.parse(got.data)).toMatchObject({ bookingId, position: { lat: 45.5 } });
    await theirs.next((e) => e.event === 'tracking.position');
    expect(theirs.events.map((e) => JSON.parse(e.data).bookingId)).toEqual([other.data.bookingId]);
    expect(mine.events).toHaveLength(1);
  });

  it('gives staff the business’s topic and a linked technician their own', async () => {
    const staff = await stream(bearer('dispatcher'));
    const tech = await stream(bearer('tech'));
    await api.deps.live.publish(`technician:${randomUUID()}`, position(randomUUID()));
    await api.deps.live.publish(`technician:${technicianId}`, position(bookingId, 45.2));
    await api.deps.live.publish(`business:${businessId}`, position(bookingId, 45.3));
    expect(JSON.parse((await tech.next((e) => e.event === 'tracking.position')).data).position.lat).toBe(45.2);
    expect(JSON.parse((await staff.next((e) => e.event === 'tracking.position')).data).position.lat).toBe(45.3);
    expect(tech.events).toHaveLength(1);
  });

  it('resumes after Last-Event-ID with what followed, and says resync for an id it no longer knows', async () => {
    const first = await stream(bearer('customer'));
    for (const lat of [45.01, 45.02, 45.03]) await api.deps.live.publish(`account:${accountId}`, position(bookingId, lat));
    await first.next((e) => e.event === 'tracking.position' && JSON.parse(e.data).position.lat === 45.03);
    const seen = first.events.filter((e) => e.event === 'tracking.position');
    first.close();
    // Missed while away.
    await api.deps.live.publish(`account:${accountId}`, position(bookingId, 45.04));
    const resumed = await stream({ ...bearer('customer'), 'last-event-id': seen.at(-3)!.id! });
    await resumed.next((e) => JSON.parse(e.data).position?.lat === 45.04);
    expect(resumed.events.map((e) => JSON.parse(e.data).position.lat)).toEqual([45.02, 45.03, 45.04]);
    const lost = await stream({ ...bearer('customer'), 'last-event-id': 'lmxyz-0001-abcd' });
    expect(await lost.next(() => true)).toEqual({ event: 'resync', data: '{}' });
  });

  it('follows one visit with a tracking link (header, no sign-in) and ends when staff expire the link', async () => {
    const link = await call(api.url, 'POST', `/api/businesses/${slug}/admin/bookings/${bookingId}/tracking-link`, { token: tokens.dispatcher });
    expect(link.status).toBe(200);
    const token = new URL(link.body.url).hash.replace('#arrivo-track=', '');
    const s = await stream({ 'x-arrivo-tracking-token': token });
    expect(s.status).toBe(200);
    // Wrong business: the link is this business's only.
    expect(await call(api.url, 'GET', `/api/businesses/${otherSlug}/live`, { headers: { 'x-arrivo-tracking-token': token } })).toMatchObject({ status: 404 });
    await api.deps.live.publish(`account:${accountId}`, position(bookingId, 45.6)); // not the link's topic
    await api.deps.live.publish(`booking:${bookingId}`, position(bookingId, 45.7));
    expect(JSON.parse((await s.next((e) => e.event === 'tracking.position')).data).position.lat).toBe(45.7);
    expect(s.events).toHaveLength(1);
    await api.deps.liveStreams.recheckNow();
    expect(s.ended).toBe(false);
    const expired = await call(api.url, 'PATCH', `/api/businesses/${slug}/admin/bookings/${bookingId}/tracking-link`, { token: tokens.dispatcher, body: { action: 'expire' } });
    expect(expired.status).toBe(200);
    await api.deps.liveStreams.recheckNow();
    expect(await s.next((e) => e.event === 'end')).toMatchObject({ data: '{"reason":"expired"}' });
    expect(await call(api.url, 'GET', `/api/businesses/${slug}/live`, { headers: { 'x-arrivo-tracking-token': token } })).toMatchObject({ status: 404, body: { code: 'tracking_link_invalid' } });
  });

  it('sends heartbeat comments while nothing happens', async () => {
    const quiet = await stream(bearer('customer'));
    await expect.poll(() => quiet.comments, { timeout: 5000 }).toBeGreaterThanOrEqual(2);
    expect(quiet.events).toEqual([]);
  });

  it('ends the stream once its session is signed out, and forgets a client that went away', async () => {
    const person = await makeCustomer(api.deps, businessId, accountId);
    const token = await signInToken(api.url, slug, person.email, PASSWORD);
    const s = await stream({ authorization: `Bearer ${token}` });
    const before = api.deps.liveStreams.size;
    expect(await call(api.url, 'DELETE', `/api/businesses/${slug}/session`, { token })).toMatchObject({ status: 204 });
    await api.deps.liveStreams.recheckNow();
    expect(await s.next((e) => e.event === 'end')).toMatchObject({ data: '{"reason":"expired"}' });
    await s.closed;
    expect(s.ended).toBe(true);
    expect(api.deps.liveStreams.size).toBe(before - 1);

    const leaving = await stream(bearer('customer'));
    await expect.poll(() => api.deps.liveStreams.size).toBe(before);
    leaving.close();
    await expect.poll(() => api.deps.liveStreams.size).toBe(before - 1);
  });
});

describe('server shutdown with streams open', () => {
  const api = useTestApp();

  it('ends every stream (event: end, shutdown) and closes promptly', async () => {
    const server = await startServer({ env: { ...loadEnv({ LOG_LEVEL: 'silent', DATABASE_URL: api.databaseUrl, LIVE_BUS: 'memory' }), PORT: 0 } });
    const business = await makeBusiness(api.sql);
    const customer = await makeCustomer(api.deps, business.id);
    const token = await signInToken(server.url, business.slug, customer.email, PASSWORD);
    const streams = await Promise.all([1, 2, 3].map(() => openSse(`${server.url}/api/businesses/${business.slug}/live`, { authorization: `Bearer ${token}` })));
    const started = performance.now();
    await server.close();
    expect(performance.now() - started).toBeLessThan(3000);
    for (const s of streams) {
      await s.closed;
      expect(s.events.at(-1)).toEqual({ event: 'end', data: '{"reason":"shutdown"}' });
    }
  });
});

describe('booking events on the live stream', () => {
  const api = useTestApp();

  it('tells the customer, the technician and staff: booking.status on a status change, booking.changed when booked, moved or canceled', async () => {
    const w = await makeSchedulingWorld(api.deps);
    const tech = await makeStaff(api.deps, w.business.id, 'technician');
    await api.sql`UPDATE resource SET user_id = ${tech.userId} WHERE id = ${w.technicians[0]!.id}`;
    const dispatcher = await makeStaff(api.deps, w.business.id, 'dispatcher');
    const token = await signInToken(api.url, w.business.slug, w.customer.email, PASSWORD);
    const live = `${api.url}/api/businesses/${w.business.slug}/live`;
    const [customer, technician, staff] = await Promise.all(
      [token, await signInToken(api.url, w.business.slug, tech.email, PASSWORD), await signInToken(api.url, w.business.slug, dispatcher.email, PASSWORD)].map((t) =>
        openSse(live, { authorization: `Bearer ${t}` }),
      ),
    );
    try {
      const me = `/api/businesses/${w.business.slug}/me`;
      const slots = (await call(api.url, 'GET', `${me}/slots?serviceTypeId=${w.serviceTypeId}&date=${dayFromNow(4)}`, { token })).body.slots;
      const booked = await call(api.url, 'POST', `${me}/bookings`, { token, headers: { 'idempotency-key': randomUUID() }, body: { serviceTypeId: w.serviceTypeId, arrivalAt: slots[2].arrivalAt } });
      expect(booked.status).toBe(201);
      const id = booked.body.id as string;
      for (const s of [customer!, technician!, staff!]) expect(JSON.parse((await s.next((e) => e.event === 'booking.changed', { timeoutMs: 8000 })).data)).toEqual({ bookingId: id });
      const n = customer!.events.length;
      expect((await call(api.url, 'POST', `${me}/bookings/${id}/reschedule`, { token, body: { arrivalAt: slots[6].arrivalAt } })).status).toBe(200);
      await customer!.next((e) => e.event === 'booking.changed', { from: n, timeoutMs: 8000 });
      const m = customer!.events.length;
      expect((await call(api.url, 'POST', `${me}/bookings/${id}/cancel`, { token, body: { reason: 'plans changed' } })).status).toBe(200);
      const status = await customer!.next((e) => e.event === 'booking.status', { from: m, timeoutMs: 8000 });
      expect(JSON.parse(status.data)).toMatchObject({ bookingId: id, status: 'canceled' });
      await customer!.next((e) => e.event === 'booking.changed', { from: m, timeoutMs: 8000 });
      await staff!.next((e) => e.event === 'booking.status', { timeoutMs: 8000 });
      await technician!.next((e) => e.event === 'booking.status', { timeoutMs: 8000 });
    } finally {
      for (const s of [customer, technician, staff]) s!.close();
    }
  });
});

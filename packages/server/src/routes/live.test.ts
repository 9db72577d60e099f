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

describe('live streams follow changes to who may see what', () => {
  const api = useTestApp({ env: { LIVE_HEARTBEAT_SECONDS: '1' } });
  let slug = '';
  let businessId = '';
  const open: SseReader[] = [];
  const live = (headers: Record<string, string>) => openSse(`${api.url}/api/businesses/${slug}/live`, headers).then((s) => (open.push(s), s));
  const signIn = (email: string) => signInToken(api.url, slug, email, PASSWORD);
  const ended = (s: SseReader) => s.next((e) => e.event === 'end').then((e) => JSON.parse(e.data).reason as string);

  beforeAll(async () => {
    const business = await makeBusiness(api.sql);
    slug = business.slug;
    businessId = business.id;
  });

  afterEach(() => {
    for (const s of open.splice(0)) s.close();
  });

  it('ends a customer’s stream (forbidden) once their account is deactivated, as REST refuses them', async () => {
    const person = await makeCustomer(api.deps, businessId);
    const bystander = await makeCustomer(api.deps, businessId);
    const token = await signIn(person.email);
    const s = await live({ authorization: `Bearer ${token}` });
    const other = await live({ authorization: `Bearer ${await signIn(bystander.email)}` });
    await api.deps.liveStreams.recheckNow();
    expect(s.ended).toBe(false);
    await api.sql`UPDATE account SET active = false WHERE id = ${person.accountId}`;
    await api.deps.liveStreams.recheckNow();
    expect(await ended(s)).toBe('forbidden');
    expect(await call(api.url, 'GET', `/api/businesses/${slug}/live`, { token })).toMatchObject({ status: 403, body: { code: 'account_inactive' } });
    // Nothing more reaches it; the other customer's stream is untouched.
    expect(other.ended).toBe(false);
  });

  it('ends the stream (changed) when the contact moves to another account, so the client reconnects to the new one', async () => {
    const person = await makeCustomer(api.deps, businessId);
    const token = await signIn(person.email);
    const s = await live({ authorization: `Bearer ${token}` });
    const elsewhere = (await makeCustomer(api.deps, businessId)).accountId;
    await api.sql`UPDATE contact SET account_id = ${elsewhere} WHERE id = ${person.contactId}`;
    await api.deps.liveStreams.recheckNow();
    expect(await ended(s)).toBe('changed');
    const again = await live({ authorization: `Bearer ${token}` });
    await api.deps.live.publish(`account:${person.accountId}`, { type: 'booking.changed', data: { bookingId: randomUUID() } });
    const theirs = randomUUID();
    await api.deps.live.publish(`account:${elsewhere}`, { type: 'booking.changed', data: { bookingId: theirs } });
    expect(JSON.parse((await again.next((e) => e.event === 'booking.changed')).data).bookingId).toBe(theirs);
    expect(again.events).toHaveLength(1);
  });

  it('ends staff streams when the role is removed, and technicians’ when unlinked or deactivated (and refuses them after)', async () => {
    const dispatcher = await makeStaff(api.deps, businessId, 'dispatcher');
    const staff = await live({ authorization: `Bearer ${await signIn(dispatcher.email)}` });
    const techs = [];
    for (let i = 0; i < 2; i++) {
      const resource = (await makeResource(api.sql, businessId)).id;
      const person = await makeStaff(api.deps, businessId, 'technician');
      await api.sql`UPDATE resource SET user_id = ${person.userId} WHERE id = ${resource}`;
      const token = await signIn(person.email);
      techs.push({ resource, token, stream: await live({ authorization: `Bearer ${token}` }) });
    }
    const [unlinked, deactivated] = techs as [(typeof techs)[0], (typeof techs)[0]];
    await api.deps.liveStreams.recheckNow();
    expect([staff.ended, unlinked.stream.ended, deactivated.stream.ended]).toEqual([false, false, false]);
    await api.sql`DELETE FROM membership WHERE business_id = ${businessId} AND user_id = ${dispatcher.userId}`;
    await api.sql`UPDATE resource SET user_id = NULL WHERE id = ${unlinked.resource}`;
    await api.sql`UPDATE resource SET active = false WHERE id = ${deactivated.resource}`;
    await api.deps.liveStreams.recheckNow();
    expect(await ended(staff)).toBe('forbidden');
    expect(await ended(unlinked.stream)).toBe('forbidden');
    expect(await ended(deactivated.stream)).toBe('forbidden');
    // An inactive technician record no longer opens a stream either.
    expect(await call(api.url, 'GET', `/api/businesses/${slug}/live`, { token: deactivated.token })).toMatchObject({ status: 403, body: { code: 'forbidden' } });
  });

  it('ends a tracking link’s stream at the link’s expiry, known from the last re-check, without waiting for the next one', async () => {
    const w = await makeWorkOrder(api.sql, businessId);
    const resource = (await makeResource(api.sql, businessId)).id;
    const booking = (await makeBooking(api.sql, { businessId, workOrderId: w.workOrderId, resourceId: resource, arrival: '2031-03-05T17:00:00Z', status: 'traveling' })).id;
    const dispatcher = await makeStaff(api.deps, businessId, 'dispatcher');
    const staffToken = await signIn(dispatcher.email);
    const link = await call(api.url, 'POST', `/api/businesses/${slug}/admin/bookings/${booking}/tracking-link`, { token: staffToken });
    const token = new URL(link.body.url).hash.replace('#arrivo-track=', '');
    const s = await live({ 'x-arrivo-tracking-token': token });
    expect(s.status).toBe(200);
    // The visit moved on: the link now runs for a little longer (as the grace period does).
    await api.sql`UPDATE tracking_link SET expires_at = now() + interval '1.5 seconds' WHERE booking_id = ${booking}`;
    await api.deps.liveStreams.recheckNow();
    expect(s.ended).toBe(false);
    // No further re-check runs in this test (the next is 30 s away): the stream's own expiry ends it.
    expect(await ended(s)).toBe('expired');
  });

  it('keeps re-checking when one query fails: that batch keeps its streams until the next pass, the others are decided', async () => {
    const { recheckLiveAccess } = await import('../services/live-updates');
    const warnings: unknown[] = [];
    const log = { ...api.deps.log, warn: (...args: unknown[]) => void warnings.push(args) } as typeof api.deps.log;
    // A database that fails every session query but answers the others.
    const failing = new Proxy(api.sql, {
      apply: (target, self, args: [TemplateStringsArray, ...unknown[]]) => {
        if (Array.isArray(args[0]) && args[0].join('').includes('auth_session')) return Promise.reject(new Error('connection lost'));
        return Reflect.apply(target, self, args);
      },
    });
    const verdicts = await recheckLiveAccess({ sql: failing, log })([
      { kind: 'session', sessionId: 'gone', businessId, userId: 'nobody' },
      { kind: 'link', tokenHash: 'x'.repeat(43) },
    ]);
    expect(verdicts.get('session:gone')).toBeUndefined();
    expect(verdicts.get(`link:${'x'.repeat(43)}`)).toEqual({ end: 'expired' });
    expect(warnings).toHaveLength(1);
    // With the database back, the session is decided.
    expect((await recheckLiveAccess({ sql: api.sql, log })([{ kind: 'session', sessionId: 'gone', businessId, userId: 'nobody' }])).get('session:gone')).toEqual({ end: 'expired' });
  });
});

describe('limits on live streams', () => {
  // Behind one proxy hop: each test speaks from its own client address (X-Forwarded-For).
  const api = useTestApp({ env: { LIVE_STREAMS_PER_SESSION: '2', LIVE_OPENS_PER_MINUTE: '5', TRUST_PROXY: '1' } });
  let slug = '';
  let businessId = '';
  const open: SseReader[] = [];
  const live = (headers: Record<string, string>) => openSse(`${api.url}/api/businesses/${slug}/live`, headers).then((s) => (open.push(s), s));
  let addresses = 0;
  const from = () => ({ 'x-forwarded-for': `203.0.113.${++addresses}` });

  beforeAll(async () => {
    const business = await makeBusiness(api.sql);
    slug = business.slug;
    businessId = business.id;
  });

  afterEach(() => {
    for (const s of open.splice(0)) s.close();
  });

  it('keeps at most LIVE_STREAMS_PER_SESSION streams per session: the newest tab wins, the oldest ends (replaced)', async () => {
    const person = await makeCustomer(api.deps, businessId);
    const headers = { ...from(), authorization: `Bearer ${await signInToken(api.url, slug, person.email, PASSWORD)}` };
    const other = await live({ ...from(), authorization: `Bearer ${await signInToken(api.url, slug, person.email, PASSWORD)}` });
    const [first, second] = [await live(headers), await live(headers)];
    const before = api.deps.liveStreams.size;
    const third = await live(headers);
    expect(third.status).toBe(200);
    expect(JSON.parse((await first!.next((e) => e.event === 'end')).data)).toEqual({ reason: 'replaced' });
    expect(api.deps.liveStreams.size).toBe(before);
    // The same person's other sign-in (another device) is another session, with its own allowance.
    expect([second!.ended, third.ended, other.ended]).toEqual([false, false, false]);
  });

  it('keeps at most as many per tracking link', async () => {
    const w = await makeWorkOrder(api.sql, businessId);
    const booking = (await makeBooking(api.sql, { businessId, workOrderId: w.workOrderId, resourceId: (await makeResource(api.sql, businessId)).id, arrival: '2031-03-06T17:00:00Z', status: 'traveling' })).id;
    const staff = await makeStaff(api.deps, businessId, 'dispatcher');
    const link = await call(api.url, 'POST', `/api/businesses/${slug}/admin/bookings/${booking}/tracking-link`, { token: await signInToken(api.url, slug, staff.email, PASSWORD) });
    const headers = { ...from(), 'x-arrivo-tracking-token': new URL(link.body.url).hash.replace('#arrivo-track=', '') };
    const [first, second, third] = [await live(headers), await live(headers), await live(headers)];
    expect(JSON.parse((await first!.next((e) => e.event === 'end')).data)).toEqual({ reason: 'replaced' });
    expect([second!.ended, third!.ended]).toEqual([false, false]);
  });

  it('limits how many streams one client address opens per minute (429 rate_limited), signed in or not', async () => {
    const person = await makeCustomer(api.deps, businessId);
    const address = from();
    const headers = { ...address, authorization: `Bearer ${await signInToken(api.url, slug, person.email, PASSWORD)}` };
    for (let i = 0; i < 4; i++) expect((await live(headers)).status).toBe(200);
    expect(await call(api.url, 'GET', `/api/businesses/${slug}/live`, { headers: address })).toMatchObject({ status: 401 });
    const refused = await call(api.url, 'GET', `/api/businesses/${slug}/live`, { headers });
    expect(refused).toMatchObject({ status: 429, body: { code: 'rate_limited' } });
    // Another address is not affected.
    expect((await live({ ...headers, ...from() })).status).toBe(200);
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

import { randomUUID } from 'node:crypto';
import { LOCATION_BATCH_MAX, zonedInstant, type DomainEvent } from '@arrivo/core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app';
import { dayFromNow, makeAccount, makeAsset, makeBooking, makeBusiness, makeCustomer, makeSchedulingWorld, makeStaff, makeWorkOrder, makeResource, PASSWORD } from '../../test/fixtures';
import { call, signInToken } from '../../test/http';
import type { EventSubscriber } from '../events/dispatcher';
import type { LiveEnvelope } from '../live/bus';
import { pruneExpired } from '../db/queries/housekeeping';
import { KEEP } from '../services/housekeeping';

/** booking.status_changed events as the notification sender would get them. */
const statusEvents: DomainEvent<'booking.status_changed'>[] = [];
const arrivingEvents: DomainEvent<'booking.arriving'>[] = [];
const recorder: EventSubscriber = {
  key: 'test-tracking-recorder',
  events: ['booking.status_changed', 'booking.arriving'],
  handle: async (event) => {
    if (event.name === 'booking.arriving') arrivingEvents.push(event as DomainEvent<'booking.arriving'>);
    else statusEvents.push(event as DomainEvent<'booking.status_changed'>);
  },
};

const ZONE = 'America/Los_Angeles';
/** Noon (Portland) `days` from today, plus `hours`. */
const at = (days: number, hours = 0) => new Date(zonedInstant(dayFromNow(days), 12 * 60, ZONE) + hours * 3_600_000).toISOString();
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

// The visit's place (the customer account's address) and points around it.
const HOME = { lat: 45.512, lon: -122.6262 };
const FAR = { lat: 45.52, lon: -122.68 }; // ~4.3 km away
const NEAR = { lat: 45.5125, lon: -122.6265 }; // ~60 m away

describe('live tracking API', () => {
  const api = useTestApp({ subscribers: () => [recorder] });
  let w: Awaited<ReturnType<typeof makeSchedulingWorld>>;
  let maya = '';
  let sam = '';
  const tokens: Record<string, string> = {};
  let workOrderId = '';
  let otherAccountWorkOrderId = '';
  let otherBusiness: Awaited<ReturnType<typeof makeBusiness>>;
  let otherBusinessBooking = '';
  let hour = 0;

  /** A visit of `resourceId` at the customer's home, each on its own hour so none overlap. */
  const visit = async (resourceId = maya, status = 'scheduled', arrival = at(0, (hour += 2) - 200), wo = workOrderId) =>
    (await makeBooking(api.sql, { businessId: w.business.id, workOrderId: wo, resourceId, arrival, status })).id;
  const tech = (method: string, path: string, body?: unknown, as = 'maya') =>
    call(api.url, method, `/api/businesses/${w.business.slug}/technician${path}`, { token: tokens[as], body });
  const fix = (where: { lat: number; lon: number }, recordedAt = ago(1000), extra: object = {}) => ({ ...where, accuracyM: 8, recordedAt, ...extra });
  const send = (bookingId: string, fixes: object[], as = 'maya') => tech('POST', `/visits/${bookingId}/locations`, { fixes }, as);
  const tracking = (bookingId: string, as = 'customer') => call(api.url, 'GET', `/api/businesses/${w.business.slug}/me/bookings/${bookingId}/tracking`, { token: tokens[as] });
  const byLink = (token: string | undefined, slug = w.business.slug) =>
    call(api.url, 'GET', `/api/businesses/${slug}/tracking`, { headers: token === undefined ? {} : { 'x-arrivo-tracking-token': token } });
  const link = (method: string, bookingId: string, body?: unknown, as = 'dispatcher') =>
    call(api.url, method, `/api/businesses/${w.business.slug}/admin/bookings/${bookingId}/tracking-link`, { token: tokens[as], body });
  const tokenOf = (url: string) => url.split('#arrivo-track=')[1]!;

  beforeAll(async () => {
    w = await makeSchedulingWorld(api.deps, { technicians: [{ name: 'Maya', lat: 45.52, lon: -122.65 }, { name: 'Sam', lat: 45.5, lon: -122.6 }] });
    [maya, sam] = w.technicians.map((t) => t.id) as [string, string];
    await api.sql`UPDATE resource SET photo_url = 'https://example.com/maya.jpg' WHERE id = ${maya}`;
    await api.sql`UPDATE service_type SET intake_fields = ${api.sql.json([{ key: 'gate', label: 'Gate code', kind: 'text', required: false }])} WHERE id = ${w.serviceTypeId}`;
    const [wo] = await api.sql<{ id: string }[]>`
      INSERT INTO work_order (business_id, account_id, asset_id, service_type_id, reported_by_contact_id, address_line1, city, postal_code, lat, lon, comments, intake, source)
      VALUES (${w.business.id}, ${w.customer.accountId}, ${w.assetHere}, ${w.serviceTypeId}, ${w.customer.contactId}, '3614 SE Hawthorne Blvd', 'Portland', '97214',
              ${HOME.lat}, ${HOME.lon}, 'Dog in the yard', ${api.sql.json({ gate: '4711', pets: true })}, 'portal')
      RETURNING id`;
    workOrderId = wo!.id;
    await api.sql`UPDATE contact SET phone = '(503) 555-0199' WHERE id = ${w.customer.contactId}`;
    const otherAccount = await makeAccount(api.sql, w.business.id);
    const [owo] = await api.sql<{ id: string }[]>`
      INSERT INTO work_order (business_id, account_id, service_type_id, address_line1, city, lat, lon, source)
      VALUES (${w.business.id}, ${otherAccount}, ${w.serviceTypeId}, '1 Elsewhere St', 'Portland', 45.5, -122.7, 'staff') RETURNING id`;
    otherAccountWorkOrderId = owo!.id;
    const people = {
      maya: await makeStaff(api.deps, w.business.id, 'technician'),
      sam: await makeStaff(api.deps, w.business.id, 'technician'),
      unlinked: await makeStaff(api.deps, w.business.id, 'technician'),
      dispatcher: await makeStaff(api.deps, w.business.id, 'dispatcher'),
      admin: await makeStaff(api.deps, w.business.id, 'admin'),
      customer: w.customer,
      neighbour: await makeCustomer(api.deps, w.business.id, otherAccount),
    };
    await api.sql`UPDATE resource SET user_id = ${people.maya.userId} WHERE id = ${maya}`;
    await api.sql`UPDATE resource SET user_id = ${people.sam.userId} WHERE id = ${sam}`;
    for (const [who, p] of Object.entries(people)) tokens[who] = await signInToken(api.url, w.business.slug, p.email, PASSWORD);

    otherBusiness = await makeBusiness(api.sql);
    const otherTech = await makeResource(api.sql, otherBusiness.id);
    const otherWo = await makeWorkOrder(api.sql, otherBusiness.id);
    otherBusinessBooking = (await makeBooking(api.sql, { businessId: otherBusiness.id, workOrderId: otherWo.workOrderId, resourceId: otherTech.id, arrival: at(0), status: 'traveling' })).id;
  });
  beforeEach(() => api.sql`DELETE FROM rate_limit`);

  describe('technician visits', () => {
    it('lists the technician’s own visits by arrival, with what is needed on the doorstep', async () => {
      const today = await visit(maya, 'scheduled', at(0, 3));
      const earlier = await visit(maya, 'traveling', at(0, 1));
      const tomorrow = await visit(maya, 'scheduled', at(1));
      const canceledToday = await visit(maya, 'canceled', at(0, 5));
      const canceledYesterday = await visit(maya, 'canceled', at(-1));
      const completedYesterday = await visit(maya, 'completed', at(-1, 2));
      const later = await visit(maya, 'scheduled', at(9));
      const samsVisit = await visit(sam, 'scheduled', at(0, 2));

      const res = await tech('GET', '/visits');
      expect(res.status).toBe(200);
      expect(res.body.technician).toEqual({ id: maya, name: 'Maya' });
      const ids = res.body.visits.map((v: { id: string }) => v.id);
      expect(ids).toEqual(expect.arrayContaining([earlier, today, canceledToday, tomorrow]));
      for (const hidden of [canceledYesterday, completedYesterday, later, samsVisit]) expect(ids).not.toContain(hidden);
      const arrivals = res.body.visits.map((v: { arrivalAt: string }) => v.arrivalAt);
      expect(arrivals).toEqual([...arrivals].sort());

      const v = res.body.visits.find((x: { id: string }) => x.id === earlier);
      expect(v).toMatchObject({
        status: 'traveling',
        next: ['in_progress', 'canceled'],
        sharingLocation: true,
        timeZone: ZONE,
        serviceType: { id: w.serviceTypeId, name: 'Drain cleaning', durationMinutes: 60 },
        asset: { id: w.assetHere, name: 'Kitchen sink' },
        customer: { contactName: 'Pat Doe', phone: '(503) 555-0199' },
        address: { line1: '3614 SE Hawthorne Blvd', city: 'Portland', postalCode: '97214', ...HOME },
        directions: { geo: `geo:${HOME.lat},${HOME.lon}?q=${HOME.lat},${HOME.lon}` },
        comments: 'Dog in the yard',
      });
      expect(v.directions.web).toMatch(/^https:\/\//);
      expect(v.intakeAnswers).toEqual(expect.arrayContaining([{ label: 'Gate code', value: '4711' }, { label: 'pets', value: 'Yes' }]));
      expect(res.body.visits.find((x: { id: string }) => x.id === today).sharingLocation).toBe(false);

      // A range: yesterday for 2 days shows yesterday's completed visit, never yesterday's canceled one.
      const range = await tech('GET', `/visits?from=${dayFromNow(-1)}&days=2`);
      expect(range.body.visits.map((x: { id: string }) => x.id)).toContain(completedYesterday);
      expect(range.body.visits.map((x: { id: string }) => x.id)).not.toContain(canceledYesterday);
      expect(range.body.visits.map((x: { id: string }) => x.id)).not.toContain(tomorrow);
      expect((await tech('GET', `/visits?from=${dayFromNow(0)}&days=10`)).body.visits.map((x: { id: string }) => x.id)).toContain(later);
      expect(await tech('GET', '/visits?days=32')).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
      expect(await tech('GET', '/visits?from=tomorrow')).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
      // Dates far away are refused, not a 500 from date arithmetic past the calendar's end.
      for (const from of ['9999-12-31', '0001-01-01', dayFromNow(400), dayFromNow(-400)]) {
        expect(await tech('GET', `/visits?from=${from}`), from).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
      }
      expect((await tech('GET', `/visits?from=${dayFromNow(360)}&days=31`)).status).toBe(200);

      expect(await tech('GET', `/visits/${today}`)).toMatchObject({ status: 200, body: { id: today, status: 'scheduled' } });
    });

    it('treats another technician’s or business’s visit as unknown, and lets only linked technicians in', async () => {
      const samsVisit = await visit(sam);
      expect(await tech('GET', `/visits/${samsVisit}`)).toMatchObject({ status: 404, body: { code: 'not_found' } });
      expect(await tech('POST', `/visits/${samsVisit}/status`, { status: 'traveling' })).toMatchObject({ status: 404, body: { code: 'not_found' } });
      expect(await tech('GET', `/visits/${otherBusinessBooking}`)).toMatchObject({ status: 404 });
      expect(await send(otherBusinessBooking, [fix(FAR)])).toMatchObject({ status: 404 });
      expect(await tech('GET', `/visits/${randomUUID()}`)).toMatchObject({ status: 404 });
      expect(await tech('GET', `/visits/${samsVisit}`, undefined, 'sam')).toMatchObject({ status: 200 });
      const [row] = await api.sql`SELECT status FROM booking WHERE id = ${samsVisit}`;
      expect(row!.status).toBe('scheduled');

      expect(await tech('GET', '/visits', undefined, 'unlinked')).toMatchObject({ status: 403, body: { code: 'forbidden' } });
      expect(await tech('GET', '/visits', undefined, 'customer')).toMatchObject({ status: 403 });
      expect(await tech('GET', '/visits', undefined, 'dispatcher')).toMatchObject({ status: 403 });
      expect((await call(api.url, 'GET', `/api/businesses/${w.business.slug}/technician/visits`)).status).toBe(401);
      // Another business: the technician's token was made here.
      expect((await call(api.url, 'GET', `/api/businesses/${otherBusiness.slug}/technician/visits`, { token: tokens.maya })).status).toBe(401);
    });

    it('moves the technician’s visit through the status machine, issuing a tracking link on traveling', async () => {
      const id = await visit();
      const traveling = await tech('POST', `/visits/${id}/status`, { status: 'traveling' });
      expect(traveling).toMatchObject({ status: 200, body: { id, status: 'traveling', next: ['in_progress', 'canceled'], sharingLocation: true } });
      const [history] = await api.sql`SELECT changed_by_user_id FROM booking_status_history WHERE booking_id = ${id}`;
      expect(history!.changedByUserId).not.toBeNull();

      // The event that announces the move carries the link's token, sealed; it opens the visit's map.
      await expect.poll(() => statusEvents.find((e) => e.payload.bookingId === id), { timeout: 5000 }).toBeDefined();
      const event = statusEvents.find((e) => e.payload.bookingId === id)!;
      expect(event.payload.sealedTrackingToken).toEqual(expect.any(String));
      const token = api.deps.secrets.open(event.payload.sealedTrackingToken!);
      expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(16);
      expect(await byLink(token)).toMatchObject({ status: 200, body: { bookingId: id, status: 'traveling' } });
      const [stored] = await api.sql`SELECT token_hash FROM tracking_link_token WHERE booking_id = ${id}`;
      expect(stored!.tokenHash).not.toContain(token);

      expect(await tech('POST', `/visits/${id}/status`, { status: 'completed' })).toMatchObject({ status: 409, body: { code: 'status_transition_not_allowed' } });
      expect(await tech('POST', `/visits/${id}/status`, { status: 'canceled' })).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
      expect(await tech('POST', `/visits/${id}/status`, { status: 'in_progress' })).toMatchObject({ status: 200, body: { status: 'in_progress', next: ['completed'], sharingLocation: false } });
      expect(await tech('POST', `/visits/${id}/status`, { status: 'canceled', note: 'Too late' })).toMatchObject({ status: 409 });
      expect(await tech('POST', `/visits/${id}/status`, { status: 'completed' })).toMatchObject({ status: 200, body: { status: 'completed', next: [] } });

      const other = await visit();
      expect(await tech('POST', `/visits/${other}/status`, { status: 'canceled', note: 'Customer not home' })).toMatchObject({ status: 200, body: { status: 'canceled' } });
      // No status event for a scheduled → canceled move carries a token.
      await expect.poll(() => statusEvents.find((e) => e.payload.bookingId === other), { timeout: 5000 }).toBeDefined();
      expect(statusEvents.find((e) => e.payload.bookingId === other)!.payload.sealedTrackingToken).toBeUndefined();
    });
  });

  describe('location fixes', () => {
    it('refuses fixes unless the visit is Traveling', async () => {
      for (const status of ['scheduled', 'in_progress', 'completed', 'canceled']) {
        expect(await send(await visit(maya, status), [fix(FAR)])).toMatchObject({ status: 409, body: { code: 'not_traveling' } });
      }
    });

    it('validates coordinates, accuracy, timestamps and batch size, naming the field', async () => {
      const id = await visit(maya, 'traveling');
      const refused = async (fixes: object[], path: (string | number)[]) => {
        const res = await send(id, fixes);
        expect(res).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
        expect(res.body.issues.map((i: { path: unknown[] }) => i.path)).toContainEqual(['json', ...path]);
      };
      await refused([fix({ lat: 91, lon: 0 })], ['fixes', 0, 'lat']);
      await refused([fix({ lat: 45, lon: -181 })], ['fixes', 0, 'lon']);
      await refused([fix(FAR, ago(0), { accuracyM: -1 })], ['fixes', 0, 'accuracyM']);
      await refused([fix(FAR, 'yesterday')], ['fixes', 0, 'recordedAt']);
      await refused(Array.from({ length: LOCATION_BATCH_MAX + 1 }, (_, i) => fix(FAR, ago(60_000 - i))), ['fixes']);
      await refused([], ['fixes']);
      expect(await send(id, [{ ...fix(FAR), extra: 1 }])).toMatchObject({ status: 400 });
      expect(await api.sql`SELECT 1 FROM technician_location WHERE booking_id = ${id}`).toEqual([]);
      // A device clock a little ahead is tolerated.
      expect(await send(id, [fix(FAR, new Date(Date.now() + 10_000).toISOString())])).toMatchObject({ status: 200, body: { accepted: 1 } });
    });

    it('stores the valid fixes of a batch and reports the refused ones (a device clock far ahead, fixes too old)', async () => {
      const id = await visit(maya, 'traveling');
      const future = new Date(Date.now() + 5 * 60_000).toISOString();
      const mixed = await send(id, [fix(FAR, ago(2000)), fix(FAR, future), fix(FAR, ago(11 * 60_000)), fix(NEAR, ago(1000))]);
      expect(mixed).toMatchObject({ status: 200, body: { accepted: 2, eta: { arriving: true } } });
      expect(mixed.body.refused).toEqual([
        { index: 1, reason: 'future' },
        { index: 2, reason: 'too_old' },
      ]);
      expect(await api.sql`SELECT 1 FROM technician_location WHERE booking_id = ${id}`).toHaveLength(2);
      // Nothing valid: still answered, so the app learns why (its clock), and nothing stored.
      const allFuture = await send(id, [fix(FAR, future), fix(FAR, future)]);
      expect(allFuture).toMatchObject({ status: 200, body: { accepted: 0, refused: [{ index: 0, reason: 'future' }, { index: 1, reason: 'future' }] } });
      expect(await api.sql`SELECT 1 FROM technician_location WHERE booking_id = ${id}`).toHaveLength(2);
    });

    it('stores a heading the column would round to 360 as north, and headings to 0.1°', async () => {
      const id = await visit(maya, 'traveling');
      const res = await send(id, [fix(FAR, ago(3000), { headingDeg: 359.99999 }), fix(FAR, ago(2000), { headingDeg: 359.94 }), fix(FAR, ago(1000), { headingDeg: 12.345 })]);
      expect(res).toMatchObject({ status: 200, body: { accepted: 3, refused: [] } });
      const rows = await api.sql<{ headingDeg: number }[]>`SELECT heading_deg FROM technician_location WHERE booking_id = ${id} ORDER BY recorded_at`;
      expect(rows.map((r) => r.headingDeg)).toEqual([0, expect.closeTo(359.9, 3), expect.closeTo(12.3, 3)]);
    });

    it('ignores fixes taken before the visit set off (the technician was still at the previous place)', async () => {
      const id = await visit();
      expect((await tech('POST', `/visits/${id}/status`, { status: 'traveling' })).status).toBe(200);
      const res = await send(id, [fix(HOME, ago(9 * 60_000)), fix(FAR, ago(1000))]);
      expect(res).toMatchObject({ status: 200, body: { accepted: 1, refused: [{ index: 0, reason: 'before_traveling' }], eta: { arriving: false } } });
      expect((await tracking(id)).body.position).toMatchObject(FAR);
    });

    it('anchors the ETA on now, not on a stale fix', async () => {
      const id = await visit(maya, 'traveling');
      const before = Date.now();
      const res = await send(id, [fix(FAR, ago(8 * 60_000))]);
      expect(res.body.eta.minutes).toBeGreaterThan(3);
      expect(Date.parse(res.body.eta.at)).toBeGreaterThanOrEqual(before + res.body.eta.minutes * 60_000 - 1000);
      expect(Date.parse((await tracking(id)).body.eta.at)).toBeGreaterThanOrEqual(before + res.body.eta.minutes * 60_000 - 1000);
    });

    it('stores fixes in order, skips duplicates and stale ones, keeps a short trail, and publishes the position and ETA', async () => {
      const id = await visit(maya, 'traveling');
      const seen: LiveEnvelope[] = [];
      const unsubscribe = [api.deps.live.subscribe(`booking:${id}`, (m) => seen.push(m)), api.deps.live.subscribe(`account:${w.customer.accountId}`, (m) => seen.push(m))];
      try {
        const t0 = Date.now() - 5 * 60_000;
        const iso = (s: number) => new Date(t0 + s * 1000).toISOString();
        const first = await send(id, [fix(FAR, iso(0)), fix(FAR, iso(5)), fix(FAR, iso(10))]);
        expect(first.status).toBe(200);
        expect(first.body.accepted).toBe(3);
        expect(first.body.eta).toMatchObject({ arriving: false });
        expect(first.body.eta.minutes).toBeGreaterThan(3);
        // A retried batch is skipped; fixes out of order within a batch are sorted and stored.
        const retry = await send(id, [fix(FAR, iso(5)), fix(FAR, iso(10)), fix(FAR, iso(15)), fix(FAR, iso(12))]);
        expect(retry.body).toMatchObject({ accepted: 2, refused: [] });
        const times = await api.sql<{ recordedAt: Date }[]>`SELECT recorded_at FROM technician_location WHERE booking_id = ${id} ORDER BY id`;
        expect(times.map((r) => r.recordedAt.toISOString())).toEqual([0, 5, 10, 12, 15].map(iso));

        const positions = seen.filter((m) => m.type === 'tracking.position');
        expect(positions.map((m) => m.topic).sort()).toEqual([`account:${w.customer.accountId}`, `account:${w.customer.accountId}`, `booking:${id}`, `booking:${id}`]);
        expect(positions.at(-1)).toMatchObject({ type: 'tracking.position', data: { bookingId: id, position: { ...FAR, accuracyM: 8, recordedAt: iso(15) }, eta: { arriving: false } } });

        // Nothing accepted → nothing published.
        const before = seen.length;
        expect((await send(id, [fix(FAR, iso(15))])).body.accepted).toBe(0);
        expect(seen.length).toBe(before);

        // Only the newest 50 are kept.
        for (let batch = 0; batch < 2; batch++) {
          await send(id, Array.from({ length: 30 }, (_, i) => fix(FAR, iso(20 + batch * 30 + i))));
        }
        const kept = await api.sql<{ recordedAt: Date }[]>`SELECT recorded_at FROM technician_location WHERE booking_id = ${id} ORDER BY recorded_at`;
        expect(kept).toHaveLength(50);
        expect(kept.at(-1)!.recordedAt.toISOString()).toBe(iso(79));
      } finally {
        for (const u of unsubscribe) u();
      }
    });

    it('announces arriving once, when a fix first enters the radius', async () => {
      const id = await visit(maya, 'traveling');
      const seen: LiveEnvelope[] = [];
      const unsubscribe = api.deps.live.subscribe(`booking:${id}`, (m) => seen.push(m));
      try {
        expect((await send(id, [fix(FAR, ago(30_000))])).body.eta.arriving).toBe(false);
        expect(seen.filter((m) => m.type === 'tracking.arriving')).toEqual([]);
        const near = await send(id, [fix(NEAR, ago(20_000))]);
        expect(near.body.eta).toMatchObject({ arriving: true, minutes: 0 });
        await send(id, [fix(HOME, ago(10_000))]);
        await send(id, [fix(NEAR, ago(5_000))]);
        const arriving = seen.filter((m) => m.type === 'tracking.arriving');
        expect(arriving).toHaveLength(1);
        // And once as a domain event, for the arrival notice.
        await expect.poll(() => arrivingEvents.filter((e) => e.payload.bookingId === id).length, { timeout: 5000 }).toBe(1);
        expect(arrivingEvents.find((e) => e.payload.bookingId === id)).toMatchObject({ businessId: w.business.id, payload: { resourceId: maya, ...NEAR } });
        expect(arriving[0]!.data).toMatchObject({ bookingId: id, eta: { arriving: true } });
        expect(seen.filter((m) => m.type === 'tracking.position')).toHaveLength(4);
      } finally {
        unsubscribe();
      }
    });

    it('rate limits each technician', async () => {
      const id = await visit(maya, 'traveling');
      const statuses: number[] = [];
      for (let i = 0; i < 31; i++) statuses.push((await send(id, [fix(FAR, ago(60_000 - i * 100))])).status);
      expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
      expect(statuses[30]).toBe(429);
      expect((await send(id, [fix(FAR)])).body.code).toBe('rate_limited');
      // Sam is not slowed down by Maya.
      const his = await visit(sam, 'traveling');
      expect((await send(his, [fix(FAR)], 'sam')).status).toBe(200);
    });

    it('counts refused requests against the rate limit too', async () => {
      const scheduled = await visit(maya, 'scheduled');
      for (let i = 0; i < 30; i++) expect((await send(scheduled, [fix(FAR)])).status).toBe(409);
      const id = await visit(maya, 'traveling');
      expect(await send(id, [fix(FAR)])).toMatchObject({ status: 429, body: { code: 'rate_limited' } });
    });

    it('skips a fix older than one stored by a batch that held the visit while this one waited for it', async () => {
      const id = await visit(maya, 'traveling');
      expect((await send(id, [fix(FAR, ago(30_000))])).body.accepted).toBe(1);
      let request: ReturnType<typeof send> | undefined;
      // Another batch holds the visit, as recordLocations does, and stores a newer fix meanwhile.
      await api.sql.begin(async (tx) => {
        await tx`SELECT id FROM booking WHERE id = ${id} FOR NO KEY UPDATE`;
        request = send(id, [fix(FAR, ago(20_000))]);
        await expect
          .poll(async () => (await api.sql`SELECT 1 FROM pg_locks WHERE NOT granted AND locktype IN ('tuple', 'transactionid')`).length, { timeout: 5000, interval: 20 })
          .toBeGreaterThan(0);
        await tx`
          INSERT INTO technician_location (business_id, resource_id, booking_id, lat, lon, accuracy_m, recorded_at)
          VALUES (${w.business.id}, ${maya}, ${id}, ${NEAR.lat}, ${NEAR.lon}, 5, ${ago(10_000)})`;
      });
      // The waiting batch's fix is older than the one stored meanwhile: skipped, and the ETA is the newer fix's.
      const res = await request!;
      expect(res).toMatchObject({ status: 200, body: { accepted: 0, eta: { arriving: true } } });
      const stored = await api.sql<{ lat: number }[]>`SELECT lat FROM technician_location WHERE booking_id = ${id} ORDER BY recorded_at`;
      expect(stored.map((r) => r.lat)).toEqual([FAR.lat, NEAR.lat]);
    });
  });

  describe('customer tracking view', () => {
    it('shows the account’s own Traveling visit with position, trail and ETA, and nothing of it once work starts', async () => {
      const id = await visit(maya, 'traveling');
      await send(id, [fix(FAR, ago(20_000)), fix(NEAR, ago(10_000), { headingDeg: 90 })]);
      const res = await tracking(id);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        bookingId: id,
        status: 'traveling',
        timeZone: ZONE,
        destination: { ...HOME, label: '3614 SE Hawthorne Blvd' },
        position: { ...NEAR, headingDeg: 90, accuracyM: 8 },
        trail: [FAR, NEAR],
        eta: { arriving: true, minutes: 0 },
        // Defaults: name and photo shown, phone not.
        technician: { name: 'Maya', photoUrl: 'https://example.com/maya.jpg', phone: null },
        business: { name: w.business.name },
      });

      // The customer booking view offers the live map exactly then.
      expect((await call(api.url, 'GET', `/api/businesses/${w.business.slug}/me/bookings/${id}`, { token: tokens.customer })).body.actions.viewLiveMap).toBe(true);

      await call(api.url, 'POST', `/api/businesses/${w.business.slug}/admin/bookings/${id}/status`, { token: tokens.dispatcher, body: { status: 'in_progress' } });
      expect((await tracking(id)).body).toMatchObject({ status: 'in_progress', position: null, trail: [], eta: null });
      expect((await call(api.url, 'GET', `/api/businesses/${w.business.slug}/me/bookings/${id}`, { token: tokens.customer })).body.actions.viewLiveMap).toBe(false);
    });

    it('follows the business’s technician card settings, and shows no position while tracking is off', async () => {
      const id = await visit(maya, 'traveling');
      await send(id, [fix(FAR)]);
      await api.sql`UPDATE business_settings SET show_technician_name = false, show_technician_photo = false, show_technician_phone = true WHERE business_id = ${w.business.id}`;
      try {
        expect((await tracking(id)).body.technician).toEqual({ name: null, photoUrl: null, phone: '(503) 555-0100' });
        await api.sql`UPDATE business_settings SET tracking_enabled = false WHERE business_id = ${w.business.id}`;
        expect((await tracking(id)).body).toMatchObject({ position: null, trail: [], eta: null });
        expect((await send(id, [fix(FAR)])).body).toEqual({ accepted: 0, eta: null, refused: [] });
        expect((await tech('GET', `/visits/${id}`)).body.sharingLocation).toBe(false);
      } finally {
        await api.sql`UPDATE business_settings SET show_technician_name = true, show_technician_photo = true, show_technician_phone = false, tracking_enabled = true WHERE business_id = ${w.business.id}`;
      }
    });

    it('answers 404 for another account’s or business’s visit, and refuses other roles', async () => {
      const neighbours = await visit(maya, 'traveling', undefined, otherAccountWorkOrderId);
      await send(neighbours, [fix(FAR)]);
      expect(await tracking(neighbours)).toMatchObject({ status: 404, body: { code: 'not_found' } });
      expect(await tracking(neighbours, 'neighbour')).toMatchObject({ status: 200, body: { position: FAR } });
      expect(await tracking(otherBusinessBooking)).toMatchObject({ status: 404 });
      expect(await tracking(randomUUID())).toMatchObject({ status: 404 });
      expect((await tracking(neighbours, 'maya')).status).toBe(403);
      expect((await tracking(neighbours, 'dispatcher')).status).toBe(403);
      expect((await call(api.url, 'GET', `/api/businesses/${w.business.slug}/me/bookings/${neighbours}/tracking`)).status).toBe(401);
    });
  });

  describe('staff live map', () => {
    const live = (as = 'dispatcher', slug = w.business.slug) => call(api.url, 'GET', `/api/businesses/${slug}/admin/tracking/live`, { token: tokens[as] });

    it('lists the business’s Traveling visits with the technician’s latest position and ETA, and tells staff of each new fix', async () => {
      const onWay = await visit(maya, 'traveling');
      const waiting = await visit(sam, 'traveling');
      const notYet = await visit(maya, 'scheduled');
      const seen: LiveEnvelope[] = [];
      const unsubscribe = api.deps.live.subscribe(`business:${w.business.id}`, (m) => seen.push(m));
      try {
        await send(onWay, [fix(FAR, ago(20_000)), fix(NEAR, ago(10_000), { headingDeg: 90 })]);
        const res = await live();
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ timeZone: ZONE, trackingEnabled: true });
        const ids = res.body.visits.map((v: { bookingId: string }) => v.bookingId);
        expect(ids).toContain(onWay);
        expect(ids).toContain(waiting);
        expect(ids).not.toContain(notYet);
        expect(ids).not.toContain(otherBusinessBooking);
        const mine = res.body.visits.find((v: { bookingId: string }) => v.bookingId === onWay);
        expect(mine).toMatchObject({
          technician: { id: maya, name: 'Maya' },
          accountName: expect.any(String),
          destination: { ...HOME, label: '3614 SE Hawthorne Blvd' },
          position: { ...NEAR, headingDeg: 90, accuracyM: 8 },
          eta: { arriving: true, minutes: 0 },
        });
        expect(res.body.visits.find((v: { bookingId: string }) => v.bookingId === waiting)).toMatchObject({ technician: { id: sam, name: 'Sam' }, position: null, eta: null });
        // Staff follow the business's topic: each accepted fix reaches it.
        expect(seen.filter((m) => m.type === 'tracking.position' && m.data.bookingId === onWay).map((m) => m.topic)).toEqual([`business:${w.business.id}`]);
        expect((await live('admin')).status).toBe(200);
      } finally {
        unsubscribe();
        await api.sql`UPDATE booking SET status = 'completed' WHERE id IN (${onWay}, ${waiting})`;
      }
    });

    it('is for staff only: customers and technicians are refused, another business’s staff never see these technicians', async () => {
      const onWay = await visit(maya, 'traveling');
      try {
        await send(onWay, [fix(FAR)]);
        expect(await live('customer')).toMatchObject({ status: 403, body: { code: expect.any(String) } });
        expect((await live('maya')).status).toBe(403);
        expect((await call(api.url, 'GET', `/api/businesses/${w.business.slug}/admin/tracking/live`)).status).toBe(401);
        const otherStaff = await makeStaff(api.deps, otherBusiness.id, 'dispatcher');
        const token = await signInToken(api.url, otherBusiness.slug, otherStaff.email, PASSWORD);
        const theirs = await call(api.url, 'GET', `/api/businesses/${otherBusiness.slug}/admin/tracking/live`, { token });
        expect(theirs.status).toBe(200);
        expect(theirs.body.visits.map((v: { bookingId: string }) => v.bookingId)).toEqual([otherBusinessBooking]);
        expect(JSON.stringify(theirs.body)).not.toContain(maya);
        // This business's sign-in does not open another business's map.
        expect((await live('dispatcher', otherBusiness.slug)).status).toBe(401);
      } finally {
        await api.sql`UPDATE booking SET status = 'completed' WHERE id = ${onWay}`;
      }
    });
  });

  describe('tracking links', () => {
    it('lets staff create a link (its URL shown once), then read, extend, expire and block it', async () => {
      const id = await visit(maya, 'traveling');
      await send(id, [fix(FAR)]);
      await api.sql`UPDATE business_settings SET portal_url = '/portal.html' WHERE business_id = ${w.business.id}`;
      const created = await link('POST', id);
      expect(created).toMatchObject({ status: 200, body: { bookingId: id, state: 'active', expiresAt: null } });
      expect(created.body.url).toMatch(new RegExp(`^${api.url}/portal\\.html#arrivo-track=[A-Za-z0-9_-]{43}$`));
      const token = tokenOf(created.body.url);
      expect(await link('GET', id)).toMatchObject({ status: 200, body: { url: null, state: 'active' } });

      const view = await byLink(token);
      expect(view).toMatchObject({ status: 200, body: { bookingId: id, position: FAR, technician: { name: 'Maya' } } });
      expect(view.headers.get('cache-control')).toBe('no-store');

      // Replaced: the old token stops working.
      const again = await link('POST', id, undefined, 'admin');
      const fresh = tokenOf(again.body.url);
      expect(await byLink(token)).toMatchObject({ status: 404, body: { code: 'tracking_link_invalid' } });
      expect((await byLink(fresh)).status).toBe(200);

      expect(await link('PATCH', id, { action: 'expire' })).toMatchObject({ status: 200, body: { state: 'expired', url: null } });
      expect(await byLink(fresh)).toMatchObject({ status: 404, body: { code: 'tracking_link_invalid' } });
      const extended = await link('PATCH', id, { action: 'extend', minutes: 30 });
      expect(extended.body.state).toBe('active');
      expect(Date.parse(extended.body.expiresAt) - Date.now()).toBeGreaterThan(29 * 60_000);
      expect((await byLink(fresh)).status).toBe(200);
      expect(await link('PATCH', id, { action: 'extend' })).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
      expect(await link('PATCH', id, { action: 'block' })).toMatchObject({ status: 200, body: { state: 'blocked' } });
      expect(await byLink(fresh)).toMatchObject({ status: 404, body: { code: 'tracking_link_invalid' } });
      expect(await link('PATCH', id, { action: 'extend', minutes: 30 })).toMatchObject({ status: 409 });
      expect(await link('PATCH', id, { action: 'sleep' })).toMatchObject({ status: 400 });

      // Staff of this business only; never customers or technicians.
      expect((await link('POST', id, undefined, 'customer')).status).toBe(403);
      expect((await link('GET', id, undefined, 'maya')).status).toBe(403);
      expect(await link('GET', otherBusinessBooking)).toMatchObject({ status: 404, body: { code: 'not_found' } });
      expect(await link('POST', otherBusinessBooking)).toMatchObject({ status: 404 });
      expect(await link('PATCH', await visit(), { action: 'expire' })).toMatchObject({ status: 404 });
    });

    it('keeps a link staff sent before departure working when the visit sets off, beside the new one', async () => {
      const id = await visit();
      const early = tokenOf((await link('POST', id)).body.url);
      // Before departure the link shows nothing: no address, no technician.
      expect(await byLink(early)).toMatchObject({ status: 404, body: { code: 'tracking_link_invalid' } });
      expect(await call(api.url, 'GET', `/api/businesses/${w.business.slug}/live`, { headers: { 'x-arrivo-tracking-token': early } })).toMatchObject({ status: 404, body: { code: 'tracking_link_invalid' } });
      expect((await tracking(id)).body.technician).toEqual({ name: null, phone: null, photoUrl: null });
      const extended = await link('PATCH', id, { action: 'extend', minutes: 60 });
      expect(extended.status).toBe(200);

      expect((await tech('POST', `/visits/${id}/status`, { status: 'traveling' })).status).toBe(200);
      await expect.poll(() => statusEvents.find((e) => e.payload.bookingId === id && e.payload.to === 'traveling'), { timeout: 5000 }).toBeDefined();
      const onTheWay = api.deps.secrets.open(statusEvents.find((e) => e.payload.bookingId === id && e.payload.to === 'traveling')!.payload.sealedTrackingToken!);
      expect(onTheWay).not.toBe(early);
      expect(await byLink(early)).toMatchObject({ status: 200, body: { bookingId: id, status: 'traveling', technician: { name: 'Maya' } } });
      expect(await byLink(onTheWay)).toMatchObject({ status: 200, body: { bookingId: id } });
      // The minutes staff added before still count after the visit leaves Traveling.
      await call(api.url, 'POST', `/api/businesses/${w.business.slug}/admin/bookings/${id}/status`, { token: tokens.dispatcher, body: { status: 'in_progress' } });
      expect(Date.parse((await link('GET', id)).body.expiresAt) - Date.now()).toBeGreaterThan(85 * 60_000);
      // One block covers both.
      await link('PATCH', id, { action: 'block' });
      for (const t of [early, onTheWay]) expect(await byLink(t)).toMatchObject({ status: 404, body: { code: 'tracking_link_invalid' } });
    });

    it('keeps a block made before departure: setting off neither lifts it nor sends a token', async () => {
      const id = await visit();
      const early = tokenOf((await link('POST', id)).body.url);
      expect((await link('PATCH', id, { action: 'block' })).body.state).toBe('blocked');
      expect((await tech('POST', `/visits/${id}/status`, { status: 'traveling' })).status).toBe(200);
      await expect.poll(() => statusEvents.find((e) => e.payload.bookingId === id && e.payload.to === 'traveling'), { timeout: 5000 }).toBeDefined();
      expect(statusEvents.find((e) => e.payload.bookingId === id && e.payload.to === 'traveling')!.payload.sealedTrackingToken).toBeUndefined();
      expect(await byLink(early)).toMatchObject({ status: 404, body: { code: 'tracking_link_invalid' } });
      expect((await link('GET', id)).body.state).toBe('blocked');
      // Staff may still make a new link on purpose; the blocked token stays dead.
      const fresh = tokenOf((await link('POST', id)).body.url);
      expect((await byLink(fresh)).status).toBe(200);
      expect((await byLink(early)).status).toBe(404);
    });

    it('makes a fresh link when the one staff made before departure was expired', async () => {
      const id = await visit();
      const early = tokenOf((await link('POST', id)).body.url);
      await link('PATCH', id, { action: 'expire' });
      expect((await tech('POST', `/visits/${id}/status`, { status: 'traveling' })).status).toBe(200);
      await expect.poll(() => statusEvents.find((e) => e.payload.bookingId === id && e.payload.to === 'traveling'), { timeout: 5000 }).toBeDefined();
      const onTheWay = api.deps.secrets.open(statusEvents.find((e) => e.payload.bookingId === id && e.payload.to === 'traveling')!.payload.sealedTrackingToken!);
      expect((await byLink(onTheWay)).status).toBe(200);
      expect((await byLink(early)).status).toBe(404);
      expect((await link('GET', id)).body).toMatchObject({ state: 'active', expiresAt: null });
    });

    it('caps extensions at 24 hours past now, with a clear validation error', async () => {
      const id = await visit(maya, 'traveling');
      await link('POST', id);
      // While the link follows the visit, extensions add to the grace period: at most 24 h in all.
      for (let i = 0; i < 4; i++) expect((await link('PATCH', id, { action: 'extend', minutes: 360 })).status).toBe(200);
      const over = await link('PATCH', id, { action: 'extend', minutes: 5 });
      expect(over).toMatchObject({ status: 400, body: { code: 'validation_failed', issues: [{ path: ['json', 'minutes'] }] } });
      expect(over.body.message).toMatch(/24 hours/);
      // Once it expires at a time, its end is capped at 24 h from now.
      await link('PATCH', id, { action: 'expire' });
      expect((await link('PATCH', id, { action: 'extend', minutes: 1440 })).status).toBe(200);
      expect(await link('PATCH', id, { action: 'extend', minutes: 5 })).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
      const [row] = await api.sql<{ extraMinutes: number }[]>`SELECT extra_minutes FROM tracking_link WHERE booking_id = ${id}`;
      expect(row!.extraMinutes).toBeLessThanOrEqual(1440);
    });

    it('refuses unknown tokens, other businesses’ slugs and missing tokens, and works for the grace period after Traveling', async () => {
      const id = await visit(maya, 'traveling');
      await send(id, [fix(FAR)]);
      const token = tokenOf((await link('POST', id)).body.url);
      expect(await byLink('x'.repeat(43))).toMatchObject({ status: 404, body: { code: 'tracking_link_invalid' } });
      expect(await byLink(token, otherBusiness.slug)).toMatchObject({ status: 404, body: { code: 'tracking_link_invalid' } });
      expect(await byLink(undefined)).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
      // The token in the URL does nothing.
      expect((await call(api.url, 'GET', `/api/businesses/${w.business.slug}/tracking?token=${token}`)).status).toBe(400);

      // Work starts: the link still opens (for the grace period), without a position.
      await call(api.url, 'POST', `/api/businesses/${w.business.slug}/admin/bookings/${id}/status`, { token: tokens.dispatcher, body: { status: 'in_progress' } });
      expect(await byLink(token)).toMatchObject({ status: 200, body: { status: 'in_progress', position: null, trail: [], eta: null } });
      const state = await link('GET', id);
      expect(state.body.state).toBe('active');
      expect(Date.parse(state.body.expiresAt) - Date.now()).toBeGreaterThan(25 * 60_000);
      // Once the grace period is over, it is gone.
      await api.sql`UPDATE tracking_link SET expires_at = now() - interval '1 second' WHERE booking_id = ${id}`;
      expect(await byLink(token)).toMatchObject({ status: 404, body: { code: 'tracking_link_invalid' } });
      expect((await link('GET', id)).body.state).toBe('expired');
    });

    it('lets an allowed embedding page send the token header across origins', async () => {
      const origin = 'https://plumber.example';
      await api.sql`UPDATE business_settings SET allowed_origins = ${[origin]} WHERE business_id = ${w.business.id}`;
      const res = await fetch(`${api.url}/api/businesses/${w.business.slug}/tracking`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-arrivo-tracking-token' },
      });
      expect(res.headers.get('access-control-allow-origin')).toBe(origin);
      expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('x-arrivo-tracking-token');
    });

    it('rate limits link lookups per client address', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 61; i++) statuses.push((await byLink('y'.repeat(43))).status);
      expect(statuses.slice(0, 60).every((s) => s === 404)).toBe(true);
      expect(statuses[60]).toBe(429);
    });
  });

  describe('settings and housekeeping', () => {
    it('lets admins change the tracking settings', async () => {
      const admin = await makeStaff(api.deps, w.business.id, 'admin');
      const token = await signInToken(api.url, w.business.slug, admin.email, PASSWORD);
      const path = `/api/businesses/${w.business.slug}/admin/settings/scheduling`;
      expect((await call(api.url, 'GET', path, { token })).body).toMatchObject({ arrivingRadiusM: 300, locationRetentionHours: 24, trackingLinkGraceMinutes: 30 });
      expect(await call(api.url, 'PATCH', path, { token, body: { arrivingRadiusM: 10 } })).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
      const changed = await call(api.url, 'PATCH', path, { token, body: { arrivingRadiusM: 5000, trackingLinkGraceMinutes: 0 } });
      expect(changed.body).toMatchObject({ arrivingRadiusM: 5000, trackingLinkGraceMinutes: 0 });
      try {
        // Within 5 km: arriving at once.
        const id = await visit(maya, 'traveling');
        expect((await send(id, [fix(FAR)])).body.eta.arriving).toBe(true);
        // No grace: the link ends when the visit leaves Traveling.
        const token2 = tokenOf((await link('POST', id)).body.url);
        await call(api.url, 'POST', `/api/businesses/${w.business.slug}/admin/bookings/${id}/status`, { token: tokens.dispatcher, body: { status: 'canceled', note: 'Van broke down' } });
        expect(await byLink(token2)).toMatchObject({ status: 404, body: { code: 'tracking_link_invalid' } });
      } finally {
        await call(api.url, 'PATCH', path, { token, body: { arrivingRadiusM: 300, trackingLinkGraceMinutes: 30 } });
      }
    });

    it('deletes fixes past the retention, and the fixes of visits that left Traveling once the grace period is over', async () => {
      const old = await visit(maya, 'traveling');
      const done = await visit(maya, 'traveling');
      const recent = await visit(maya, 'traveling');
      const justDone = await visit(maya, 'traveling');
      for (const id of [old, done, recent, justDone]) await send(id, [fix(FAR)]);
      await api.sql`UPDATE technician_location SET recorded_at = now() - interval '25 hours' WHERE booking_id = ${old}`;
      for (const id of [done, justDone]) {
        await call(api.url, 'POST', `/api/businesses/${w.business.slug}/admin/bookings/${id}/status`, { token: tokens.dispatcher, body: { status: 'in_progress' } });
      }
      await api.sql`UPDATE booking_status_history SET changed_at = now() - interval '31 minutes' WHERE booking_id = ${done} AND from_status = 'traveling'`;

      const pruned = await pruneExpired(api.sql, KEEP);
      expect(pruned.locations).toBeGreaterThanOrEqual(2);
      const left = async (id: string) => (await api.sql`SELECT 1 FROM technician_location WHERE booking_id = ${id}`).length;
      expect(await left(old)).toBe(0);
      expect(await left(done)).toBe(0);
      expect(await left(recent)).toBe(1);
      expect(await left(justDone)).toBe(1);
    });
  });
});

import { createHash, randomUUID } from 'node:crypto';
import type { DomainEvent } from '@arrivo/core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app';
import { dayFromNow, makeBooking, makeBusiness, makeContact, makeCustomer, makeResource, makeSchedulingWorld, makeStaff, makeWorkOrder, PASSWORD } from '../../test/fixtures';
import { call, silentLog, signInToken } from '../../test/http';
import type { ReceivedMail } from '../../test/smtp-sink';
import { deliverNotification, remindVisit, type ReminderJob } from '../services/notifications';
import { notificationsSubscriber } from './notifications';

type World = Awaited<ReturnType<typeof makeSchedulingWorld>>;

describe('booking notifications (real SMTP server)', () => {
  const api = useTestApp();
  let w: World;
  let customer: { email: string; contactId: string; token: string };
  let day = 2;
  /** booking.created events committed in this business so far. */
  let created = 0;

  const me = (path: string, body: unknown, token = customer.token, headers: Record<string, string> = {}) =>
    call(api.url, 'POST', `/api/businesses/${w.business.slug}/me${path}`, { token, body, headers });
  const slots = async (token = customer.token, date = dayFromNow(day)) =>
    (await call(api.url, 'GET', `/api/businesses/${w.business.slug}/me/slots?serviceTypeId=${w.serviceTypeId}&date=${date}`, { token })).body.slots as { arrivalAt: string }[];
  /** Book the first free time on a day of its own, so tests do not compete for times. */
  const book = async (token = customer.token, onDay?: number) => {
    if (onDay === undefined) day++;
    const [slot] = await slots(token, dayFromNow(onDay ?? day));
    const res = await me('/bookings', { serviceTypeId: w.serviceTypeId, arrivalAt: slot!.arrivalAt }, token, { 'idempotency-key': randomUUID() });
    expect(res.status).toBe(201);
    created++;
    return res.body as { id: string; arrivalAt: string };
  };
  const logOf = (bookingId: string) =>
    api.sql<{ message: string; status: string; attempts: number; lastError: string | null; recipient: string; language: string }[]>`
      SELECT message, status, attempts, last_error, recipient, language FROM notification_log WHERE booking_id = ${bookingId} ORDER BY created_at`;
  /** Wait until the notifications subscriber has handled `n` events of this name for the business. */
  const handled = (name: string, n: number) =>
    expect
      .poll(async () => (await api.sql`SELECT count(*)::int AS n FROM event_delivery WHERE subscriber = 'notifications' AND business_id = ${w.business.id} AND event_name = ${name}`)[0]!.n, { timeout: 5000 })
      .toBeGreaterThanOrEqual(n);
  const ics = (mail: ReceivedMail) => mail.attachments.find((a) => a.mimeType.startsWith('text/calendar'))?.content ?? '';
  const mailsTo = (to: string, subject: RegExp) => api.mail.received.filter((m) => m.to.includes(to) && subject.test(m.subject));

  beforeAll(async () => {
    w = await makeSchedulingWorld(api.deps);
    await api.sql`UPDATE business SET phone = '(503) 555-0199', name = 'Rose <City> Plumbing' WHERE id = ${w.business.id}`;
    await api.sql`UPDATE business_settings SET slot_interval_minutes = 5 WHERE business_id = ${w.business.id}`;
    customer = { email: w.customer.email, contactId: w.customer.contactId, token: await signInToken(api.url, w.business.slug, w.customer.email, PASSWORD) };
  });
  beforeEach(() => api.sql`DELETE FROM rate_limit`);

  it('confirms a portal booking once, with the visit in the business’s zone and a calendar request', async () => {
    const since = api.mail.received.length;
    const booking = await book();
    const mail = await api.mail.next(customer.email, since);
    expect(mail.subject).toBe('Your visit with Rose <City> Plumbing is booked');
    expect(mail.text).toContain('Hi Pat,');
    expect(mail.text).toContain('Drain cleaning');
    expect(mail.text).toMatch(/Arrival: \w+day, \w+ \d+, 2026 at \d+:\d\d [AP]M P[DS]T \(America\/Los_Angeles\)/);
    expect(mail.text).toContain('Questions? Call Rose <City> Plumbing at (503) 555-0199.');
    // The HTML escapes what it interpolates.
    expect(mail.html).toContain('Rose &lt;City&gt; Plumbing');
    expect(mail.html).not.toContain('Rose <City>');
    const cal = ics(mail);
    expect(cal).toContain('METHOD:REQUEST');
    expect(cal).toContain(`UID:booking-${booking.id}@arrivo`);
    expect(cal).toContain('SEQUENCE:0');
    expect(cal).toContain(`DTSTART:${booking.arrivalAt.replace(/[-:]/g, '').replace(/\.\d+/, '').replace('Z', 'Z')}`);
    await expect.poll(async () => (await logOf(booking.id))[0], { timeout: 5000 }).toMatchObject({ message: 'confirmation', status: 'sent', attempts: 1, recipient: customer.email, language: 'en' });
    expect(mailsTo(customer.email, /is booked/).filter((m) => ics(m).includes(booking.id))).toHaveLength(1);
  });

  it('tells of a move only beyond 10 minutes, with the same UID and a higher SEQUENCE; a cancel sends METHOD:CANCEL with the reason', async () => {
    const booking = await book();
    await expect.poll(async () => (await logOf(booking.id))[0]?.status, { timeout: 5000 }).toBe('sent');
    const at = Date.parse(booking.arrivalAt);
    const iso = (ms: number) => new Date(ms).toISOString();
    const small = await me(`/bookings/${booking.id}/reschedule`, { arrivalAt: iso(at + 5 * 60_000) });
    expect(small.status).toBe(200);
    await handled('booking.rescheduled', 1);
    expect((await logOf(booking.id)).map((r) => r.message)).toEqual(['confirmation']);
    // Exactly 10 minutes is not more than 10.
    expect((await me(`/bookings/${booking.id}/reschedule`, { arrivalAt: iso(at + 15 * 60_000) })).status).toBe(200);
    await handled('booking.rescheduled', 2);
    expect((await logOf(booking.id)).map((r) => r.message)).toEqual(['confirmation']);

    const since = api.mail.received.length;
    const big = await me(`/bookings/${booking.id}/reschedule`, { arrivalAt: iso(at + 60 * 60_000) });
    expect(big.status).toBe(200);
    const moved = await api.mail.next(customer.email, since);
    expect(moved.subject).toBe('Your visit with Rose <City> Plumbing has a new time');
    expect(ics(moved)).toContain(`UID:booking-${booking.id}@arrivo`);
    expect(ics(moved)).toContain('SEQUENCE:1');
    expect(ics(moved)).toContain('METHOD:REQUEST');

    const before = api.mail.received.length;
    expect((await me(`/bookings/${booking.id}/cancel`, { reason: 'Fixed it myself' })).status).toBe(200);
    const canceled = await api.mail.next(customer.email, before);
    expect(canceled.subject).toBe('Your visit with Rose <City> Plumbing is canceled');
    expect(canceled.text).toContain('Reason: Fixed it myself');
    expect(ics(canceled)).toContain('METHOD:CANCEL');
    expect(ics(canceled)).toContain('STATUS:CANCELLED');
    expect(ics(canceled)).toContain('SEQUENCE:2');
    expect(ics(canceled)).toContain(`UID:booking-${booking.id}@arrivo`);
    await expect.poll(async () => (await logOf(booking.id)).map((r) => `${r.message}:${r.status}`), { timeout: 5000 }).toEqual(['confirmation:sent', 'rescheduled:sent', 'canceled:sent']);
  });

  it('ignores a move handled after a newer one beyond 10 minutes: the calendar keeps the current time and the highest SEQUENCE', async () => {
    const booking = await book();
    await expect.poll(async () => (await logOf(booking.id))[0]?.status, { timeout: 5000 }).toBe('sent');
    const at = Date.parse(booking.arrivalAt);
    const iso = (ms: number) => new Date(ms).toISOString();
    const { resourceId } = (await api.sql<{ resourceId: string }[]>`SELECT resource_id FROM booking WHERE id = ${booking.id}`)[0]!;
    expect((await me(`/bookings/${booking.id}/reschedule`, { arrivalAt: iso(at + 60 * 60_000) })).status).toBe(200);
    await expect.poll(async () => (await logOf(booking.id)).filter((r) => r.message === 'rescheduled').map((r) => r.status), { timeout: 5000 }).toEqual(['sent']);
    const sequence = async () => (await api.sql<{ s: number }[]>`SELECT calendar_sequence AS s FROM booking WHERE id = ${booking.id}`)[0]!.s;
    const before = await sequence();
    // The older move (to +30 min), reaching the subscriber only now.
    const stale = {
      id: randomUUID(),
      name: 'booking.rescheduled' as const,
      businessId: w.business.id,
      occurredAt: iso(Date.now() - 60_000),
      actorUserId: null,
      payload: { bookingId: booking.id, resourceId, arrivalAt: iso(at + 30 * 60_000), previous: { resourceId, arrivalAt: booking.arrivalAt } },
    };
    await api.sql.begin((tx) => notificationsSubscriber(api.deps).handle(stale as DomainEvent, { tx, log: silentLog }));
    expect(await sequence()).toBe(before);
    expect((await logOf(booking.id)).filter((r) => r.message === 'rescheduled')).toHaveLength(1);
    // A move followed by a small one (≤ 10 min, which sends nothing itself) is still told, at the current time.
    const since = api.mail.received.length;
    const nearly = { ...stale, id: randomUUID(), payload: { ...stale.payload, arrivalAt: iso(at + 55 * 60_000) } };
    await api.sql.begin((tx) => notificationsSubscriber(api.deps).handle(nearly as DomainEvent, { tx, log: silentLog }));
    expect(await sequence()).toBe(before + 1);
    const told = await api.mail.next(customer.email, since);
    expect(ics(told)).toContain(`DTSTART:${iso(at + 60 * 60_000).replace(/[-:]/g, '').replace(/\.\d+/, '')}`);
    expect(ics(told)).toContain(`SEQUENCE:${before + 1}`);
  });

  it('writes to the work order’s Reported By contact when it is not the person who booked', async () => {
    const booking = await book();
    await expect.poll(async () => (await logOf(booking.id))[0]?.status, { timeout: 5000 }).toBe('sent');
    const other = await makeContact(api.sql, w.business.id, w.customer.accountId);
    await api.sql`UPDATE contact SET first_name = 'Robin' WHERE id = ${other.contactId}`;
    await api.sql`UPDATE work_order SET reported_by_contact_id = ${other.contactId} WHERE id = (SELECT work_order_id FROM booking WHERE id = ${booking.id})`;
    const since = api.mail.received.length;
    expect((await me(`/bookings/${booking.id}/cancel`, { reason: 'Away that week' })).status).toBe(200);
    const mail = await api.mail.next(other.email, since);
    expect(mail.subject).toBe('Your visit with Rose <City> Plumbing is canceled');
    expect(mail.text).toContain('Hi Robin,');
    await expect.poll(async () => (await logOf(booking.id)).map((r) => [r.message, r.recipient]), { timeout: 5000 }).toEqual([
      ['confirmation', customer.email],
      ['canceled', other.email],
    ]);
    expect(mailsTo(customer.email, /is canceled/).filter((m) => ics(m).includes(booking.id))).toEqual([]);
  });

  it('writes in the contact’s language: Spanish, and Arabic right to left', async () => {
    const ar = await makeCustomer(api.deps, w.business.id);
    await api.sql`UPDATE contact SET preferred_language = 'ar' WHERE id = ${ar.contactId}`;
    const arToken = await signInToken(api.url, w.business.slug, ar.email, PASSWORD);
    let since = api.mail.received.length;
    await book(arToken);
    const arMail = await api.mail.next(ar.email, since);
    expect(arMail.subject).toBe('تم حجز زيارتك مع Rose <City> Plumbing');
    expect(arMail.html).toContain('dir="rtl"');
    expect(arMail.html).toContain('lang="ar"');
    expect(ics(arMail)).toContain('METHOD:REQUEST');

    const es = await makeCustomer(api.deps, w.business.id);
    await api.sql`UPDATE contact SET preferred_language = 'es-MX' WHERE id = ${es.contactId}`;
    since = api.mail.received.length;
    await book(await signInToken(api.url, w.business.slug, es.email, PASSWORD));
    const esMail = await api.mail.next(es.email, since);
    expect(esMail.subject).toBe('Su visita con Rose <City> Plumbing está reservada');
    expect(esMail.text).toContain('Hola, Pat:');
    expect(esMail.html).toContain('dir="ltr"');
  });

  it('sends nothing for a staff-made visit, a contact who chose no email, or a message the business switched off', async () => {
    // Staff-made: the work order's source is staff (as the fixtures make it).
    const wo = await makeWorkOrder(api.sql, w.business.id);
    await api.sql`UPDATE work_order SET reported_by_contact_id = ${customer.contactId} WHERE id = ${wo.workOrderId}`;
    const resource = await makeResource(api.sql, w.business.id);
    const staffVisit = await makeBooking(api.sql, { businessId: w.business.id, workOrderId: wo.workOrderId, resourceId: resource.id, arrival: `${dayFromNow(20)}T18:00:00Z` });
    await api.deps.events.publish(api.sql, {
      name: 'booking.created',
      businessId: w.business.id,
      actorUserId: null,
      payload: { bookingId: staffVisit.id, workOrderId: wo.workOrderId, resourceId: resource.id, arrivalAt: `${dayFromNow(20)}T18:00:00.000Z`, source: 'staff' },
    });
    created++;
    // Opted out of email.
    const quiet = await makeCustomer(api.deps, w.business.id);
    await api.sql`UPDATE contact SET notify_email = false WHERE id = ${quiet.contactId}`;
    const quietVisit = await book(await signInToken(api.url, w.business.slug, quiet.email, PASSWORD));
    // Confirmations switched off.
    await api.sql`UPDATE business_settings SET notify_confirmation = false WHERE business_id = ${w.business.id}`;
    const switchedOff = await book();
    // The switch counts when the event is handled: keep it off until then.
    await handled('booking.created', created);
    await api.sql`UPDATE business_settings SET notify_confirmation = true WHERE business_id = ${w.business.id}`;

    await handled('booking.created', created);
    for (const id of [staffVisit.id, quietVisit.id, switchedOff.id]) expect(await logOf(id)).toEqual([]);
  });

  it('never sends for a rolled-back booking', async () => {
    const wo = await makeWorkOrder(api.sql, w.business.id);
    await api.sql`UPDATE work_order SET source = 'portal', reported_by_contact_id = ${customer.contactId} WHERE id = ${wo.workOrderId}`;
    const resource = await makeResource(api.sql, w.business.id);
    const visit = await makeBooking(api.sql, { businessId: w.business.id, workOrderId: wo.workOrderId, resourceId: resource.id, arrival: `${dayFromNow(21)}T18:00:00Z` });
    const payload = { bookingId: visit.id, workOrderId: wo.workOrderId, resourceId: resource.id, arrivalAt: `${dayFromNow(21)}T18:00:00.000Z`, source: 'portal' as const };
    await expect(
      api.sql.begin(async (tx) => {
        await api.deps.events.publish(tx, { name: 'booking.created', businessId: w.business.id, actorUserId: null, payload });
        throw new Error('the booking failed after publishing');
      }),
    ).rejects.toThrow('the booking failed');
    // The same visit's event committed afterwards is delivered, and only that one.
    const since = api.mail.received.length;
    const event = await api.deps.events.publish(api.sql, { name: 'booking.created', businessId: w.business.id, actorUserId: null, payload });
    created++;
    await api.mail.next(customer.email, since);
    await expect.poll(async () => (await logOf(visit.id)).map((r) => r.status), { timeout: 5000 }).toEqual(['sent']);
    const [row] = await api.sql`SELECT idempotency_key FROM notification_log WHERE booking_id = ${visit.id}`;
    expect(row!.idempotencyKey).toBe(`${event.id}:confirmation:${customer.contactId}`);
  });

  it('retries while the mail server is down and delivers once when it is back; a refused address ends dead', async () => {
    await api.mail.stop();
    const started = performance.now();
    const booking = await book();
    expect(performance.now() - started).toBeLessThan(2000); // the booking never waits on SMTP
    await expect.poll(async () => (await logOf(booking.id))[0]?.status, { timeout: 5000 }).toBe('failed');
    expect((await logOf(booking.id))[0]!.lastError).toMatch(/ECONNREFUSED|connect/i);
    const since = api.mail.received.length;
    await api.mail.start();
    const mail = await api.mail.next(customer.email, since);
    expect(ics(mail)).toContain(booking.id);
    await expect.poll(async () => (await logOf(booking.id))[0], { timeout: 8000 }).toMatchObject({ status: 'sent', lastError: null });
    expect((await logOf(booking.id))[0]!.attempts).toBeGreaterThanOrEqual(2);
    expect(api.mail.received.filter((m) => ics(m).includes(`UID:booking-${booking.id}`))).toHaveLength(1);

    const refused = await makeCustomer(api.deps, w.business.id);
    api.mail.rejected.add(refused.email.toLowerCase());
    const lost = await book(await signInToken(api.url, w.business.slug, refused.email, PASSWORD));
    await expect.poll(async () => (await logOf(lost.id))[0], { timeout: 5000 }).toMatchObject({ status: 'dead', attempts: 1 });
  });

  it('marks a message whose content cannot be opened dead with the error, instead of retrying it forever', async () => {
    const [row] = await api.sql<{ id: string }[]>`
      INSERT INTO notification_log (business_id, contact_id, channel, event, message, language, recipient, idempotency_key, sealed_content)
      VALUES (${w.business.id}, ${customer.contactId}, 'email', 'booking.created', 'confirmation', 'en', ${customer.email}, ${`unreadable:${randomUUID()}`}, 'not sealed by this server')
      RETURNING id`;
    await deliverNotification(api.deps, row!.id);
    const [after] = await api.sql<{ status: string; attempts: number; lastError: string }[]>`SELECT status, attempts, last_error FROM notification_log WHERE id = ${row!.id}`;
    expect(after).toMatchObject({ status: 'dead', attempts: 1 });
    expect(after!.lastError).toMatch(/^unreadable content: /);
  });

  it('lets staff list and filter the log and resend a message; admins switch messages; nobody else sees it', async () => {
    const dispatcher = await makeStaff(api.deps, w.business.id, 'dispatcher');
    const admin = await makeStaff(api.deps, w.business.id, 'admin');
    const staffToken = await signInToken(api.url, w.business.slug, dispatcher.email, PASSWORD);
    const adminToken = await signInToken(api.url, w.business.slug, admin.email, PASSWORD);
    const admin$ = (method: string, rest: string, token: string, body?: unknown) => call(api.url, method, `/api/businesses/${w.business.slug}/admin${rest}`, { token, body });

    const booking = await book();
    await expect.poll(async () => (await logOf(booking.id))[0]?.status, { timeout: 5000 }).toBe('sent');
    const list = await admin$('GET', `/notifications?bookingId=${booking.id}`, staffToken);
    expect(list.status).toBe(200);
    expect(list.body).toEqual([
      expect.objectContaining({ bookingId: booking.id, channel: 'email', event: 'booking.created', message: 'confirmation', state: 'sent', attempts: 1, recipient: customer.email, resendable: true }),
    ]);
    expect((await admin$('GET', `/notifications?state=dead`, staffToken)).body.every((e: { state: string }) => e.state === 'dead')).toBe(true);
    expect((await admin$('GET', `/notifications?recipient=${encodeURIComponent(customer.email.toUpperCase())}&limit=500`, staffToken)).body.length).toBeGreaterThanOrEqual(3);
    expect((await admin$('GET', `/notifications?from=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`, staffToken)).body).toEqual([]);
    expect((await admin$('GET', `/notifications?state=lost`, staffToken)).status).toBe(400);

    // Resend: the same message once more, attempts start over.
    const since = api.mail.received.length;
    const resent = await admin$('POST', `/notifications/${list.body[0].id}/resend`, staffToken);
    expect(resent.status).toBe(202);
    const again = await api.mail.next(customer.email, since);
    expect(ics(again)).toContain(`UID:booking-${booking.id}@arrivo`);
    await expect.poll(async () => (await logOf(booking.id))[0], { timeout: 5000 }).toMatchObject({ status: 'sent', attempts: 1 });

    // Another business's staff and the customer see nothing of it.
    const other = await makeBusiness(api.sql);
    const stranger = await makeStaff(api.deps, other.id, 'admin');
    const strangerToken = await signInToken(api.url, other.slug, stranger.email, PASSWORD);
    expect((await call(api.url, 'POST', `/api/businesses/${other.slug}/admin/notifications/${list.body[0].id}/resend`, { token: strangerToken })).status).toBe(404);
    expect((await call(api.url, 'GET', `/api/businesses/${other.slug}/admin/notifications?bookingId=${booking.id}`, { token: strangerToken })).body).toEqual([]);
    expect((await admin$('GET', '/notifications', customer.token)).status).toBe(403);

    // Switches: on by default; admins only.
    expect((await admin$('GET', '/notification-settings', adminToken)).body).toEqual({ confirmation: true, rescheduled: true, canceled: true, onTheWay: true, arriving: true, reminder: true, completed: true, excludedAccountIds: [], excludedServiceTypeIds: [] });
    expect((await admin$('PATCH', '/notification-settings', staffToken, { canceled: false })).status).toBe(403);
    const patched = await admin$('PATCH', '/notification-settings', adminToken, { canceled: false });
    expect(patched.body).toEqual({ confirmation: true, rescheduled: true, canceled: false, onTheWay: true, arriving: true, reminder: true, completed: true, excludedAccountIds: [], excludedServiceTypeIds: [] });
    expect((await admin$('PATCH', '/notification-settings', adminToken, { canceled: true, arriving: false })).body).toMatchObject({ canceled: true, arriving: false });
    expect((await api.sql`SELECT notify_arriving FROM business_settings WHERE business_id = ${w.business.id}`)[0]!.notifyArriving).toBe(false);
    await admin$('PATCH', '/notification-settings', adminToken, { arriving: true });
    expect((await admin$('PATCH', '/notification-settings', adminToken, { sms: true })).status).toBe(400);
    await admin$('PATCH', '/notification-settings', adminToken, { canceled: true });
    // Exclusions: the business's own accounts and service types only.
    const otherAccount = (await makeWorkOrder(api.sql, other.id)).accountId;
    expect((await admin$('PATCH', '/notification-settings', adminToken, { excludedAccountIds: [otherAccount] })).status).toBe(404);
    expect((await admin$('PATCH', '/notification-settings', adminToken, { excludedServiceTypeIds: [randomUUID()] })).status).toBe(404);
    expect((await admin$('PATCH', '/notification-settings', adminToken, { excludedAccountIds: ['nope'] })).status).toBe(400);
    const excluded = await admin$('PATCH', '/notification-settings', adminToken, { excludedAccountIds: [w.customer.accountId, w.customer.accountId] });
    expect(excluded.body).toMatchObject({ excludedAccountIds: [w.customer.accountId], excludedServiceTypeIds: [] });
    const quiet = await book();
    await handled('booking.created', created);
    expect(await logOf(quiet.id)).toEqual([]);
    await admin$('PATCH', '/notification-settings', adminToken, { excludedServiceTypeIds: [w.serviceTypeId], excludedAccountIds: [] });
    const quietToo = await book();
    await handled('booking.created', created);
    expect(await logOf(quietToo.id)).toEqual([]);
    expect((await admin$('PATCH', '/notification-settings', adminToken, { excludedServiceTypeIds: [] })).body.excludedServiceTypeIds).toEqual([]);
  });

  it('previews a message for staff: the business’s name and zone, the language, escaped HTML, the calendar file', async () => {
    const dispatcher = await makeStaff(api.deps, w.business.id, 'dispatcher');
    const token = await signInToken(api.url, w.business.slug, dispatcher.email, PASSWORD);
    const preview = (q: string) => call(api.url, 'GET', `/api/businesses/${w.business.slug}/admin/notifications/preview?${q}`, { token });
    const ar = await preview('message=canceled&language=ar');
    expect(ar.status).toBe(200);
    expect(ar.body.subject).toBe('تم إلغاء زيارتك مع Rose <City> Plumbing');
    expect(ar.body.html).toContain('dir="rtl"');
    expect(ar.body.html).toContain('Rose &lt;City&gt; Plumbing');
    expect(ar.body.text).toContain('(America/Los_Angeles)');
    expect(ar.body.calendar).toContain('METHOD:CANCEL');
    const onTheWay = await preview('message=on_the_way');
    expect(onTheWay.body).toMatchObject({ subject: 'Your Rose <City> Plumbing technician is on the way', calendar: null });
    expect(onTheWay.body.text).toContain('#arrivo-track=');
    const arriving = await preview('message=arriving&language=es');
    expect(arriving.status).toBe(200);
    expect(arriving.body).toMatchObject({ subject: 'Su técnico de Rose <City> Plumbing está llegando', calendar: null });
    expect(arriving.body.html).toContain('Rose &lt;City&gt; Plumbing');
    expect((await preview('message=thanks')).status).toBe(400);
    expect((await preview('message=reminder&language=fr')).status).toBe(400);
  });

  it('sends the on-the-way message with the tracking link when the visit becomes Traveling, once per visit', async () => {
    const dispatcher = await makeStaff(api.deps, w.business.id, 'dispatcher');
    const staffToken = await signInToken(api.url, w.business.slug, dispatcher.email, PASSWORD);
    const booking = await book();
    await expect.poll(async () => (await logOf(booking.id))[0]?.status, { timeout: 5000 }).toBe('sent');
    const since = api.mail.received.length;
    const moved = await call(api.url, 'POST', `/api/businesses/${w.business.slug}/admin/bookings/${booking.id}/status`, { token: staffToken, body: { status: 'traveling' } });
    expect(moved.status).toBe(200);
    const mail = await api.mail.next(customer.email, since);
    expect(mail.subject).toBe('Your Rose <City> Plumbing technician is on the way');
    expect(mail.attachments).toEqual([]);
    const token = /#arrivo-track=([\w-]+)/.exec(mail.text)?.[1];
    expect(token).toBeDefined();
    // The link's token is the one the visit's tracking link was issued with (only its hash is kept).
    const tokens = await api.sql`SELECT token_hash FROM tracking_link_token WHERE booking_id = ${booking.id}`;
    expect(tokens.map((t) => t.tokenHash)).toContain(createHash('sha256').update(token!).digest('base64url'));
    expect(mail.html).toContain(`#arrivo-track=${token}`);

    // Burst guard: another Traveling event for the same visit sends nothing more.
    const [{ n }] = (await api.sql`SELECT count(*)::int AS n FROM event_delivery WHERE subscriber = 'notifications' AND business_id = ${w.business.id} AND event_name = 'booking.status_changed'`) as never as [{ n: number }];
    await api.deps.events.publish(api.sql, {
      name: 'booking.status_changed',
      businessId: w.business.id,
      actorUserId: null,
      payload: { bookingId: booking.id, resourceId: w.technicians[0]!.id, from: 'scheduled', to: 'traveling', note: null },
    });
    await handled('booking.status_changed', n + 1);
    expect((await logOf(booking.id)).map((r) => r.message)).toEqual(['confirmation', 'on_the_way']);
  });

  describe('arrival notice', () => {
    /** What the location-fix path publishes the first time the technician is within the arriving radius. */
    const arrive = (bookingId: string, resourceId = w.technicians[0]!.id) =>
      api.deps.events.publish(api.sql, {
        name: 'booking.arriving',
        businessId: w.business.id,
        actorUserId: null,
        payload: { bookingId, resourceId, at: new Date().toISOString(), lat: 45.5125, lon: -122.6265 },
      });
    const arrivingHandled = async () =>
      (await api.sql`SELECT count(*)::int AS n FROM event_delivery WHERE subscriber = 'notifications' AND business_id = ${w.business.id} AND event_name = 'booking.arriving'`)[0]!.n as number;
    const travel = async (bookingId: string) => {
      const dispatcher = await makeStaff(api.deps, w.business.id, 'dispatcher');
      const token = await signInToken(api.url, w.business.slug, dispatcher.email, PASSWORD);
      const res = await call(api.url, 'POST', `/api/businesses/${w.business.slug}/admin/bookings/${bookingId}/status`, { token, body: { status: 'traveling' } });
      expect(res.status).toBe(200);
    };

    it('tells the Reported By contact the technician is arriving, in their language, once per visit', async () => {
      const es = await makeCustomer(api.deps, w.business.id);
      await api.sql`UPDATE contact SET preferred_language = 'es' WHERE id = ${es.contactId}`;
      const booking = await book(await signInToken(api.url, w.business.slug, es.email, PASSWORD));
      await travel(booking.id);
      await expect.poll(async () => (await logOf(booking.id)).map((r) => `${r.message}:${r.status}`), { timeout: 5000 }).toEqual(['confirmation:sent', 'on_the_way:sent']);
      const since = api.mail.received.length;
      const before = await arrivingHandled();
      await arrive(booking.id);
      const mail = await api.mail.next(es.email, since);
      expect(mail.subject).toBe('Su técnico de Rose <City> Plumbing está llegando');
      expect(mail.text).toContain('Su técnico está llegando.');
      expect(mail.html).toContain('Rose &lt;City&gt; Plumbing');
      expect(mail.attachments).toEqual([]);
      await expect.poll(async () => (await logOf(booking.id)).find((r) => r.message === 'arriving'), { timeout: 5000 }).toMatchObject({ status: 'sent', language: 'es', recipient: es.email });
      const [entry] = await api.sql`SELECT event, idempotency_key FROM notification_log WHERE booking_id = ${booking.id} AND message = 'arriving'`;
      expect(entry).toMatchObject({ event: 'booking.arriving', idempotencyKey: `visit:${booking.id}:arriving:${es.contactId}` });

      // At most one per visit, however many arriving events there are.
      await arrive(booking.id);
      await expect.poll(arrivingHandled, { timeout: 5000 }).toBe(before + 2);
      expect((await logOf(booking.id)).filter((r) => r.message === 'arriving')).toHaveLength(1);
    });

    it('sends nothing for a staff-made visit, a visit no longer on the way, or when the business switched it off', async () => {
      const before = await arrivingHandled();
      // Staff-made (the fixtures' work orders are), Traveling.
      const wo = await makeWorkOrder(api.sql, w.business.id);
      await api.sql`UPDATE work_order SET reported_by_contact_id = ${customer.contactId} WHERE id = ${wo.workOrderId}`;
      const resource = await makeResource(api.sql, w.business.id);
      const staffVisit = await makeBooking(api.sql, { businessId: w.business.id, workOrderId: wo.workOrderId, resourceId: resource.id, arrival: `${dayFromNow(22)}T18:00:00Z` });
      await api.sql`UPDATE booking SET status = 'traveling' WHERE id = ${staffVisit.id}`;
      await arrive(staffVisit.id, resource.id);
      // Portal-made, but canceled before the event was handled.
      const canceled = await book();
      expect((await me(`/bookings/${canceled.id}/cancel`, { reason: 'No longer needed' })).status).toBe(200);
      await arrive(canceled.id);
      // Portal-made and Traveling, with the arrival notice switched off.
      const off = await book();
      await travel(off.id);
      await expect.poll(async () => (await logOf(off.id)).map((r) => r.message), { timeout: 5000 }).toEqual(['confirmation', 'on_the_way']);
      await api.sql`UPDATE business_settings SET notify_arriving = false WHERE business_id = ${w.business.id}`;
      await arrive(off.id);
      await expect.poll(arrivingHandled, { timeout: 5000 }).toBe(before + 3);
      await api.sql`UPDATE business_settings SET notify_arriving = true WHERE business_id = ${w.business.id}`;
      for (const id of [staffVisit.id, canceled.id, off.id]) expect((await logOf(id)).map((r) => r.message)).not.toContain('arriving');
    });
  });

  describe('reminders', () => {
    const reminderJobs = (bookingId: string) =>
      api.sql<{ data: ReminderJob; startAfter: Date }[]>`SELECT data, start_after FROM pgboss.job WHERE name = 'arrivo-reminders' AND data->>'bookingId' = ${bookingId} ORDER BY created_on`;
    const setLead = (minutes: number) => api.sql`UPDATE business_settings SET reminder_lead_minutes = ${minutes} WHERE business_id = ${w.business.id}`;

    it('sends the reminder when it comes due', async () => {
      await setLead(60);
      const since = api.mail.received.length;
      const booking = await book();
      await expect.poll(async () => (await reminderJobs(booking.id)).length, { timeout: 5000 }).toBe(1);
      // Its time has come (rather than waiting a day): the queue runs it.
      await api.sql`UPDATE pgboss.job SET start_after = now() WHERE name = 'arrivo-reminders' AND data->>'bookingId' = ${booking.id}`;
      await expect.poll(async () => (await logOf(booking.id)).map((r) => `${r.message}:${r.status}`).sort(), { timeout: 8000 }).toEqual(['confirmation:sent', 'reminder:sent']);
      const reminder = api.mail.received.slice(since).find((m) => m.subject.startsWith('Reminder:'))!;
      expect(reminder.subject).toBe('Reminder: your visit with Rose <City> Plumbing');
      expect(reminder.text).toContain('(America/Los_Angeles)');
      expect(ics(reminder)).toContain(`UID:booking-${booking.id}@arrivo`);
      await setLead(1440);
    });

    it('schedules no reminder for a visit booked within the lead (it would come with the confirmation)', async () => {
      await setLead(20160);
      const booking = await book(customer.token, 1); // within the 14-day lead
      await handled('booking.created', created);
      expect(await reminderJobs(booking.id)).toEqual([]);
      await setLead(1440);
    });

    it('takes the lead from the reminderLeadMinutes setting: a PATCH changes when the next reminder is due; 0 schedules none', async () => {
      const admin = await makeStaff(api.deps, w.business.id, 'admin');
      const adminToken = await signInToken(api.url, w.business.slug, admin.email, PASSWORD);
      const settings = (body?: unknown) => call(api.url, body ? 'PATCH' : 'GET', `/api/businesses/${w.business.slug}/admin/settings/scheduling`, { token: adminToken, body });
      expect((await settings()).body).toMatchObject({ reminderLeadMinutes: 1440 });
      expect((await settings({ reminderLeadMinutes: 20161 })).status).toBe(400);
      const patched = await settings({ reminderLeadMinutes: 180 });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ reminderLeadMinutes: 180 });
      const booking = await book();
      await expect.poll(async () => (await reminderJobs(booking.id)).length, { timeout: 5000 }).toBe(1);
      expect((await reminderJobs(booking.id))[0]!.startAfter.getTime()).toBe(Date.parse(booking.arrivalAt) - 180 * 60_000);

      expect((await settings({ reminderLeadMinutes: 0 })).body).toMatchObject({ reminderLeadMinutes: 0 });
      const none = await book();
      await handled('booking.created', created);
      expect(await reminderJobs(none.id)).toEqual([]);
      expect((await settings({ reminderLeadMinutes: 1440 })).status).toBe(200);
    });

    it('is scheduled at arrival − lead, suppressed by a cancel, and follows a moved visit', async () => {
      await setLead(60);
      const booking = await book();
      await expect.poll(async () => (await reminderJobs(booking.id)).length, { timeout: 5000 }).toBe(1);
      const [job] = await reminderJobs(booking.id);
      expect(job!.startAfter.getTime()).toBe(Date.parse(booking.arrivalAt) - 60 * 60_000);

      // Moved by an hour: a new reminder for the new time; the old one, run now, says nothing.
      const newArrival = new Date(Date.parse(booking.arrivalAt) + 60 * 60_000).toISOString();
      expect((await me(`/bookings/${booking.id}/reschedule`, { arrivalAt: newArrival })).status).toBe(200);
      await expect.poll(async () => (await reminderJobs(booking.id)).length, { timeout: 5000 }).toBe(2);
      const [, moved] = await reminderJobs(booking.id);
      expect(Date.parse(moved!.data.arrivalAt)).toBe(Date.parse(newArrival));
      expect(moved!.startAfter.getTime()).toBe(Date.parse(newArrival) - 60 * 60_000);
      await remindVisit(api.deps, job!.data);
      expect((await logOf(booking.id)).map((r) => r.message)).not.toContain('reminder');
      // The new one, run now (as its time had come), reminds of the new time.
      await remindVisit(api.deps, moved!.data);
      await expect.poll(async () => (await logOf(booking.id)).find((r) => r.message === 'reminder')?.status, { timeout: 5000 }).toBe('sent');
      await remindVisit(api.deps, moved!.data); // a redelivered job: still one reminder
      expect((await logOf(booking.id)).filter((r) => r.message === 'reminder')).toHaveLength(1);

      // Canceled: its reminder says nothing.
      const other = await book();
      await expect.poll(async () => (await reminderJobs(other.id)).length, { timeout: 5000 }).toBe(1);
      expect((await me(`/bookings/${other.id}/cancel`, { reason: 'No longer needed' })).status).toBe(200);
      await remindVisit(api.deps, (await reminderJobs(other.id))[0]!.data);
      expect((await logOf(other.id)).map((r) => r.message)).not.toContain('reminder');
      await setLead(1440);
    });
  });
});

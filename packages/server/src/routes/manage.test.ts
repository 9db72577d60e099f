// "Manage your visit" links: minted with the confirmation, reminder and rescheduled messages,
// opening one visit without signing in, changing it only by POST and only under the customer's rules.
import { createHash, randomUUID } from 'node:crypto';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app';
import { dayFromNow, makeBusiness, makeSchedulingWorld, makeStaff, PASSWORD } from '../../test/fixtures';
import { call, signInToken } from '../../test/http';
import type { ReceivedMail } from '../../test/smtp-sink';
import { pruneExpired } from '../db/queries/housekeeping';
import { EVENTS_QUEUE } from '../events/queue';
import { KEEP } from '../services/housekeeping';
import { remindVisit } from '../services/notifications';
import { MANAGE_LINK_REQUESTS_PER_MINUTE } from '../services/rate-limit';

type World = Awaited<ReturnType<typeof makeSchedulingWorld>>;

describe('manage links', () => {
  const api = useTestApp();
  let w: World;
  let customerToken = '';
  let day = 1;

  const path = (rest = '', slug = w.business.slug) => `/api/businesses/${slug}/manage${rest}`;
  const get = (token: string, rest = '', slug?: string) => call(api.url, 'GET', path(rest, slug), { headers: { 'x-arrivo-manage-token': token } });
  const post = (token: string, rest: string, body: unknown) => call(api.url, 'POST', path(rest), { headers: { 'x-arrivo-manage-token': token }, body });
  /** The message about this visit (messages are sent after commit, in any order): its calendar file names the visit. */
  const mailAbout = async (bookingId: string, subject: RegExp) => {
    let found: ReceivedMail | undefined;
    await expect
      .poll(() => (found = api.mail.received.find((m) => subject.test(m.subject) && m.attachments.some((a) => a.content.includes(`booking-${bookingId}@`)))), { timeout: 5000 })
      .toBeDefined();
    return found!;
  };
  const tokenIn = (mail: ReceivedMail) => /#arrivo-manage=([\w-]+)/.exec(mail.text)?.[1] ?? '';

  /** Book through the portal on a day of its own; the confirmation's manage token with it. */
  const book = async () => {
    day++;
    const date = dayFromNow(day);
    const slots = await call(api.url, 'GET', `/api/businesses/${w.business.slug}/me/slots?serviceTypeId=${w.serviceTypeId}&date=${date}`, { token: customerToken });
    const res = await call(api.url, 'POST', `/api/businesses/${w.business.slug}/me/bookings`, {
      token: customerToken,
      headers: { 'idempotency-key': randomUUID() },
      body: { serviceTypeId: w.serviceTypeId, arrivalAt: slots.body.slots[0].arrivalAt },
    });
    expect(res.status).toBe(201);
    const mail = await mailAbout(res.body.id, /is booked/);
    return { booking: res.body as { id: string; arrivalAt: string }, token: tokenIn(mail), mail, date };
  };
  const row = async (id: string) =>
    (await api.sql`SELECT status, arrival_at, resource_id, updated_at, calendar_sequence, (SELECT count(*)::int FROM booking_status_history h WHERE h.booking_id = b.id) AS history FROM booking b WHERE id = ${id}`)[0];
  /** Domain events published for the business so far (each is a job on the queue, sent in its transaction). */
  const events = async () => (await api.sql`SELECT count(*)::int AS n FROM pgboss.job WHERE name = ${EVENTS_QUEUE} AND data->>'businessId' = ${w.business.id}`)[0]!.n as number;
  const links = async () => (await api.sql`SELECT count(*)::int AS n FROM manage_link WHERE business_id = ${w.business.id}`)[0]!.n as number;

  beforeAll(async () => {
    w = await makeSchedulingWorld(api.deps);
    await api.sql`UPDATE business_settings SET portal_url = 'https://rose.example/book' WHERE business_id = ${w.business.id}`;
    customerToken = await signInToken(api.url, w.business.slug, w.customer.email, PASSWORD);
  });
  beforeEach(() => api.sql`DELETE FROM rate_limit`);

  it('the confirmation carries “Manage your visit” with a token of its own that opens that visit, stored only hashed', async () => {
    const { booking, token, mail } = await book();
    expect(token.length).toBeGreaterThanOrEqual(43); // 256 bits, base64url
    expect(mail.text).toContain(`Manage your visit: https://rose.example/book#arrivo-manage=${token}`);
    expect(mail.html).toContain(`href="https://rose.example/book#arrivo-manage=${token}"`);
    // The calendar file, which calendars sync and share, never holds the token.
    expect(mail.attachments.map((a) => a.content).join('')).not.toContain(token);
    const stored = await api.sql`SELECT token_hash, contact_id, notification_id FROM manage_link WHERE booking_id = ${booking.id}`;
    expect(stored).toEqual([{ tokenHash: createHash('sha256').update(token).digest('base64url'), contactId: w.customer.contactId, notificationId: expect.any(String) }]);

    const res = await get(token);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toMatchObject({ timeZone: 'America/Los_Angeles', booking: { id: booking.id, status: 'scheduled', actions: { modify: true, cancel: true } } });
  });

  it('a staff resend of the message sends the same link, and makes no new one', async () => {
    const { booking, token } = await book();
    const staff = await makeStaff(api.deps, w.business.id, 'dispatcher');
    const staffToken = await signInToken(api.url, w.business.slug, staff.email, PASSWORD);
    const [link] = await api.sql<{ notificationId: string }[]>`SELECT notification_id FROM manage_link WHERE booking_id = ${booking.id}`;
    await expect.poll(async () => (await api.sql`SELECT status FROM notification_log WHERE id = ${link!.notificationId}`)[0]?.status, { timeout: 5000 }).toBe('sent');
    const resent = await call(api.url, 'POST', `/api/businesses/${w.business.slug}/admin/notifications/${link!.notificationId}/resend`, { token: staffToken });
    expect(resent.status).toBe(202);
    const isConfirmation = (m: ReceivedMail) => /is booked/.test(m.subject) && m.attachments.some((a) => a.content.includes(`booking-${booking.id}@`));
    await expect.poll(() => api.mail.received.filter(isConfirmation).length, { timeout: 5000 }).toBe(2);
    expect(api.mail.received.filter(isConfirmation).map(tokenIn)).toEqual([token, token]);
    expect(await api.sql`SELECT 1 FROM manage_link WHERE booking_id = ${booking.id}`).toHaveLength(1);
  });

  it('the reminder carries a link of its own too', async () => {
    const { booking, token } = await book();
    await remindVisit(api.deps, { businessId: w.business.id, bookingId: booking.id, arrivalAt: booking.arrivalAt });
    const reminder = tokenIn(await mailAbout(booking.id, /^Reminder/));
    expect(reminder).not.toBe('');
    expect(reminder).not.toBe(token);
    expect((await get(reminder)).body.booking.id).toBe(booking.id);
  });

  it('opening the link and looking for times changes nothing', async () => {
    const { booking, token, date } = await book();
    const before = { visit: await row(booking.id), events: await events(), links: await links() };
    expect((await get(token)).status).toBe(200);
    const days = await get(token, `/slot-days?from=${date}&to=${dayFromNow(day + 3)}`);
    expect(days.status).toBe(200);
    expect(days.body.days.length).toBeGreaterThan(0);
    const slots = await get(token, `/slots?date=${date}`);
    expect(slots.status).toBe(200);
    expect(slots.body.slots.length).toBeGreaterThan(0);
    // The visit itself is out of the calendar for its move: its own time is offered, as in the portal's Modify.
    expect(slots.body.slots.map((s: { arrivalAt: string }) => new Date(s.arrivalAt).toISOString())).toContain(new Date(booking.arrivalAt).toISOString());
    const modify = await call(api.url, 'GET', `/api/businesses/${w.business.slug}/me/slots?serviceTypeId=${w.serviceTypeId}&date=${date}&bookingId=${booking.id}`, { token: customerToken });
    expect(slots.body).toEqual(modify.body);
    // A scanner sending the token along on a GET to the change routes: no such route.
    expect((await get(token, '/cancel')).status).toBe(404);
    expect(await row(booking.id)).toEqual(before.visit);
    expect(await events()).toBe(before.events);
    expect(await links()).toBe(before.links);
  });

  it('reschedules and cancels by POST with the customer’s rules and events; the rescheduled message has a new working link', async () => {
    const { booking, token } = await book();
    const other = await book();
    const slots = await get(token, `/slots?date=${dayFromNow(day + 1)}`);
    const target = slots.body.slots[2].arrivalAt as string;
    const moved = await post(token, '/reschedule', { arrivalAt: target });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ id: booking.id, arrivalAt: new Date(target).toISOString() });
    // Only that visit: the account's other visit did not move.
    expect((await row(other.booking.id))!.arrivalAt.toISOString()).toBe(new Date(other.booking.arrivalAt).toISOString());
    const mail = await mailAbout(booking.id, /has a new time/);
    const second = tokenIn(mail);
    expect(second).not.toBe('');
    expect(second).not.toBe(token);
    expect((await get(second)).body.booking.arrivalAt).toBe(new Date(target).toISOString());

    expect((await post(token, '/cancel', { reason: 'x' })).body.code).toBe('validation_failed');
    const canceled = await post(second, '/cancel', { reason: 'Fixed it myself' });
    expect(canceled.status).toBe(200);
    expect(canceled.body).toMatchObject({ id: booking.id, status: 'canceled', cancelReason: 'Fixed it myself', actions: { modify: false, cancel: false } });
    const again = await post(token, '/cancel', { reason: 'Fixed it myself' });
    expect(again).toMatchObject({ status: 409, body: { code: 'booking_not_changeable' } });
    // The canceled visit still shows (its time has not passed), with nothing left to do.
    expect((await get(token)).body.booking).toMatchObject({ status: 'canceled', actions: { modify: false, cancel: false } });
    expect((await row(other.booking.id))!.status).toBe('scheduled');
  });

  it('obeys the business’s cut-off for changes', async () => {
    const { booking, token } = await book();
    await api.sql`UPDATE business_settings SET change_cutoff_minutes = 20160 WHERE business_id = ${w.business.id}`;
    try {
      expect((await get(token)).body.booking.actions).toMatchObject({ modify: false, cancel: false });
      const later = (await get(token, `/slots?date=${dayFromNow(day + 1)}`)).body.slots[0].arrivalAt;
      expect(await post(token, '/reschedule', { arrivalAt: later })).toMatchObject({ status: 409, body: { code: 'change_window_closed' } });
      expect(await post(token, '/cancel', { reason: 'Changed my mind' })).toMatchObject({ status: 409, body: { code: 'change_window_closed' } });
      expect((await row(booking.id))!.status).toBe('scheduled');
    } finally {
      await api.sql`UPDATE business_settings SET change_cutoff_minutes = 120 WHERE business_id = ${w.business.id}`;
    }
  });

  it('stops working once the visit is past or completed, and never opens at another business', async () => {
    const done = await book();
    await api.sql`UPDATE booking SET status = 'completed' WHERE id = ${done.booking.id}`;
    expect(await get(done.token)).toMatchObject({ status: 404, body: { code: 'manage_link_invalid' } });

    const past = await book();
    await api.sql`UPDATE booking SET arrival_at = arrival_at - interval '60 days', starts_at = starts_at - interval '60 days', ends_at = ends_at - interval '60 days' WHERE id = ${past.booking.id}`;
    expect(await get(past.token)).toMatchObject({ status: 404, body: { code: 'manage_link_invalid' } });
    expect(await post(past.token, '/cancel', { reason: 'Too late now' })).toMatchObject({ status: 404, body: { code: 'manage_link_invalid' } });
    // Housekeeping forgets links of visits long over.
    await pruneExpired(api.sql, KEEP);
    expect(await api.sql`SELECT 1 FROM manage_link WHERE booking_id = ${past.booking.id}`).toHaveLength(0);
    expect(await api.sql`SELECT 1 FROM manage_link WHERE booking_id = ${done.booking.id}`).toHaveLength(1);

    const live = await book();
    const elsewhere = await makeBusiness(api.sql);
    expect(await get(live.token, '', elsewhere.slug)).toMatchObject({ status: 404, body: { code: 'manage_link_invalid' } });
    expect(await get(`${live.token.slice(0, -2)}AA`)).toMatchObject({ status: 404, body: { code: 'manage_link_invalid' } });
    expect((await call(api.url, 'GET', path())).status).toBe(400);
    expect((await get(live.token)).status).toBe(200);
  });

  it('a password reset of the contact’s user revokes every link sent to them', async () => {
    const { token } = await book();
    const second = await book();
    expect((await get(token)).status).toBe(200);
    const sent = api.mail.received.length;
    expect((await call(api.url, 'POST', `/api/businesses/${w.business.slug}/password/forgot`, { body: { email: w.customer.email, returnTo: `${api.url}/book.html` } })).status).toBe(202);
    const mail = await api.mail.next(w.customer.email, sent);
    const reset = decodeURIComponent(/#arrivo-reset=(\S+)/.exec(mail.text)![1]!);
    expect((await call(api.url, 'POST', `/api/businesses/${w.business.slug}/password/reset`, { body: { token: reset, password: PASSWORD } })).status).toBe(204);
    for (const t of [token, second.token]) expect(await get(t)).toMatchObject({ status: 404, body: { code: 'manage_link_invalid' } });
    customerToken = await signInToken(api.url, w.business.slug, w.customer.email, PASSWORD);
    // Links sent afterwards work.
    expect((await get((await book()).token)).status).toBe(200);
  });

  it('limits requests per client address', async () => {
    const { token } = await book();
    await api.sql`DELETE FROM rate_limit`;
    for (let i = 0; i < MANAGE_LINK_REQUESTS_PER_MINUTE; i++) expect((await get(i % 2 ? token : 'not-a-real-token-at-all')).status).not.toBe(429);
    const refused = await get(token);
    expect(refused).toMatchObject({ status: 429, body: { code: 'rate_limited' } });
  });
});

import { randomUUID } from 'node:crypto';
import { feedbackScores, type DomainEvent } from '@arrivo/core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app';
import { makeBooking, makeBusiness, makeCustomer, makeResource, makeSchedulingWorld, makeStaff, makeWorkOrder, PASSWORD } from '../../test/fixtures';
import { call, signInToken } from '../../test/http';
import type { EventSubscriber } from '../events/dispatcher';
import { csvCell } from '../services/feedback';
import { SURVEY_LINK_REQUESTS_PER_MINUTE } from '../services/rate-limit';

const statusEvents: DomainEvent<'booking.status_changed'>[] = [];
const feedbackEvents: DomainEvent[] = [];
const recorder: EventSubscriber = {
  key: 'test-feedback-recorder',
  events: ['booking.status_changed', 'feedback.submitted', 'feedback.low_score'],
  handle: async (event) => {
    if (event.name === 'booking.status_changed') statusEvents.push(event as DomainEvent<'booking.status_changed'>);
    else feedbackEvents.push(event);
  },
};

type World = Awaited<ReturnType<typeof makeSchedulingWorld>>;
const QUESTIONS = [
  { key: 'on_time', label: 'Did we arrive on time?', kind: 'choice', required: true, options: ['yes', 'no'] },
  { key: 'tidy', label: 'How tidy was the work?', kind: 'rating', required: false },
  { key: 'better', label: 'What could we do better?', kind: 'text', required: false },
];

describe('feedback survey API', () => {
  const api = useTestApp({ subscribers: () => [recorder] });
  let w: World;
  const tokens: Record<string, string> = {};
  let workOrderId = '';
  let otherAccountWorkOrderId = '';
  let otherBusinessBooking = '';
  let hour = 0;
  let adminEmail = '';

  const B = () => `/api/businesses/${w.business.slug}`;
  /** A visit at the customer's home on its own past hour, in `status`. */
  const visit = async (status = 'completed', wo = workOrderId) =>
    (await makeBooking(api.sql, { businessId: w.business.id, workOrderId: wo, resourceId: w.technicians[0]!.id, arrival: new Date(Date.now() - 86_400_000 * 3 + (hour += 2) * 3_600_000).toISOString(), status })).id;
  const survey = (bookingId: string, as = 'customer') => call(api.url, 'GET', `${B()}/me/bookings/${bookingId}/feedback`, { token: tokens[as] });
  const send = (bookingId: string, body: unknown, as = 'customer') => call(api.url, 'POST', `${B()}/me/bookings/${bookingId}/feedback`, { token: tokens[as], body });
  const byLink = (method: 'GET' | 'POST', token: string, body?: unknown, slug = w.business.slug) =>
    call(api.url, method, `/api/businesses/${slug}/survey`, { headers: { 'x-arrivo-survey-token': token }, body });
  const staff = (method: string, path: string, body?: unknown, as = 'admin') => call(api.url, method, `${B()}/admin${path}`, { token: tokens[as], body });
  const complete = async (bookingId: string) => {
    const res = await staff('POST', `/bookings/${bookingId}/status`, { status: 'completed' }, 'dispatcher');
    expect(res.status).toBe(200);
  };
  /** The survey token the completing transaction put (sealed) on its event. */
  const mintedToken = async (bookingId: string) => {
    await expect.poll(() => statusEvents.find((e) => e.payload.bookingId === bookingId && e.payload.to === 'completed'), { timeout: 5000 }).toBeTruthy();
    const sealed = statusEvents.find((e) => e.payload.bookingId === bookingId && e.payload.to === 'completed')!.payload.sealedSurveyToken;
    return sealed ? api.deps.secrets.open(sealed) : undefined;
  };
  /** Wait until the visit's Completed message went out. */
  const completedSent = (bookingId: string) =>
    expect.poll(async () => (await api.sql`SELECT status FROM notification_log WHERE booking_id = ${bookingId} AND message = 'completed'`)[0]?.status, { timeout: 5000 }).toBe('sent');
  const good = { rating: 5, recommend: 10, comment: 'Great', answers: { on_time: 'yes', tidy: 4 } };

  beforeAll(async () => {
    w = await makeSchedulingWorld(api.deps);
    // Before any request: the business directory keeps a copy for a while.
    await api.sql`UPDATE business SET name = 'Rose City Plumbing' WHERE id = ${w.business.id}`;
    const [wo] = await api.sql<{ id: string }[]>`
      INSERT INTO work_order (business_id, account_id, asset_id, service_type_id, reported_by_contact_id, address_line1, city, lat, lon, source)
      VALUES (${w.business.id}, ${w.customer.accountId}, ${w.assetHere}, ${w.serviceTypeId}, ${w.customer.contactId}, '3614 SE Hawthorne Blvd', 'Portland', 45.512, -122.6262, 'portal')
      RETURNING id`;
    workOrderId = wo!.id;
    const neighbour = await makeCustomer(api.deps, w.business.id);
    const [owo] = await api.sql<{ id: string }[]>`
      INSERT INTO work_order (business_id, account_id, service_type_id, address_line1, city, lat, lon, source)
      VALUES (${w.business.id}, ${neighbour.accountId}, ${w.serviceTypeId}, '1 Elsewhere St', 'Portland', 45.5, -122.7, 'portal') RETURNING id`;
    otherAccountWorkOrderId = owo!.id;
    const other = await makeBusiness(api.sql);
    const ow = await makeWorkOrder(api.sql, other.id);
    otherBusinessBooking = (await makeBooking(api.sql, { businessId: other.id, workOrderId: ow.workOrderId, resourceId: (await makeResource(api.sql, other.id)).id, arrival: new Date(Date.now() - 86_400_000).toISOString(), status: 'completed' })).id;
    const admin = await makeStaff(api.deps, w.business.id, 'admin');
    adminEmail = admin.email;
    const dispatcher = await makeStaff(api.deps, w.business.id, 'dispatcher');
    const technician = await makeStaff(api.deps, w.business.id, 'technician');
    await api.sql`UPDATE resource SET user_id = ${technician.userId} WHERE id = ${w.technicians[0]!.id}`;
    await api.sql`DELETE FROM rate_limit`;
    tokens.technician = await signInToken(api.url, w.business.slug, technician.email, PASSWORD);
    tokens.customer = await signInToken(api.url, w.business.slug, w.customer.email, PASSWORD);
    tokens.neighbour = await signInToken(api.url, w.business.slug, neighbour.email, PASSWORD);
    tokens.admin = await signInToken(api.url, w.business.slug, admin.email, PASSWORD);
    tokens.dispatcher = await signInToken(api.url, w.business.slug, dispatcher.email, PASSWORD);
    const saved = await staff('PATCH', '/survey-settings', { questions: QUESTIONS, alertEmail: 'owner@rose.example' });
    expect(saved.status).toBe(200);
  });
  beforeEach(() => api.sql`DELETE FROM rate_limit`);

  it('keeps the survey settings (defaults, admin changes, questions checked)', async () => {
    const res = await staff('GET', '/survey-settings');
    expect(res.body).toMatchObject({ lowScoreThreshold: 2, offerFollowUp: true, linkTtlDays: 14, alertEmail: 'owner@rose.example', showTechnicianRating: false, technicianRatingMinimum: 4.5, technicianRatingMinCount: 5 });
    expect(res.body.questions).toHaveLength(3);
    const bad = await staff('PATCH', '/survey-settings', { questions: [{ key: 'x', label: 'X', kind: 'choice', options: ['only one'] }] });
    expect(bad.status).toBe(400);
    expect((await staff('PATCH', '/survey-settings', { linkTtlDays: 0 })).status).toBe(400);
    expect((await staff('PATCH', '/survey-settings', { lowScoreThreshold: 2 }, 'dispatcher')).status).toBe(403);
  });

  it('opens the survey of a completed visit of the account, and nobody else’s', async () => {
    const done = await visit();
    const res = await survey(done);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      business: { name: 'Rose City Plumbing' },
      visit: { bookingId: done, serviceTypeName: 'Drain cleaning', assetName: 'Kitchen sink', technicianName: 'Maya', timeZone: 'America/Los_Angeles' },
      submitted: null,
      followUp: null,
    });
    expect(res.body.questions.map((q: { key: string }) => q.key)).toEqual(['on_time', 'tidy', 'better']);
    // Another account's visit, another business's, an unknown id: all the same 404.
    const neighbours = await visit('completed', otherAccountWorkOrderId);
    for (const id of [neighbours, otherBusinessBooking, randomUUID()]) {
      expect((await survey(id)).status).toBe(404);
      expect((await send(id, good)).status).toBe(404);
    }
    expect((await survey(done, 'neighbour')).status).toBe(404);
    expect(await api.sql`SELECT 1 FROM feedback WHERE booking_id IN (${neighbours}, ${otherBusinessBooking})`).toHaveLength(0);
  });

  it('is not available before the visit is completed, nor while the business asks for no feedback', async () => {
    const upcoming = await visit('scheduled');
    expect((await survey(upcoming)).body.code).toBe('survey_not_available');
    expect((await send(upcoming, good)).status).toBe(409);
    const done = await visit();
    await api.sql`UPDATE business_settings SET survey_enabled = false WHERE business_id = ${w.business.id}`;
    try {
      const res = await send(done, good);
      expect([res.status, res.body.code]).toEqual([409, 'survey_not_available']);
      const list = await call(api.url, 'GET', `${B()}/me/bookings`, { token: tokens.customer });
      expect(list.body.past.find((b: { id: string }) => b.id === done).actions.feedback).toBe(false);
    } finally {
      await api.sql`UPDATE business_settings SET survey_enabled = true WHERE business_id = ${w.business.id}`;
    }
  });

  it('checks answers against the business’s questions', async () => {
    const done = await visit();
    const cases: [unknown, string[][]][] = [
      [{ rating: 4 }, [['json', 'answers', 'on_time']]],
      [{ rating: 4, answers: { on_time: 'maybe' } }, [['json', 'answers', 'on_time']]],
      [{ rating: 4, answers: { on_time: 'yes', tidy: 'very' } }, [['json', 'answers', 'tidy']]],
      [{ rating: 4, answers: { on_time: 'yes', better: 3 } }, [['json', 'answers', 'better']]],
      [{ rating: 4, answers: { on_time: 'yes', favourite_colour: 'blue' } }, [['json', 'answers', 'favourite_colour']]],
    ];
    for (const [body, paths] of cases) {
      const res = await send(done, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.issues.map((i: { path: string[] }) => i.path)).toEqual(paths);
    }
    for (const body of [{ rating: 6, answers: { on_time: 'yes' } }, { rating: 4, recommend: 11, answers: { on_time: 'yes' } }, { rating: 4, answers: { on_time: 'yes' }, extra: 1 }]) {
      expect((await send(done, body)).status).toBe(400);
    }
    expect(await api.sql`SELECT 1 FROM feedback WHERE booking_id = ${done}`).toHaveLength(0);
  });

  it('takes feedback once: the second submission is refused, the first stays readable, and Send feedback goes away', async () => {
    const done = await visit();
    let list = await call(api.url, 'GET', `${B()}/me/bookings`, { token: tokens.customer });
    expect(list.body.past.find((b: { id: string }) => b.id === done).actions.feedback).toBe(true);
    const res = await send(done, { ...good, answers: { ...good.answers, better: '' } });
    expect(res.status).toBe(201);
    expect(res.body.submitted).toMatchObject({ bookingId: done, rating: 5, recommend: 10, comment: 'Great', answers: { on_time: 'yes', tidy: 4 } });
    expect(res.body.followUp).toBeNull();
    const again = await send(done, { rating: 1, answers: { on_time: 'no' } });
    expect([again.status, again.body.code]).toEqual([409, 'feedback_already_sent']);
    expect((await survey(done)).body.submitted).toMatchObject({ rating: 5 });
    list = await call(api.url, 'GET', `${B()}/me/bookings`, { token: tokens.customer });
    expect(list.body.past.find((b: { id: string }) => b.id === done).actions.feedback).toBe(false);
    await expect.poll(() => feedbackEvents.filter((e) => (e.payload as { bookingId: string }).bookingId === done).map((e) => e.name), { timeout: 5000 }).toEqual(['feedback.submitted']);
  });

  it('takes exactly one of two concurrent submissions', async () => {
    const done = await visit();
    const results = await Promise.all([send(done, { rating: 4, answers: { on_time: 'yes' } }), send(done, { rating: 2, answers: { on_time: 'no' } })]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await api.sql`SELECT rating FROM feedback WHERE booking_id = ${done}`).toHaveLength(1);
  });

  it('closes the loop on a low score: an alert to the business, once, and a follow-up for the same asset', async () => {
    const done = await visit();
    const since = api.mail.received.length;
    const res = await send(done, { rating: 1, recommend: 2, comment: '<b>Flooded</b> the kitchen', answers: { on_time: 'no' } });
    expect(res.status).toBe(201);
    expect(res.body.followUp).toEqual({ serviceTypeId: w.serviceTypeId, assetId: w.assetHere });
    let alert: (typeof api.mail.received)[number] | undefined;
    await expect.poll(() => (alert = api.mail.received.slice(since).find((m) => m.to.includes('owner@rose.example') && m.subject.includes('(1/5)'))), { timeout: 5000 }).toBeTruthy();
    if (!alert) throw new Error('no alert');
    expect(alert.subject).toMatch(/^Low score \(1\/5\) for WO-\d+ · Maya$/);
    expect(alert.text).toContain('Comment: <b>Flooded</b> the kitchen');
    expect(alert.html).toContain('&lt;b&gt;Flooded&lt;/b&gt;');
    await expect.poll(async () => api.sql`SELECT message, status, recipient FROM notification_log WHERE booking_id = ${done}`, { timeout: 5000 }).toEqual([
      { message: 'low_score_alert', status: 'sent', recipient: 'owner@rose.example' },
    ]);
    const events = feedbackEvents.filter((e) => (e.payload as { bookingId: string }).bookingId === done);
    expect(events.map((e) => e.name).sort()).toEqual(['feedback.low_score', 'feedback.submitted']);
    expect(events.find((e) => e.name === 'feedback.low_score')!.payload).toMatchObject({ rating: 1, threshold: 2, serviceTypeId: w.serviceTypeId });
    // No follow-up once the service type can no longer be booked online.
    await api.sql`UPDATE service_type SET self_scheduling_enabled = false WHERE id = ${w.serviceTypeId}`;
    try {
      expect((await survey(done)).body.followUp).toBeNull();
    } finally {
      await api.sql`UPDATE service_type SET self_scheduling_enabled = true WHERE id = ${w.serviceTypeId}`;
    }
  });

  it('alerts the business’s admins (not other staff, not other businesses’ admins) when it set no alert address', async () => {
    const secondAdmin = await makeStaff(api.deps, w.business.id, 'admin');
    const elsewhere = await makeBusiness(api.sql);
    await makeStaff(api.deps, elsewhere.id, 'admin');
    expect((await staff('PATCH', '/survey-settings', { alertEmail: null })).status).toBe(200);
    try {
      const done = await visit();
      expect((await send(done, { rating: 1, answers: { on_time: 'no' } })).status).toBe(201);
      const log = () => api.sql<{ recipient: string; status: string }[]>`SELECT recipient, status FROM notification_log WHERE booking_id = ${done} AND message = 'low_score_alert' ORDER BY recipient`;
      await expect.poll(log, { timeout: 5000 }).toEqual(
        [adminEmail, secondAdmin.email].sort().map((recipient) => ({ recipient, status: 'sent' })),
      );
    } finally {
      expect((await staff('PATCH', '/survey-settings', { alertEmail: 'owner@rose.example' })).status).toBe(200);
    }
  });

  it('sends a Completed message whose survey link opens the survey without signing in, once', async () => {
    const id = await visit('in_progress');
    const since = api.mail.received.length;
    await complete(id);
    const mail = await api.mail.next(w.customer.email, since);
    expect(mail.subject).toBe('Thank you for choosing Rose City Plumbing');
    const link = /(https?:\/\/\S+#arrivo-survey=([A-Za-z0-9_-]+))/.exec(mail.text);
    expect(link, mail.text).toBeTruthy();
    expect(mail.html).toContain(`#arrivo-survey=${link![2]}`);
    expect(mail.attachments).toHaveLength(0);
    const token = link![2]!;
    expect(token.length).toBeGreaterThanOrEqual(43); // 256 bits
    // Only a hash is stored.
    expect(await api.sql`SELECT 1 FROM survey_link_token WHERE token_hash = ${token}`).toHaveLength(0);
    expect(await api.sql`SELECT 1 FROM survey_link_token WHERE booking_id = ${id}`).toHaveLength(1);

    const opened = await byLink('GET', token);
    expect(opened.status).toBe(200);
    expect(opened.headers.get('cache-control')).toBe('no-store');
    expect(opened.body).toMatchObject({ visit: { bookingId: id }, submitted: null });
    // Another business's slug with this token: not valid there.
    const other = await makeBusiness(api.sql);
    expect((await byLink('GET', token, undefined, other.slug)).body.code).toBe('survey_link_invalid');
    const sent = await byLink('POST', token, { rating: 4, answers: { on_time: 'yes' } });
    expect(sent.status).toBe(201);
    expect(sent.body.submitted).toMatchObject({ rating: 4 });
    expect((await api.sql`SELECT contact_id, via FROM feedback WHERE booking_id = ${id}`)[0]).toEqual({ contactId: w.customer.contactId, via: 'link' });
    // Single use: it still shows what was sent; a second submission is refused, as is one signed in.
    expect((await byLink('GET', token)).body.submitted).toMatchObject({ rating: 4 });
    const twice = await byLink('POST', token, { rating: 1, answers: { on_time: 'no' } });
    expect([twice.status, twice.body.code]).toEqual([409, 'feedback_already_sent']);
    expect((await send(id, { rating: 1, answers: { on_time: 'no' } })).status).toBe(409);
    // Expired: gone.
    await api.sql`UPDATE survey_link_token SET expires_at = now() - interval '1 second' WHERE booking_id = ${id}`;
    for (const method of ['GET', 'POST'] as const) {
      const res = await byLink(method, token, method === 'POST' ? good : undefined);
      expect([res.status, res.body.code]).toEqual([404, 'survey_link_invalid']);
    }
    expect((await byLink('GET', 'x'.repeat(43))).body.code).toBe('survey_link_invalid');
    expect((await byLink('GET', 'short')).status).toBe(400);
  });

  it('makes a survey link when the technician completes the visit too', async () => {
    const id = await visit('in_progress');
    const res = await call(api.url, 'POST', `${B()}/technician/visits/${id}/status`, { token: tokens.technician, body: { status: 'completed' } });
    expect(res.status).toBe(200);
    const token = await mintedToken(id);
    expect(token).toBeTruthy();
    expect((await byLink('GET', token!)).body).toMatchObject({ visit: { bookingId: id }, submitted: null });
    await completedSent(id);
  });

  it('makes links that expire after the business’s days, and none (nor a link in the message) while surveys are off', async () => {
    await staff('PATCH', '/survey-settings', { linkTtlDays: 3 });
    const id = await visit('in_progress');
    await complete(id);
    expect(await mintedToken(id)).toBeTruthy();
    const [row] = await api.sql<{ days: number }[]>`SELECT round(extract(epoch FROM expires_at - created_at) / 86400)::int AS days FROM survey_link_token WHERE booking_id = ${id}`;
    expect(row!.days).toBe(3);
    await completedSent(id);
    await staff('PATCH', '/survey-settings', { linkTtlDays: 14 });

    await api.sql`UPDATE business_settings SET survey_enabled = false WHERE business_id = ${w.business.id}`;
    try {
      const off = await visit('in_progress');
      const since = api.mail.received.length;
      await complete(off);
      expect(await mintedToken(off)).toBeUndefined();
      await completedSent(off);
      const mails = api.mail.received.slice(since).filter((m) => m.to.includes(w.customer.email.toLowerCase()));
      expect(mails.map((m) => m.subject)).toEqual(['Thank you for choosing Rose City Plumbing']);
      expect(mails[0]!.text).not.toContain('arrivo-survey');
      expect(await api.sql`SELECT 1 FROM survey_link_token WHERE booking_id = ${off}`).toHaveLength(0);
    } finally {
      await api.sql`UPDATE business_settings SET survey_enabled = true WHERE business_id = ${w.business.id}`;
    }
  });

  it('renders the Completed message in Spanish and Arabic for the preview', async () => {
    for (const [language, words] of [['es', 'Gracias por elegir'], ['ar', 'شكرًا لاختيارك']] as const) {
      const res = await staff('GET', `/notifications/preview?message=completed&language=${language}`);
      expect(res.status).toBe(200);
      expect(res.body.subject).toContain(words);
      expect(res.body.text).toContain('#arrivo-survey=sample');
      expect(res.body.calendar).toBeNull();
    }
    expect((await staff('GET', '/notification-settings')).body.completed).toBe(true);
  });

  it('lets an allowed embedding page send the survey token header across origins', async () => {
    const origin = 'https://plumber.example';
    await api.sql`UPDATE business_settings SET allowed_origins = ${[origin]} WHERE business_id = ${w.business.id}`;
    const res = await fetch(`${api.url}${B()}/survey`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-arrivo-survey-token, content-type' },
    });
    expect(res.headers.get('access-control-allow-origin')).toBe(origin);
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('x-arrivo-survey-token');
  });

  it('limits survey link requests per client address', async () => {
    for (let i = 0; i < SURVEY_LINK_REQUESTS_PER_MINUTE; i++) expect((await byLink('GET', 'y'.repeat(43))).status).toBe(404);
    const res = await byLink('GET', 'y'.repeat(43));
    expect([res.status, res.body.code]).toEqual([429, 'rate_limited']);
  });
});

describe('feedback for staff, and technician ratings on the card', () => {
  const api = useTestApp();
  let w: World;
  const tokens: Record<string, string> = {};
  let maya = '';
  let sam = '';
  let n = 0;

  const B = () => `/api/businesses/${w.business.slug}`;
  const staff = (path: string, as = 'dispatcher') => call(api.url, 'GET', `${B()}/admin${path}`, { token: tokens[as] });
  /** A completed visit of `resourceId`, rated. */
  const rated = async (resourceId: string, rating: number, recommend: number | null, comment: string | null = null, answers: object = {}) => {
    const [wo] = await api.sql<{ id: string }[]>`
      INSERT INTO work_order (business_id, account_id, asset_id, service_type_id, reported_by_contact_id, address_line1, city, lat, lon, source)
      VALUES (${w.business.id}, ${w.customer.accountId}, ${w.assetHere}, ${w.serviceTypeId}, ${w.customer.contactId}, '1 Main St', 'Portland', 45.512, -122.6262, 'portal') RETURNING id`;
    const arrival = new Date(Date.now() - (30 - ++n) * 86_400_000).toISOString();
    const { id } = await makeBooking(api.sql, { businessId: w.business.id, workOrderId: wo!.id, resourceId, arrival, status: 'completed' });
    await api.sql`INSERT INTO feedback (business_id, booking_id, contact_id, rating, recommend, comment, answers)
      VALUES (${w.business.id}, ${id}, ${w.customer.contactId}, ${rating}, ${recommend}, ${comment}, ${api.sql.json(answers as never)})`;
    return id;
  };
  const RATINGS: [string, number, number | null][] = [];

  beforeAll(async () => {
    w = await makeSchedulingWorld(api.deps, { technicians: [{ name: 'Maya', lat: 45.52, lon: -122.65 }, { name: 'Sam', lat: 45.5, lon: -122.6 }] });
    [maya, sam] = w.technicians.map((t) => t.id) as [string, string];
    await rated(maya, 5, 10, 'Spotless, "really", thanks', { on_time: 'yes' });
    await rated(maya, 4, 9);
    await rated(maya, 5, null, '=HYPERLINK("http://evil.example","x")');
    await rated(sam, 2, 3, 'Late,\nand rude');
    await rated(sam, 4, 7, '-1+1');
    RATINGS.push(['maya', 5, 10], ['maya', 4, 9], ['maya', 5, null], ['sam', 2, 3], ['sam', 4, 7]);
    await api.sql`DELETE FROM rate_limit`;
    for (const role of ['admin', 'dispatcher'] as const) {
      const person = await makeStaff(api.deps, w.business.id, role);
      tokens[role] = await signInToken(api.url, w.business.slug, person.email, PASSWORD);
    }
    tokens.customer = await signInToken(api.url, w.business.slug, w.customer.email, PASSWORD);
  });
  beforeEach(() => api.sql`DELETE FROM rate_limit`);

  it('lists feedback with filters', async () => {
    const all = await staff('/feedback');
    expect(all.status).toBe(200);
    expect(all.body).toHaveLength(5);
    expect(all.body[0]).toMatchObject({ technician: { id: sam, name: 'Sam' }, serviceType: { id: w.serviceTypeId, name: 'Drain cleaning' }, rating: 4, lowScore: false, contact: { name: 'Pat Doe' } });
    expect((await staff(`/feedback?technicianId=${maya}`)).body).toHaveLength(3);
    const low = await staff('/feedback?maxRating=2');
    expect(low.body.map((f: { rating: number; lowScore: boolean }) => [f.rating, f.lowScore])).toEqual([[2, true]]);
    expect((await staff('/feedback?minRating=5')).body).toHaveLength(2);
    expect((await staff(`/feedback?from=${encodeURIComponent(new Date(Date.now() - 26.5 * 86_400_000).toISOString())}`)).body).toHaveLength(2);
    // Visits 29 … 25 days ago: `to` keeps the older ones, together with `from` a range.
    const daysAgo = (d: number) => encodeURIComponent(new Date(Date.now() - d * 86_400_000).toISOString());
    expect((await staff(`/feedback?to=${daysAgo(27.5)}`)).body.map((f: { rating: number }) => f.rating)).toEqual([4, 5]);
    expect((await staff(`/feedback?from=${daysAgo(28.5)}&to=${daysAgo(25.5)}`)).body).toHaveLength(3);
    expect((await staff(`/feedback?serviceTypeId=${w.serviceTypeId}`)).body).toHaveLength(5);
    expect((await staff(`/feedback?serviceTypeId=${w.hiddenServiceTypeId}`)).body).toEqual([]);
    expect((await staff('/feedback?limit=2')).body).toHaveLength(2);
    expect((await staff('/feedback?minRating=9')).status).toBe(400);
  });

  it('averages per technician and service type (CSAT, NPS)', async () => {
    const res = await staff('/feedback/summary');
    expect(res.status).toBe(200);
    const scores = (who?: string) => feedbackScores(RATINGS.filter(([t]) => !who || t === who).map(([, rating, recommend]) => ({ rating, recommend })));
    expect(res.body.overall).toEqual(scores());
    // By hand: 5 ratings averaging 4.0, 4 of them 4 or 5 (CSAT 80); recommends 10, 9, 3, 7 → 2 promoters, 1 detractor → NPS 25.
    expect(res.body.overall).toEqual({ count: 5, averageRating: 4, csat: 80, recommendCount: 4, nps: 25 });
    expect(res.body.byTechnician).toEqual([
      { ...scores('maya'), technician: { id: maya, name: 'Maya' } },
      { ...scores('sam'), technician: { id: sam, name: 'Sam' } },
    ]);
    expect(res.body.byTechnician[0]).toMatchObject({ count: 3, averageRating: 4.7, csat: 100, nps: 100 });
    expect(res.body.byServiceType).toEqual([{ ...scores(), serviceType: { id: w.serviceTypeId, name: 'Drain cleaning' } }]);
    expect((await staff(`/feedback/summary?technicianId=${sam}`)).body.overall).toMatchObject({ count: 2, averageRating: 3, csat: 50 });
  });

  it('exports CSV with RFC 4180 quoting and no formulas', async () => {
    const res = await call(api.url, 'GET', `${B()}/admin/feedback/export`, { token: tokens.admin });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const csv = res.body as string;
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('submitted_at,arrival_at,work_order,account,contact,technician,service_type,rating,recommend,low_score,comment,answer_on_time');
    expect(csv).toContain(',"Spotless, ""really"", thanks",yes\r\n');
    expect(csv).toContain(`,"'=HYPERLINK(""http://evil.example"",""x"")",`);
    expect(csv).toContain(',"Late,\nand rude",');
    expect(csv).toContain(",'-1+1,");
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('\rx')).toBe(`"'\rx"`);
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(null)).toBe('');
    expect((await call(api.url, 'GET', `${B()}/admin/feedback/export`, { token: tokens.customer })).status).toBe(403);
  });

  it('shows a technician’s rating on the card only when enabled, over enough ratings and above the bar', async () => {
    // A completed visit of each technician for the customer to see.
    const card = async () => {
      const res = await call(api.url, 'GET', `${B()}/me/bookings`, { token: tokens.customer });
      const of = (id: string) => res.body.past.find((b: { technician: { name: string } }) => b.technician.name === id).technician.rating;
      return { maya: of('Maya'), sam: of('Sam') };
    };
    expect(await card()).toEqual({ maya: null, sam: null }); // off by default
    await call(api.url, 'PATCH', `${B()}/admin/survey-settings`, { token: tokens.admin, body: { showTechnicianRating: true, technicianRatingMinimum: 4, technicianRatingMinCount: 3 } });
    // Maya: 3 ratings averaging 4.67 → shown; Sam: 2 ratings → too few (and 3.0 is under the bar).
    expect(await card()).toEqual({ maya: { average: 4.7, count: 3 }, sam: null });
    await call(api.url, 'PATCH', `${B()}/admin/survey-settings`, { token: tokens.admin, body: { technicianRatingMinimum: 4.8 } });
    expect(await card()).toEqual({ maya: null, sam: null });
    await call(api.url, 'PATCH', `${B()}/admin/survey-settings`, { token: tokens.admin, body: { technicianRatingMinimum: 3, technicianRatingMinCount: 2 } });
    expect(await card()).toEqual({ maya: { average: 4.7, count: 3 }, sam: { average: 3, count: 2 } });
    // Rated visits no longer offer Send feedback.
    const res = await call(api.url, 'GET', `${B()}/me/bookings`, { token: tokens.customer });
    expect(res.body.past.every((b: { actions: { feedback: boolean } }) => !b.actions.feedback)).toBe(true);
  });
});

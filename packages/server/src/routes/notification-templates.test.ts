// A business's own wording and colours in its messages, and previews of both (real PostgreSQL, a
// real SMTP server started by the test).
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app';
import { dayFromNow, makeBooking, makeBusiness, makeCustomer, makeResource, makeStaff, makeWorkOrder, PASSWORD } from '../../test/fixtures';
import { call, signInToken } from '../../test/http';
import type { ReceivedMail } from '../../test/smtp-sink';
import { formatVisitTime } from '../email/booking-messages';

describe('notification wording, colours and previews', () => {
  const api = useTestApp();
  const w = { slug: '', id: '', admin: '', dispatcher: '', customer: '' };
  let pat: Awaited<ReturnType<typeof makeCustomer>>;
  const admin$ = (method: string, rest: string, token = w.admin, body?: unknown) => call(api.url, method, `/api/businesses/${w.slug}/admin${rest}`, { token, body });
  const ics = (mail: ReceivedMail) => mail.attachments.find((a) => a.mimeType.startsWith('text/calendar'))?.content ?? '';

  /** A visit booked through the portal for `contactId`, `travel` minutes from the technician's start. */
  const portalVisit = async (contactId: string, arrival: string, travel = 0) => {
    const wo = await makeWorkOrder(api.sql, w.id);
    await api.sql`UPDATE work_order SET source = 'portal', reported_by_contact_id = ${contactId} WHERE id = ${wo.workOrderId}`;
    const resource = await makeResource(api.sql, w.id, 'Maya');
    const visit = await makeBooking(api.sql, { businessId: w.id, workOrderId: wo.workOrderId, resourceId: resource.id, arrival, travel });
    return { ...wo, resourceId: resource.id, bookingId: visit.id, arrival };
  };
  const booked = (v: Awaited<ReturnType<typeof portalVisit>>) =>
    api.deps.events.publish(api.sql, {
      name: 'booking.created',
      businessId: w.id,
      actorUserId: null,
      payload: { bookingId: v.bookingId, workOrderId: v.workOrderId, resourceId: v.resourceId, arrivalAt: new Date(v.arrival).toISOString(), source: 'portal' },
    });

  beforeAll(async () => {
    const business = await makeBusiness(api.sql);
    await api.sql`UPDATE business SET phone = '(503) 555-0199', name = 'Rose <City> Plumbing' WHERE id = ${business.id}`;
    Object.assign(w, { slug: business.slug, id: business.id });
    // No arrival window: `{arrival}` is the arrival alone.
    await api.sql`UPDATE business_settings SET arrival_window_minutes = 0 WHERE business_id = ${business.id}`;
    const admin = await makeStaff(api.deps, business.id, 'admin');
    const dispatcher = await makeStaff(api.deps, business.id, 'dispatcher');
    pat = await makeCustomer(api.deps, business.id);
    w.admin = await signInToken(api.url, w.slug, admin.email, PASSWORD);
    w.dispatcher = await signInToken(api.url, w.slug, dispatcher.email, PASSWORD);
    w.customer = await signInToken(api.url, w.slug, pat.email, PASSWORD);
  });
  beforeEach(() => api.sql`DELETE FROM rate_limit`);

  it('lets admins set a wording per message and language, dispatchers read it, and refuses unknown placeholders by name', async () => {
    expect((await admin$('GET', '/notification-templates', w.dispatcher)).body).toEqual([]);
    const wording = { subject: 'Booked: {serviceType} with {technician}', body: 'Dear {customerName},\n\nsee you {arrival}. {{Literally}}' };
    expect((await admin$('PUT', '/notification-templates/confirmation/en', w.dispatcher, wording)).status).toBe(403);
    expect((await admin$('PUT', '/notification-templates/confirmation/en', w.customer, wording)).status).toBe(403);

    const saved = await admin$('PUT', '/notification-templates/confirmation/en', w.admin, wording);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ message: 'confirmation', language: 'en', ...wording, placeholders: expect.arrayContaining(['customerName', 'arrival', 'serviceType']) });

    const bad = await admin$('PUT', '/notification-templates/confirmation/es', w.admin, { subject: 'Hola {firstName}', body: '{nope} y {nope} y {customerName} y {reason}' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('validation_failed');
    expect(bad.body.issues).toEqual([
      { path: ['json', 'subject'], message: expect.stringContaining('unknown placeholders {firstName};') },
      { path: ['json', 'body'], message: expect.stringContaining('unknown placeholders {nope}, {reason};') },
    ]);
    expect(bad.body.message).toContain('{firstName}, {nope}, {reason}');
    // Each message its own set: a reset has no customer name, a cancel has a reason.
    expect((await admin$('PUT', '/notification-templates/password_reset/en', w.admin, { body: 'Hi {customerName}' })).status).toBe(400);
    expect((await admin$('PUT', '/notification-templates/canceled/ar', w.admin, { body: 'السبب: {reason}' })).status).toBe(200);
    // Shape: one of the parts at least, a one-line subject, a known message and language.
    expect((await admin$('PUT', '/notification-templates/canceled/en', w.admin, {})).status).toBe(400);
    expect((await admin$('PUT', '/notification-templates/canceled/en', w.admin, { subject: 'x\r\nBcc: y@example.com' })).status).toBe(400);
    expect((await admin$('PUT', '/notification-templates/survey/en', w.admin, { body: 'x' })).status).toBe(400);
    expect((await admin$('PUT', '/notification-templates/canceled/fr', w.admin, { body: 'x' })).status).toBe(400);

    const list = await admin$('GET', '/notification-templates', w.dispatcher);
    expect(list.body.map((t: { message: string; language: string }) => `${t.message}/${t.language}`)).toEqual(['canceled/ar', 'confirmation/en']);
    expect((await admin$('DELETE', '/notification-templates/canceled/ar', w.dispatcher)).status).toBe(403);
    expect((await admin$('DELETE', '/notification-templates/canceled/ar', w.admin)).status).toBe(204);
    expect((await admin$('DELETE', '/notification-templates/canceled/ar', w.admin)).status).toBe(404);

    // Another business sees none of it.
    const other = await makeBusiness(api.sql);
    const stranger = await makeStaff(api.deps, other.id, 'admin');
    const strangerToken = await signInToken(api.url, other.slug, stranger.email, PASSWORD);
    expect((await call(api.url, 'GET', `/api/businesses/${other.slug}/admin/notification-templates`, { token: strangerToken })).body).toEqual([]);
    expect((await call(api.url, 'DELETE', `/api/businesses/${other.slug}/admin/notification-templates/confirmation/en`, { token: strangerToken })).status).toBe(404);
  });

  it('sends the override escaped in the business’s colours, with the facts, links and calendar file still the layout’s', async () => {
    await admin$('PUT', '/notification-templates/confirmation/en', w.admin, {
      subject: 'Booked: {serviceType} with {technician} at {businessName}',
      body: 'Dear {customerName},\n<b>see you</b> {arrival}.\n\nCall {businessPhone}. {{Literally}}',
    });
    expect((await admin$('PATCH', '/settings/branding', w.admin, { brandColor: '#7B1FA2' })).body).toEqual({
      brandColor: '#7b1fa2',
      brandTextColor: null,
      effective: { background: '#7b1fa2', text: '#ffffff', contrast: expect.any(Number) },
    });

    const visit = await portalVisit(pat.contactId, `${dayFromNow(5)}T18:00:00Z`);
    const since = api.mail.received.length;
    await booked(visit);
    const mail = await api.mail.next(pat.email, since);
    const arrival = formatVisitTime(new Date(visit.arrival), 'America/Los_Angeles', 'en');
    expect(mail.subject).toBe('Booked: Repair with Maya at Rose <City> Plumbing');
    expect(mail.text).toContain(`Dear Pat,\n<b>see you</b> ${arrival}.\n\nCall (503) 555-0199. {Literally}`);
    expect(mail.text).not.toContain('Hi Pat,');
    // Escaped, never parsed; paragraphs and line breaks kept.
    expect(mail.html).toContain('&lt;b&gt;see you&lt;/b&gt;');
    expect(mail.html).not.toContain('<b>see you');
    expect(mail.html).toMatch(/<p>Dear Pat,<br \/>&lt;b&gt;see you/);
    expect(mail.html).toContain('Booked: Repair with Maya at Rose &lt;City&gt; Plumbing');
    // The brand colour in the header and the button, with its readable text colour.
    expect(mail.html).toContain('background:#7b1fa2;color:#ffffff');
    // What the layout adds regardless: the facts, the portal link and the calendar file.
    expect(mail.text).toContain('Service: Repair (WO-');
    expect(mail.text).toMatch(/Manage your visit: http:\/\/127\.0\.0\.1:\d+\//);
    expect(mail.html).toContain('>Manage your visit</a>');
    expect(ics(mail)).toContain(`UID:booking-${visit.bookingId}@arrivo`);

    // The override is English only: a Spanish contact gets the built-in Spanish wording, in the colours.
    const es = await makeCustomer(api.deps, w.id);
    await api.sql`UPDATE contact SET preferred_language = 'es' WHERE id = ${es.contactId}`;
    const esSince = api.mail.received.length;
    await booked(await portalVisit(es.contactId, `${dayFromNow(6)}T18:00:00Z`));
    const esMail = await api.mail.next(es.email, esSince);
    expect(esMail.subject).toBe('Su visita con Rose <City> Plumbing está reservada');
    expect(esMail.text).toContain('Hola, Pat:');
    expect(esMail.html).toContain('background:#7b1fa2;color:#ffffff');

    // Removed: the built-in wording again.
    expect((await admin$('DELETE', '/notification-templates/confirmation/en', w.admin)).status).toBe(204);
    const again = api.mail.received.length;
    await booked(await portalVisit(pat.contactId, `${dayFromNow(7)}T18:00:00Z`));
    expect((await api.mail.next(pat.email, again)).subject).toBe('Your visit with Rose <City> Plumbing is booked');
    await admin$('PATCH', '/settings/branding', w.admin, { brandColor: null });
  });

  it('uses the wording and colours in invitation emails too', async () => {
    await admin$('PATCH', '/settings/branding', w.admin, { brandColor: '#ffd400' });
    await admin$('PUT', '/notification-templates/invitation/en', w.admin, { subject: 'Join {businessName} online, {customerName}', body: 'Book with us! The code expires {expires}.' });
    const contact = await makeCustomer(api.deps, w.id);
    const since = api.mail.received.length;
    const res = await call(api.url, 'POST', `/api/businesses/${w.slug}/admin/contacts/${contact.contactId}/invitations`, { token: w.admin });
    expect(res.status).toBe(201);
    const mail = await api.mail.next(contact.email, since);
    expect(mail.subject).toBe('Join Rose <City> Plumbing online, Pat');
    expect(mail.text).toMatch(/^Book with us! The code expires \w+ \d+, \d{4} at \d+:\d\d [AP]M P[DS]T\./);
    // The code and the link are the layout's.
    expect(mail.text).toMatch(/code: [0-9A-Z]{4}(-[0-9A-Z]{4}){7}/);
    expect(mail.text).toContain('#arrivo-redeem=');
    // Black text on yellow: the computed contrast.
    expect(mail.html).toContain('background:#ffd400;color:#000000');
    await admin$('DELETE', '/notification-templates/invitation/en', w.admin);
    await admin$('PATCH', '/settings/branding', w.admin, { brandColor: null });
  });

  it('validates colours: #rrggbb, and a chosen text colour readable on the brand colour', async () => {
    expect((await admin$('GET', '/settings/branding', w.admin)).body).toEqual({ brandColor: null, brandTextColor: null, effective: { background: '#1d4ed8', text: '#ffffff', contrast: expect.any(Number) } });
    expect((await admin$('GET', '/settings/branding', w.dispatcher)).status).toBe(403);
    expect((await admin$('PATCH', '/settings/branding', w.dispatcher, { brandColor: '#000000' })).status).toBe(403);
    for (const bad of ['#fff', 'red', 'url(javascript:x)', '#12345g', '"><script>']) {
      const res = await admin$('PATCH', '/settings/branding', w.admin, { brandColor: bad });
      expect(res.status).toBe(400);
      expect(res.body.issues[0].path).toEqual(['json', 'brandColor']);
    }
    const low = await admin$('PATCH', '/settings/branding', w.admin, { brandColor: '#ffff00', brandTextColor: '#ffffff' });
    expect(low.status).toBe(400);
    expect(low.body.issues).toEqual([{ path: ['json', 'brandTextColor'], message: expect.stringContaining('at least 4.5:1') }]);
    expect((await admin$('GET', '/settings/branding', w.admin)).body.brandColor).toBeNull(); // nothing saved
    const ok = await admin$('PATCH', '/settings/branding', w.admin, { brandColor: '#ffff00', brandTextColor: '#000000' });
    expect(ok.body).toMatchObject({ brandColor: '#ffff00', brandTextColor: '#000000', effective: { background: '#ffff00', text: '#000000' } });
    expect(ok.body.effective.contrast).toBeGreaterThan(19);
    // Changing only the brand colour is checked against the saved text colour (black on navy is unreadable).
    const dark = await admin$('PATCH', '/settings/branding', w.admin, { brandColor: '#000080' });
    expect(dark.status).toBe(400);
    expect(dark.body.issues[0].path).toEqual(['json', 'brandColor']);
    expect((await admin$('PATCH', '/settings/branding', w.admin, { brandColor: null, brandTextColor: null })).body.effective).toMatchObject({ background: '#1d4ed8', text: '#ffffff' });
  });

  it('previews every message with the saved wording and colours, and a draft before saving it', async () => {
    await admin$('PATCH', '/settings/branding', w.admin, { brandColor: '#0b6e4f' });
    await admin$('PUT', '/notification-templates/reminder/es', w.admin, { subject: 'Mañana: {serviceType}' });
    const preview = (q: string, token = w.dispatcher) => call(api.url, 'GET', `/api/businesses/${w.slug}/admin/notifications/preview?${q}`, { token });
    const draft = (body: unknown, token = w.dispatcher) => call(api.url, 'POST', `/api/businesses/${w.slug}/admin/notifications/preview`, { token, body });

    // Saved wording and colours.
    const reminder = await preview('message=reminder&language=es');
    expect(reminder.status).toBe(200);
    expect(reminder.body.subject).toBe('Mañana: Drain cleaning');
    expect(reminder.body.text).toContain('Hola, Alex:'); // the body is still the built-in one
    expect(reminder.body.html).toContain('background:#0b6e4f;color:#ffffff');
    expect(reminder.body.calendar).toContain('METHOD:REQUEST');

    // Account emails too.
    const invitation = await preview('message=invitation&language=es');
    expect(invitation.status).toBe(200);
    expect(invitation.body).toMatchObject({ subject: 'Su invitación para reservar en línea con Rose <City> Plumbing', calendar: null });
    expect(invitation.body.text).toContain('SAMPLE-CODE');
    expect(invitation.body.html).toContain('background:#0b6e4f');
    const reset = await preview('message=password_reset&language=ar');
    expect(reset.status).toBe(200);
    expect(reset.body.subject).toBe('إعادة تعيين كلمة مرور الحجز لدى Rose <City> Plumbing');
    expect(reset.body.html).toContain('dir="rtl"');
    expect(reset.body.html).toContain('#arrivo-reset=sample');
    expect(reset.body.html).toContain('background:#0b6e4f');

    // A draft: rendered, escaped, not saved; a null part is the built-in one.
    const drafted = await draft({ message: 'canceled', language: 'en', body: 'Sorry {customerName}: {reason} <script>alert(1)</script>' });
    expect(drafted.status).toBe(200);
    expect(drafted.body.subject).toBe('Your visit with Rose <City> Plumbing is canceled');
    expect(drafted.body.text).toContain('Sorry Alex: Sample reason <script>alert(1)</script>');
    expect(drafted.body.html).toContain('Sorry Alex: Sample reason &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(drafted.body.html).not.toContain('<script>');
    expect(drafted.body.calendar).toContain('METHOD:CANCEL');
    // A draft stands in for the whole saved wording of its message; the draft of a reset too.
    const bodyOnly = await draft({ message: 'reminder', language: 'es', body: 'Nos vemos {arrival}' });
    expect(bodyOnly.body.subject).toBe('Recordatorio: su visita con Rose <City> Plumbing');
    expect(bodyOnly.body.text).toMatch(/^Nos vemos \w+/);
    expect((await draft({ message: 'reminder', language: 'es', subject: 'Otra: {technician}' })).body.subject).toBe('Otra: Maya');
    expect((await draft({ message: 'password_reset', language: 'en', subject: 'New password for {businessName}' })).body.subject).toBe('New password for Rose <City> Plumbing');
    expect((await admin$('GET', '/notification-templates', w.dispatcher)).body.map((t: { message: string }) => t.message)).toEqual(['reminder']);
    // Unknown placeholders are refused before anything is rendered.
    const bad = await draft({ message: 'arriving', language: 'en', body: '{eta} {customerName}' });
    expect(bad.status).toBe(400);
    expect(bad.body.issues).toEqual([{ path: ['json', 'body'], message: expect.stringContaining('{eta}') }]);
    expect((await draft({ message: 'low_score_alert', language: 'en' })).status).toBe(400);
    expect((await draft({ message: 'reminder' }, w.customer)).status).toBe(403);

    await admin$('DELETE', '/notification-templates/reminder/es', w.admin);
    await admin$('PATCH', '/settings/branding', w.admin, { brandColor: null });
  });

  describe('the on-the-way ETA', () => {
    const traveling = (v: Awaited<ReturnType<typeof portalVisit>>) =>
      api.deps.events.publish(api.sql, {
        name: 'booking.status_changed',
        businessId: w.id,
        actorUserId: null,
        payload: { bookingId: v.bookingId, resourceId: v.resourceId, from: 'scheduled', to: 'traveling', note: null },
      });

    it('is estimated from when the technician set off when that is later than the booked arrival, and says so', async () => {
      const arrival = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 5 * 60_000).toISOString();
      const visit = await portalVisit(pat.contactId, arrival, 40);
      await api.sql`UPDATE booking SET status = 'traveling' WHERE id = ${visit.bookingId}`;
      const since = api.mail.received.length;
      const event = await traveling(visit);
      const mail = await api.mail.next(pat.email, since);
      expect(mail.subject).toBe('Your Rose <City> Plumbing technician is on the way');
      const eta = formatVisitTime(new Date(Date.parse(event.occurredAt) + 40 * 60_000), 'America/Los_Angeles', 'en');
      expect(mail.text).toContain(`Expected arrival: ${eta} (estimated when your technician set off, with 40 min of travel)`);
      expect(mail.text).toContain(`Arrival: ${formatVisitTime(new Date(arrival), 'America/Los_Angeles', 'en')}`);
    });

    it('is the booked arrival when the technician sets off early enough, and can be worded with {eta}', async () => {
      await admin$('PUT', '/notification-templates/on_the_way/es', w.admin, { body: '¡En camino, {customerName}! Llegada: {eta}' });
      const es = await makeCustomer(api.deps, w.id);
      await api.sql`UPDATE contact SET preferred_language = 'es' WHERE id = ${es.contactId}`;
      const visit = await portalVisit(es.contactId, `${dayFromNow(9)}T18:00:00Z`, 30);
      const since = api.mail.received.length;
      await traveling(visit);
      const mail = await api.mail.next(es.email, since);
      const eta = `${formatVisitTime(new Date(visit.arrival), 'America/Los_Angeles', 'es')} (la hora de llegada reservada)`;
      expect(mail.text).toContain(`Llegada prevista: ${eta}`);
      expect(mail.text.startsWith(`¡En camino, Pat! Llegada: ${eta}`)).toBe(true);
      await admin$('DELETE', '/notification-templates/on_the_way/es', w.admin);
    });
  });
});

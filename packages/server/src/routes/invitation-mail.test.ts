import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app';
import { makeAccount, makeBusiness, makeContact, makeStaff, PASSWORD } from '../../test/fixtures';
import { call, signInToken } from '../../test/http';

describe('invitation emails go through the job queue', () => {
  const api = useTestApp();

  it('answers at once while the mail server is down, and the email arrives when it is back', async () => {
    const business = await makeBusiness(api.sql);
    const staff = await makeStaff(api.deps, business.id, 'admin');
    const token = await signInToken(api.url, business.slug, staff.email, PASSWORD);
    const { contactId, email } = await makeContact(api.sql, business.id, await makeAccount(api.sql, business.id));

    await api.mail.stop();
    const started = performance.now();
    const res = await call(api.url, 'POST', `/api/businesses/${business.slug}/admin/contacts/${contactId}/invitations`, { token });
    const elapsed = performance.now() - started;
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ emailQueued: true, invitation: { status: 'pending' } });
    expect(elapsed).toBeLessThan(1000);

    // The worker tried, failed, and logged it; the invitation stands.
    const logged = () => api.sql`SELECT status, attempts, last_error FROM notification_log WHERE contact_id = ${contactId}`;
    await expect.poll(async () => (await logged())[0]?.status, { timeout: 5000 }).toBe('failed');

    await api.mail.start();
    const sent = api.mail.received.length;
    const mail = await api.mail.next(email, sent);
    const code = /code: ([0-9A-Z]{4}(?:-[0-9A-Z]{4}){7})/.exec(mail.text)?.[1];
    expect(code).toBeDefined();
    await expect.poll(async () => (await logged())[0], { timeout: 5000 }).toMatchObject({ status: 'sent', lastError: null });
    expect((await logged())[0]!.attempts).toBeGreaterThanOrEqual(2);
    // The code that travelled sealed through the queue is the one the invitation was made with.
    const redeemed = await call(api.url, 'POST', `/api/businesses/${business.slug}/invitations/redeem`, { body: { code, password: 'a long enough password' } });
    expect(redeemed.status).toBe(201);

    // The same pipeline as booking messages: in the staff log, and staff may resend it.
    const [entry] = (await call(api.url, 'GET', `/api/businesses/${business.slug}/admin/notifications?recipient=${encodeURIComponent(email)}`, { token })).body;
    expect(entry).toMatchObject({ event: 'invitation.created', message: 'invitation', state: 'sent', resendable: true, contactId });
    const before = api.mail.received.length;
    expect((await call(api.url, 'POST', `/api/businesses/${business.slug}/admin/notifications/${entry.id}/resend`, { token })).status).toBe(202);
    expect((await api.mail.next(email, before)).text).toContain(code!);
  });

  it('writes in the contact’s language when known (Arabic right to left, escaped), else English', async () => {
    const business = await makeBusiness(api.sql);
    await api.sql`UPDATE business SET name = 'Rose <City> Plumbing', phone = '(503) 555-0199' WHERE id = ${business.id}`;
    const staff = await makeStaff(api.deps, business.id, 'admin');
    const token = await signInToken(api.url, business.slug, staff.email, PASSWORD);
    const account = await makeAccount(api.sql, business.id);
    const invite = async (language: string | null) => {
      const { contactId, email } = await makeContact(api.sql, business.id, account);
      await api.sql`UPDATE contact SET preferred_language = ${language} WHERE id = ${contactId}`;
      const since = api.mail.received.length;
      expect((await call(api.url, 'POST', `/api/businesses/${business.slug}/admin/contacts/${contactId}/invitations`, { token })).status).toBe(201);
      const mail = await api.mail.next(email, since);
      await expect.poll(async () => (await api.sql`SELECT language FROM notification_log WHERE contact_id = ${contactId}`)[0]?.language, { timeout: 5000 }).toBeDefined();
      const [{ language: logged }] = (await api.sql`SELECT language FROM notification_log WHERE contact_id = ${contactId}`) as never as [{ language: string }];
      return { mail, logged };
    };

    const ar = await invite('ar');
    expect(ar.mail.subject).toBe('دعوتك للحجز عبر الإنترنت مع Rose <City> Plumbing');
    expect(ar.mail.text).toContain('استخدام دعوة');
    expect(ar.mail.text).toMatch(/رمزك: [0-9A-Z]{4}(?:-[0-9A-Z]{4}){7}/);
    expect(ar.mail.html).toContain('<html lang="ar" dir="rtl">');
    expect(ar.mail.html).toContain('Rose &lt;City&gt; Plumbing');
    expect(ar.mail.html).not.toContain('Rose <City>');
    expect(ar.logged).toBe('ar');

    const es = await invite('es-MX');
    expect(es.mail.subject).toBe('Su invitación para reservar en línea con Rose <City> Plumbing');
    expect(es.mail.text).toContain('¿Preguntas? Llame a Rose <City> Plumbing al (503) 555-0199.');
    expect(es.mail.html).toContain('<html lang="es" dir="ltr">');
    expect(es.logged).toBe('es');

    for (const language of ['fr', null]) {
      const en = await invite(language);
      expect(en.mail.subject).toBe('Your invitation to book online with Rose <City> Plumbing');
      expect(en.mail.html).toContain('<html lang="en" dir="ltr">');
      expect(en.logged).toBe('en');
    }
  });
});

import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app';
import { makeBusiness, makeCustomer, PASSWORD } from '../../test/fixtures';
import { call } from '../../test/http';

describe('password reset by email', () => {
  const api = useTestApp();
  let slug = '';
  let businessId = '';
  let customer: Awaited<ReturnType<typeof makeCustomer>>;
  const page = () => `${api.url}/book.html`;
  const forgot = (email: string, returnTo = page()) =>
    call(api.url, 'POST', `/api/businesses/${slug}/password/forgot`, { body: { email, returnTo } });

  beforeAll(async () => {
    const business = await makeBusiness(api.sql);
    slug = business.slug;
    businessId = business.id;
    await api.sql`UPDATE business SET name = 'Rose <City> Plumbing' WHERE id = ${business.id}`;
    customer = await makeCustomer(api.deps, business.id);
  });
  beforeEach(() => api.sql`DELETE FROM rate_limit`);

  it('emails a link to the page that lets the customer choose a new password', async () => {
    const sent = api.mail.received.length;
    expect((await forgot(customer.email.toUpperCase())).status).toBe(202);
    const mail = await api.mail.next(customer.email, sent);
    expect(mail.subject).toMatch(/Reset your .* password/);
    const link = /(http\S+#arrivo-reset=\S+)/.exec(mail.text)![1]!;
    expect(link.startsWith(`${page()}#arrivo-reset=`)).toBe(true);
    const token = decodeURIComponent(link.split('#arrivo-reset=')[1]!);

    const session = await call(api.url, 'POST', `/api/businesses/${slug}/session`, { body: { email: customer.email, password: PASSWORD } });
    expect((await call(api.url, 'POST', `/api/businesses/${slug}/password/reset`, { body: { token, password: 'a brand new password' } })).status).toBe(204);

    // Old password and old sessions are gone; the new password works; the link works once.
    expect((await call(api.url, 'GET', `/api/businesses/${slug}/me`, { token: session.body.token })).status).toBe(401);
    const old = await call(api.url, 'POST', `/api/businesses/${slug}/session`, { body: { email: customer.email, password: PASSWORD } });
    expect(old.body.code).toBe('invalid_credentials');
    const fresh = await call(api.url, 'POST', `/api/businesses/${slug}/session`, { body: { email: customer.email, password: 'a brand new password' } });
    expect(fresh.status).toBe(200);
    const reused = await call(api.url, 'POST', `/api/businesses/${slug}/password/reset`, { body: { token, password: 'yet another password' } });
    expect(reused).toMatchObject({ status: 400, body: { code: 'reset_token_invalid' } });
  });

  it('writes in the language of the user’s contact in the business when known, else English', async () => {
    const reset = async (language: string | null) => {
      const who = await makeCustomer(api.deps, businessId);
      await api.sql`UPDATE contact SET preferred_language = ${language} WHERE id = ${who.contactId}`;
      const sent = api.mail.received.length;
      expect((await forgot(who.email)).status).toBe(202);
      const mail = await api.mail.next(who.email, sent);
      await expect.poll(async () => (await api.sql`SELECT language FROM notification_log WHERE lower(recipient) = ${who.email.toLowerCase()}`)[0]?.language, { timeout: 5000 }).toBeDefined();
      const [{ language: logged }] = (await api.sql`SELECT language FROM notification_log WHERE lower(recipient) = ${who.email.toLowerCase()}`) as never as [{ language: string }];
      return { mail, logged };
    };
    const ar = await reset('ar');
    expect(ar.mail.subject).toBe('إعادة تعيين كلمة مرور الحجز لدى Rose <City> Plumbing');
    expect(ar.mail.text).toContain(`${page()}#arrivo-reset=`);
    expect(ar.mail.html).toContain('<html lang="ar" dir="rtl">');
    expect(ar.mail.html).toContain('Rose &lt;City&gt; Plumbing');
    expect(ar.mail.html).not.toContain('Rose <City>');
    expect(ar.logged).toBe('ar');
    const es = await reset('es');
    expect(es.mail.subject).toBe('Restablezca su contraseña de reservas de Rose <City> Plumbing');
    expect(es.mail.text).toContain('Si no fue usted, ignore este correo');
    expect(es.logged).toBe('es');
    const en = await reset('de');
    expect(en.mail.subject).toBe('Reset your Rose <City> Plumbing booking password');
    expect(en.mail.html).toContain('<html lang="en" dir="ltr">');
    expect(en.logged).toBe('en');
  });

  it('sends nothing for an unknown email, or for someone who is not a customer of this business', async () => {
    const other = await makeBusiness(api.sql);
    const stranger = await makeCustomer(api.deps, other.id);
    expect((await forgot('nobody@example.com')).status).toBe(202);
    expect((await forgot(stranger.email)).status).toBe(202);
    // Emails go out only through a published event; none was published for these two.
    const queued = await api.sql`
      SELECT 1 FROM pgboss.job WHERE data->>'name' = 'password_reset.requested'
        AND data->'payload'->>'email' IN ('nobody@example.com', ${stranger.email})`;
    expect(queued).toEqual([]);
  });

  it('refuses to send links to pages outside the business', async () => {
    const res = await forgot(customer.email, 'https://evil.example/phish');
    expect(res).toMatchObject({ status: 400, body: { code: 'origin_not_allowed' } });
  });

  it('refuses a made-up token and a weak password', async () => {
    const bad = await call(api.url, 'POST', `/api/businesses/${slug}/password/reset`, { body: { token: 'made-up-token', password: 'long enough password' } });
    expect(bad).toMatchObject({ status: 400, body: { code: 'reset_token_invalid' } });
    const weak = await call(api.url, 'POST', `/api/businesses/${slug}/password/reset`, { body: { token: 'made-up-token', password: 'short' } });
    expect(weak).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
    expect(weak.body.issues[0].path).toEqual(['json', 'password']);
  });

  it('limits reset requests per email', async () => {
    for (let i = 0; i < 5; i++) expect((await forgot(customer.email)).status).toBe(202);
    expect(await forgot(customer.email)).toMatchObject({ status: 429, body: { code: 'rate_limited' } });
  });
});

import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app';
import { makeAccount, makeBusiness, makeContact, makeCustomer, PASSWORD } from '../../test/fixtures';
import { addMembership } from '../db/queries/memberships';
import { call } from '../../test/http';
import { browser, useOidcProvider } from '../../test/oidc-provider';

describe('sign-in with an external OpenID Connect provider', () => {
  const customerEmail = 'linh.nguyen@example.com';
  const idp = useOidcProvider([
    { sub: 'idp-linh', email: customerEmail, email_verified: true, name: 'Linh Nguyen' },
    { sub: 'idp-stranger', email: 'stranger@example.com', email_verified: true, name: 'Stranger' },
  ]);
  const api = useTestApp({ env: (url) => idp.register(url) });
  let slug = '';
  let otherSlug = '';
  let customer: Awaited<ReturnType<typeof makeCustomer>>;
  const attackerPage = 'https://attacker.example/page';

  beforeAll(async () => {
    const business = await makeBusiness(api.sql);
    slug = business.slug;
    customer = await makeCustomer(api.deps, business.id);
    // The provider knows this customer by the same, verified, email.
    await api.sql`UPDATE contact SET email = ${customerEmail} WHERE id = ${customer.contactId}`;
    await api.sql`UPDATE auth_user SET email = ${customerEmail} WHERE id = ${customer.userId}`;
    await api.sql`UPDATE business_settings SET allowed_origins = '{https://shop.example}' WHERE business_id = ${business.id}`;
    // Another business on the same server, whose site is the attacker's; Linh is its customer too.
    const other = await makeBusiness(api.sql);
    otherSlug = other.slug;
    await api.sql`UPDATE business_settings SET allowed_origins = '{https://attacker.example}' WHERE business_id = ${other.id}`;
    const { contactId } = await makeContact(api.sql, other.id, await makeAccount(api.sql, other.id), customerEmail);
    await api.sql`UPDATE contact SET user_id = ${customer.userId} WHERE id = ${contactId}`;
    await addMembership(api.sql, other.id, customer.userId, 'customer');
  });
  beforeEach(() => api.sql`DELETE FROM rate_limit`);

  const page = () => `${api.url}/book.html`;
  const origin = () => new URL(api.url).origin;
  const start = (business = slug, returnTo = page()) => `${api.url}/api/businesses/${business}/external-sign-in?returnTo=${encodeURIComponent(returnTo)}`;
  const exchange = (business: string, code: string, from = origin()) =>
    call(api.url, 'POST', `/api/businesses/${business}/external-sign-in/exchange`, { body: { code }, headers: { origin: from } });
  const signInAndGetCode = async () => {
    const back = await browser().run(start(), 'idp-linh', page());
    expect(back).toMatch(new RegExp(`^${page()}#arrivo-auth=`));
    return decodeURIComponent(back.split('#arrivo-auth=')[1]!);
  };

  it("is offered on the business's public info", async () => {
    expect((await call(api.url, 'GET', `/api/businesses/${slug}`)).body.externalSignIn).toEqual({ name: 'Rose City ID' });
  });

  it('links the provider identity to the portal user with the same verified email, end to end', async () => {
    const code = await signInAndGetCode();

    const exchanged = await exchange(slug, code);
    expect(exchanged.status).toBe(200);
    expect(exchanged.body).toMatchObject({ user: { id: customer.userId, email: customerEmail }, roles: ['customer'] });
    const me = await call(api.url, 'GET', `/api/businesses/${slug}/me`, { token: exchanged.body.token });
    expect(me.status).toBe(200);

    const [link] = await api.sql`SELECT provider_id FROM auth_account WHERE user_id = ${customer.userId} AND provider_id = 'oidc'`;
    expect(link).toBeDefined();

    // The one-time code is spent.
    const again = await exchange(slug, code);
    expect(again).toMatchObject({ status: 400, body: { code: 'external_sign_in_failed' } });
    // The token acts at this business only.
    expect((await call(api.url, 'GET', `/api/businesses/${otherSlug}/me`, { token: exchanged.body.token })).status).toBe(401);
  });

  describe('an existing session cannot be turned into a token for another site', () => {
    it('hands out no code to a browser that did not start a flow (a link someone sent)', async () => {
      // Linh signed in on a same-site page of her business: the browser holds a session cookie.
      const signedIn = await call(api.url, 'POST', `/api/businesses/${slug}/session`, { body: { email: customerEmail, password: PASSWORD } });
      const cookie = signedIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      // The attacker's page sends her to "complete" at the business whose site they run.
      for (const business of [otherSlug, slug]) {
        const returnTo = business === otherSlug ? attackerPage : `https://shop.example/`;
        const query = new URLSearchParams({ returnTo });
        const res = await fetch(`${api.url}/api/businesses/${business}/external-sign-in/complete?${query}`, { headers: { cookie }, redirect: 'manual' });
        expect(res.status).toBe(302);
        expect(res.headers.get('location')).toBe(`${returnTo}#arrivo-error=external_sign_in_failed`);
      }
    });

    it("hands out no code for a session the flow's provider round trip did not make", async () => {
      // A flow started in this browser, but the provider step is skipped: the old cookie session comes along.
      const signedIn = await call(api.url, 'POST', `/api/businesses/${slug}/session`, { body: { email: customerEmail, password: PASSWORD } });
      const sessionCookie = signedIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      const started = await fetch(start(), { headers: { cookie: sessionCookie }, redirect: 'manual' });
      const flowCookie = started.headers.getSetCookie().find((c) => c.startsWith('arrivo_external_flow='))!.split(';')[0];
      const query = new URLSearchParams({ returnTo: page() });
      const res = await fetch(`${api.url}/api/businesses/${slug}/external-sign-in/complete?${query}`, {
        headers: { cookie: `${sessionCookie}; ${flowCookie}` },
        redirect: 'manual',
      });
      expect(res.headers.get('location')).toBe(`${page()}#arrivo-error=external_sign_in_failed`);
    });

    it('accepts the code only at the business it was made for', async () => {
      const code = await signInAndGetCode();
      expect(await exchange(otherSlug, code)).toMatchObject({ status: 400, body: { code: 'external_sign_in_failed' } });
      // …and trying elsewhere spends it.
      expect((await exchange(slug, code)).status).toBe(400);
    });

    it("accepts the code only from the origin of the page it was made for", async () => {
      const code = await signInAndGetCode();
      expect(await exchange(slug, code, 'https://shop.example')).toMatchObject({ status: 400, body: { code: 'external_sign_in_failed' } });
      const noOrigin = await call(api.url, 'POST', `/api/businesses/${slug}/external-sign-in/exchange`, { body: { code: await signInAndGetCode() } });
      expect(noOrigin).toMatchObject({ status: 400, body: { code: 'external_sign_in_failed' } });
    });

    it('limits code guessing per address', async () => {
      const guess = (from: string) =>
        call(api.url, 'POST', `/api/businesses/${slug}/external-sign-in/exchange`, { body: { code: 'x'.repeat(32) }, headers: { origin: origin() }, from });
      for (let i = 0; i < 30; i++) expect((await guess('127.0.0.2')).status).toBe(400);
      expect(await guess('127.0.0.2')).toMatchObject({ status: 429, body: { code: 'rate_limited' } });
      expect((await guess('127.0.0.3')).status).toBe(400);
    });
  });

  it('does not create portal accounts for people who were never invited', async () => {
    const back = await browser().run(start(), 'idp-stranger', page());
    expect(back).toBe(`${page()}#arrivo-error=external_sign_in_failed`);
    const [user] = await api.sql`SELECT id FROM auth_user WHERE email = 'stranger@example.com'`;
    expect(user).toBeUndefined();
  });

  it('refuses to send the browser back to a page outside the business', async () => {
    const res = await call(api.url, 'GET', `/api/businesses/${slug}/external-sign-in?returnTo=${encodeURIComponent('https://evil.example/')}`);
    expect(res).toMatchObject({ status: 400, body: { code: 'origin_not_allowed' } });
  });
});

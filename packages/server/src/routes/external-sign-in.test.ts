import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app';
import { makeBusiness, makeCustomer } from '../../test/fixtures';
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
  let customer: Awaited<ReturnType<typeof makeCustomer>>;

  beforeAll(async () => {
    const business = await makeBusiness(api.sql);
    slug = business.slug;
    customer = await makeCustomer(api.deps, business.id);
    // The provider knows this customer by the same, verified, email.
    await api.sql`UPDATE contact SET email = ${customerEmail} WHERE id = ${customer.contactId}`;
    await api.sql`UPDATE auth_user SET email = ${customerEmail} WHERE id = ${customer.userId}`;
  });

  const page = () => `${api.url}/book.html`;
  const start = () => `${api.url}/api/businesses/${slug}/external-sign-in?returnTo=${encodeURIComponent(page())}`;

  it("is offered on the business's public info", async () => {
    expect((await call(api.url, 'GET', `/api/businesses/${slug}`)).body.externalSignIn).toEqual({ name: 'Rose City ID' });
  });

  it('links the provider identity to the portal user with the same verified email, end to end', async () => {
    const back = await browser().run(start(), 'idp-linh', page());
    expect(back).toMatch(new RegExp(`^${page()}#arrivo-auth=`));
    const code = decodeURIComponent(back.split('#arrivo-auth=')[1]!);

    const exchanged = await call(api.url, 'POST', `/api/businesses/${slug}/external-sign-in/exchange`, { body: { code } });
    expect(exchanged.status).toBe(200);
    expect(exchanged.body).toMatchObject({ user: { id: customer.userId, email: customerEmail }, roles: ['customer'] });
    const me = await call(api.url, 'GET', `/api/businesses/${slug}/me`, { token: exchanged.body.token });
    expect(me.status).toBe(200);

    const [link] = await api.sql`SELECT provider_id FROM auth_account WHERE user_id = ${customer.userId} AND provider_id = 'oidc'`;
    expect(link).toBeDefined();

    // The one-time code is spent.
    const again = await call(api.url, 'POST', `/api/businesses/${slug}/external-sign-in/exchange`, { body: { code } });
    expect(again).toMatchObject({ status: 400, body: { code: 'external_sign_in_failed' } });
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

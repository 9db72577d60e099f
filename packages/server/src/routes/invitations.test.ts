import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app';
import { makeAccount, makeBusiness, makeContact, makeStaff, makeUser, PASSWORD } from '../../test/fixtures';
import { call, signInToken } from '../../test/http';

const codeIn = (text: string) => /code: ([0-9A-Z]{4}(?:-[0-9A-Z]{4}){7})/.exec(text)?.[1];

describe('invitations, redeem and first sign-in', () => {
  const api = useTestApp();
  let slug = '';
  let businessId = '';
  let staffToken = '';
  const admin = (method: string, path: string, body?: unknown) =>
    call(api.url, method, `/api/businesses/${slug}/admin${path}`, { body, token: staffToken });

  beforeAll(async () => {
    const business = await makeBusiness(api.sql);
    ({ slug, id: businessId } = business);
    await api.sql`UPDATE business_settings SET portal_url = '/book.html' WHERE business_id = ${businessId}`;
    const staff = await makeStaff(api.deps, businessId, 'dispatcher');
    staffToken = await signInToken(api.url, slug, staff.email, staff.password);
  });
  // These cases redeem often from one address; the limits have their own test.
  beforeEach(() => api.sql`DELETE FROM rate_limit`);

  it('runs the whole journey: contact added → invitation email → redeem → profile → sign out → sign in', async () => {
    const account = await admin('POST', '/accounts', {
      name: 'Nguyen household', addressLine1: '3614 SE Hawthorne Blvd', city: 'Portland', postalCode: '97214', lat: 45.512, lon: -122.6262,
    });
    expect(account.status).toBe(201);

    const sent = api.mail.received.length;
    const added = await admin('POST', `/accounts/${account.body.id}/contacts`, { firstName: 'Linh', lastName: 'Nguyen', email: 'Linh.Nguyen@Example.com' });
    expect(added.status).toBe(201);
    expect(added.body.contact).toMatchObject({ email: 'linh.nguyen@example.com', portalUser: false, invitation: 'pending' });
    expect(added.body.invitation).toMatchObject({ emailQueued: true, invitation: { status: 'pending' } });

    const mail = await api.mail.next('linh.nguyen@example.com', sent);
    expect(mail.subject).toContain('invitation');
    const code = codeIn(mail.text)!;
    expect(code).toBeDefined();
    expect(mail.text).toContain(`${api.url}/book.html#arrivo-redeem=${code}`);

    const redeemed = await call(api.url, 'POST', `/api/businesses/${slug}/invitations/redeem`, {
      body: { code: code.toLowerCase().replaceAll('-', ' '), password: 'a good long password', firstName: 'Linh' },
    });
    expect(redeemed.status).toBe(201);
    expect(redeemed.body).toMatchObject({ user: { email: 'linh.nguyen@example.com' }, roles: ['customer'], profileCompleted: false });
    const token = redeemed.body.token as string;

    const me = await call(api.url, 'GET', `/api/businesses/${slug}/me`, { token });
    expect(me.body).toMatchObject({ firstName: 'Linh', lastName: 'Nguyen', profileCompleted: false, account: { name: 'Nguyen household' } });

    const saved = await call(api.url, 'PATCH', `/api/businesses/${slug}/me`, {
      token,
      body: { phone: '(503) 555-0178', preferredLanguage: 'es', timeZone: 'America/Los_Angeles', notifySms: true },
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ phone: '(503) 555-0178', preferredLanguage: 'es', notifySms: true, profileCompleted: true });

    const contact = await admin('GET', `/contacts/${added.body.contact.id}`);
    expect(contact.body).toMatchObject({ portalUser: true, invitation: 'redeemed' });

    expect((await call(api.url, 'DELETE', `/api/businesses/${slug}/session`, { token })).status).toBe(204);
    expect((await call(api.url, 'GET', `/api/businesses/${slug}/me`, { token })).status).toBe(401);

    const again = await call(api.url, 'POST', `/api/businesses/${slug}/session`, { body: { email: 'linh.nguyen@example.com', password: 'a good long password' } });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ roles: ['customer'], profileCompleted: true });
    expect(again.headers.getSetCookie().join()).toMatch(/session_token=/);
  });

  it('lets the first-run profile step be skipped with an empty save', async () => {
    const accountId = await makeAccount(api.sql, businessId);
    const { contactId, email } = await makeContact(api.sql, businessId, accountId);
    const sent = api.mail.received.length;
    await admin('POST', `/contacts/${contactId}/invitations`);
    const code = codeIn((await api.mail.next(email, sent)).text)!;
    const { body } = await call(api.url, 'POST', `/api/businesses/${slug}/invitations/redeem`, { body: { code, password: PASSWORD } });
    const skipped = await call(api.url, 'PATCH', `/api/businesses/${slug}/me`, { token: body.token, body: {} });
    expect(skipped.body.profileCompleted).toBe(true);
    expect(skipped.body.phone).toBeNull();
  });

  it('redeems a code once, even when two redeems race', async () => {
    const accountId = await makeAccount(api.sql, businessId);
    const { contactId, email } = await makeContact(api.sql, businessId, accountId);
    const sent = api.mail.received.length;
    await admin('POST', `/contacts/${contactId}/invitations`);
    const code = codeIn((await api.mail.next(email, sent)).text)!;
    const attempts = await Promise.all(
      [1, 2, 3].map(() => call(api.url, 'POST', `/api/businesses/${slug}/invitations/redeem`, { body: { code, password: PASSWORD } })),
    );
    expect(attempts.map((a) => a.status).sort()).toEqual([201, 400, 400]);
    expect(attempts.filter((a) => a.status === 400).map((a) => a.body.code)).toEqual(['invitation_invalid', 'invitation_invalid']);
    const reuse = await call(api.url, 'POST', `/api/businesses/${slug}/invitations/redeem`, { body: { code, password: PASSWORD } });
    expect(reuse.body.code).toBe('invitation_invalid');
  });

  it('refuses a wrong code and an expired one, each with its own code', async () => {
    const wrong = await call(api.url, 'POST', `/api/businesses/${slug}/invitations/redeem`, {
      body: { code: 'AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH', password: PASSWORD },
    });
    expect(wrong).toMatchObject({ status: 400, body: { code: 'invitation_invalid' } });

    const accountId = await makeAccount(api.sql, businessId);
    const { contactId, email } = await makeContact(api.sql, businessId, accountId);
    const sent = api.mail.received.length;
    await admin('POST', `/contacts/${contactId}/invitations`);
    const code = codeIn((await api.mail.next(email, sent)).text)!;
    await api.sql`UPDATE invitation SET created_at = now() - interval '8 days', expires_at = now() - interval '1 day' WHERE contact_id = ${contactId}`;
    const expired = await call(api.url, 'POST', `/api/businesses/${slug}/invitations/redeem`, { body: { code, password: PASSWORD } });
    expect(expired).toMatchObject({ status: 400, body: { code: 'invitation_expired' } });
    expect((await admin('GET', `/contacts/${contactId}`)).body.invitation).toBe('expired');
  });

  it('checks a code before the password is chosen: who it is for, or why it cannot be redeemed', async () => {
    const check = (code: string) => call(api.url, 'POST', `/api/businesses/${slug}/invitations/check`, { body: { code } });
    expect(await check('AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH')).toMatchObject({ status: 400, body: { code: 'invitation_invalid' } });

    const accountId = await makeAccount(api.sql, businessId);
    const { contactId, email } = await makeContact(api.sql, businessId, accountId);
    const sent = api.mail.received.length;
    await admin('POST', `/contacts/${contactId}/invitations`);
    const code = codeIn((await api.mail.next(email, sent)).text)!;
    const ok = await check(code.toLowerCase().replaceAll('-', ' '));
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ email, firstName: expect.any(String) });
    // Checking does not spend the code.
    expect(await check(code)).toMatchObject({ status: 200 });

    await admin('PATCH', `/accounts/${accountId}`, { active: false });
    expect(await check(code)).toMatchObject({ status: 403, body: { code: 'account_inactive' } });
    await admin('PATCH', `/accounts/${accountId}`, { active: true });
    await api.sql`UPDATE invitation SET created_at = now() - interval '8 days', expires_at = now() - interval '1 day' WHERE contact_id = ${contactId}`;
    expect(await check(code)).toMatchObject({ status: 400, body: { code: 'invitation_expired' } });
  });

  it('counts checks against the redeem limit, so checking is no way around it', async () => {
    const wrong = () => ({ body: { code: crypto.randomUUID(), password: PASSWORD } });
    for (let i = 0; i < 5; i++) expect((await call(api.url, 'POST', `/api/businesses/${slug}/invitations/check`, wrong())).body.code).toBe('invitation_invalid');
    for (let i = 0; i < 5; i++) expect((await call(api.url, 'POST', `/api/businesses/${slug}/invitations/redeem`, wrong())).body.code).toBe('invitation_invalid');
    expect(await call(api.url, 'POST', `/api/businesses/${slug}/invitations/check`, wrong())).toMatchObject({ status: 429, body: { code: 'rate_limited' } });
    expect(await call(api.url, 'POST', `/api/businesses/${slug}/invitations/redeem`, wrong())).toMatchObject({ status: 429, body: { code: 'rate_limited' } });
  });

  it('“Create Invitation” again revokes the older code', async () => {
    const accountId = await makeAccount(api.sql, businessId);
    const { contactId, email } = await makeContact(api.sql, businessId, accountId);
    let sent = api.mail.received.length;
    await admin('POST', `/contacts/${contactId}/invitations`);
    const first = codeIn((await api.mail.next(email, sent)).text)!;
    sent = api.mail.received.length;
    await admin('POST', `/contacts/${contactId}/invitations`);
    const second = codeIn((await api.mail.next(email, sent)).text)!;
    expect(second).not.toBe(first);

    const old = await call(api.url, 'POST', `/api/businesses/${slug}/invitations/redeem`, { body: { code: first, password: PASSWORD } });
    expect(old.body.code).toBe('invitation_invalid');
    const fresh = await call(api.url, 'POST', `/api/businesses/${slug}/invitations/redeem`, { body: { code: second, password: PASSWORD } });
    expect(fresh.status).toBe(201);
    const history = await admin('GET', `/contacts/${contactId}/invitations`);
    expect(history.body.map((i: { status: string }) => i.status)).toEqual(['redeemed', 'revoked']);
  });

  it('revokes an open invitation so its code no longer works; a redeemed one or another business’s is refused', async () => {
    const accountId = await makeAccount(api.sql, businessId);
    const { contactId, email } = await makeContact(api.sql, businessId, accountId);
    let sent = api.mail.received.length;
    const created = await admin('POST', `/contacts/${contactId}/invitations`);
    const code = codeIn((await api.mail.next(email, sent)).text)!;
    const revoked = await admin('POST', `/invitations/${created.body.invitation.id}/revoke`);
    expect(revoked).toMatchObject({ status: 200, body: { id: created.body.invitation.id, status: 'revoked' } });
    // Again: still revoked, nothing else changes.
    expect((await admin('POST', `/invitations/${created.body.invitation.id}/revoke`)).body.status).toBe('revoked');
    const refused = await call(api.url, 'POST', `/api/businesses/${slug}/invitations/redeem`, { body: { code, password: PASSWORD } });
    expect(refused.body.code).toBe('invitation_invalid');

    sent = api.mail.received.length;
    const second = await admin('POST', `/contacts/${contactId}/invitations`);
    const secondCode = codeIn((await api.mail.next(email, sent)).text)!;
    expect((await call(api.url, 'POST', `/api/businesses/${slug}/invitations/redeem`, { body: { code: secondCode, password: PASSWORD } })).status).toBe(201);
    const late = await admin('POST', `/invitations/${second.body.invitation.id}/revoke`);
    expect(late).toMatchObject({ status: 409, body: { code: 'conflict' } });
    expect((await admin('GET', `/contacts/${contactId}/invitations`)).body.map((i: { status: string }) => i.status)).toEqual(['redeemed', 'revoked']);

    const other = await makeBusiness(api.sql);
    const otherContact = await makeContact(api.sql, other.id, await makeAccount(api.sql, other.id));
    const [otherInvitation] = await api.sql<{ id: string }[]>`
      INSERT INTO invitation (business_id, contact_id, email, code_hash, expires_at)
      VALUES (${other.id}, ${otherContact.contactId}, ${otherContact.email}, ${Buffer.alloc(32, 7)}, now() + interval '1 day') RETURNING id`;
    expect((await admin('POST', `/invitations/${otherInvitation!.id}/revoke`)).status).toBe(404);
    expect((await api.sql`SELECT revoked_at FROM invitation WHERE id = ${otherInvitation!.id}`)[0]!.revokedAt).toBeNull();
  });

  it('invites an email once even if its contact is deleted and added again, unless staff invite explicitly', async () => {
    const accountId = await makeAccount(api.sql, businessId);
    const email = 'twice@example.com';
    let sent = api.mail.received.length;
    const first = await admin('POST', `/accounts/${accountId}/contacts`, { firstName: 'Tw', email });
    await api.mail.next(email, sent);
    expect((await admin('DELETE', `/contacts/${first.body.contact.id}`)).status).toBe(204);

    sent = api.mail.received.length;
    const again = await admin('POST', `/accounts/${accountId}/contacts`, { firstName: 'Tw', email });
    expect(again.status).toBe(201);
    expect(again.body.invitation).toBeNull();
    expect(again.body.notInvited).toBe('invited_before');
    expect(again.body.contact.invitation).toBe('none');

    const explicit = await admin('POST', `/contacts/${again.body.contact.id}/invitations`);
    expect(explicit.status).toBe(201);
    const mail = await api.mail.next(email, sent);
    expect(codeIn(mail.text)).toBeDefined();
  });

  it('follows the auto-invite setting: all contacts re-invites, off never invites', async () => {
    const accountId = await makeAccount(api.sql, businessId);
    const adminUser = await makeStaff(api.deps, businessId, 'admin');
    const adminToken = await signInToken(api.url, slug, adminUser.email, adminUser.password);
    const settings = (body: unknown) => call(api.url, 'PATCH', `/api/businesses/${slug}/admin/settings/access`, { token: adminToken, body });

    expect((await settings({ autoInvite: 'all_contacts' })).body.autoInvite).toBe('all_contacts');
    const email = 'again@example.com';
    const first = await admin('POST', `/accounts/${accountId}/contacts`, { firstName: 'A', email });
    await admin('DELETE', `/contacts/${first.body.contact.id}`);
    const second = await admin('POST', `/accounts/${accountId}/contacts`, { firstName: 'A', email });
    expect(second.body.invitation).not.toBeNull();
    expect(second.body.notInvited).toBeNull();

    await settings({ autoInvite: 'off' });
    const none = await admin('POST', `/accounts/${accountId}/contacts`, { firstName: 'B', email: 'never@example.com' });
    expect(none.body.invitation).toBeNull();
    expect(none.body.notInvited).toBe('auto_invite_off');
    await settings({ autoInvite: 'new_contacts' });
  });

  it('never invites contacts of inactive accounts, and an account deactivated later locks its customers out', async () => {
    const inactive = await makeAccount(api.sql, businessId, { active: false });
    const added = await admin('POST', `/accounts/${inactive}/contacts`, { firstName: 'Ina', email: 'ina@example.com' });
    expect(added.body.invitation).toBeNull();
    expect(added.body.notInvited).toBe('account_inactive');
    const refused = await admin('POST', `/contacts/${added.body.contact.id}/invitations`);
    expect(refused).toMatchObject({ status: 422, body: { code: 'contact_account_inactive' } });

    // Invited while active, deactivated before redeeming.
    const accountId = await makeAccount(api.sql, businessId);
    const { contactId, email } = await makeContact(api.sql, businessId, accountId);
    const sent = api.mail.received.length;
    await admin('POST', `/contacts/${contactId}/invitations`);
    const code = codeIn((await api.mail.next(email, sent)).text)!;
    await admin('PATCH', `/accounts/${accountId}`, { active: false });
    const late = await call(api.url, 'POST', `/api/businesses/${slug}/invitations/redeem`, { body: { code, password: PASSWORD } });
    expect(late).toMatchObject({ status: 403, body: { code: 'account_inactive' } });

    // Redeemed while active, then deactivated: every customer route refuses.
    await admin('PATCH', `/accounts/${accountId}`, { active: true });
    const ok = await call(api.url, 'POST', `/api/businesses/${slug}/invitations/redeem`, { body: { code, password: PASSWORD } });
    expect(ok.status).toBe(201);
    await admin('PATCH', `/accounts/${accountId}`, { active: false });
    for (const path of ['/me', '/me/assets', '/me/contacts']) {
      const res = await call(api.url, 'GET', `/api/businesses/${slug}${path}`, { token: ok.body.token });
      expect(res, path).toMatchObject({ status: 403, body: { code: 'account_inactive' } });
    }
    const signIn = await call(api.url, 'POST', `/api/businesses/${slug}/session`, { body: { email, password: PASSWORD } });
    expect(signIn).toMatchObject({ status: 403, body: { code: 'account_inactive' } });
  });

  it('a removed contact’s portal sign-in no longer reaches the account', async () => {
    const accountId = await makeAccount(api.sql, businessId);
    const { contactId, email } = await makeContact(api.sql, businessId, accountId);
    const sent = api.mail.received.length;
    await admin('POST', `/contacts/${contactId}/invitations`);
    const code = codeIn((await api.mail.next(email, sent)).text)!;
    const redeemed = await call(api.url, 'POST', `/api/businesses/${slug}/invitations/redeem`, { body: { code, password: PASSWORD } });
    expect(redeemed.status).toBe(201);
    expect((await call(api.url, 'GET', `/api/businesses/${slug}/me/bookings`, { token: redeemed.body.token })).status).toBe(200);

    expect((await admin('DELETE', `/contacts/${contactId}`)).status).toBe(204);
    for (const path of ['/me', '/me/assets', '/me/bookings']) {
      const res = await call(api.url, 'GET', `/api/businesses/${slug}${path}`, { token: redeemed.body.token });
      expect(res.status, path).toBeGreaterThanOrEqual(401);
      expect(res.status, path).toBeLessThan(500);
      expect(JSON.stringify(res.body)).not.toContain(accountId);
    }
  });

  it('asks for the existing password when the email already has a portal account', async () => {
    const other = await makeBusiness(api.sql);
    const accountHere = await makeAccount(api.sql, businessId);
    const { contactId, email } = await makeContact(api.sql, businessId, accountHere);
    // The same person is already a customer of another business on this server.
    const accountThere = await makeAccount(api.sql, other.id);
    const there = await makeContact(api.sql, other.id, accountThere, email);
    const userId = await makeUser(api.deps, email, 'their existing password');
    await api.sql`UPDATE contact SET user_id = ${userId} WHERE id = ${there.contactId}`;

    const sent = api.mail.received.length;
    await admin('POST', `/contacts/${contactId}/invitations`);
    const code = codeIn((await api.mail.next(email, sent)).text)!;
    const wrong = await call(api.url, 'POST', `/api/businesses/${slug}/invitations/redeem`, { body: { code, password: 'not their password' } });
    expect(wrong).toMatchObject({ status: 401, body: { code: 'invalid_credentials' } });
    const right = await call(api.url, 'POST', `/api/businesses/${slug}/invitations/redeem`, { body: { code, password: 'their existing password' } });
    expect(right.status).toBe(201);
    expect(right.body.user.id).toBe(userId);
  });
});

import { Writable } from 'node:stream';
import { pino } from 'pino';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app';
import { makeAccount, makeAsset, makeBusiness, makeContact, makeCustomer, makeStaff, PASSWORD } from '../../test/fixtures';
import { call, signInToken } from '../../test/http';
import { addMembership } from '../db/queries/memberships';

// Everything the server logs in this file, to prove no secret ever reaches the log.
const logLines: string[] = [];
const log = pino(
  { level: 'trace' },
  new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  }),
);

describe('access control and abuse limits', () => {
  const api = useTestApp({ log });
  const w: Record<string, any> = {};

  beforeAll(async () => {
    const business = await makeBusiness(api.sql);
    const other = await makeBusiness(api.sql);
    w.slug = business.slug;
    w.otherSlug = other.slug;
    w.businessId = business.id;
    w.otherId = other.id;
    w.alice = await makeCustomer(api.deps, business.id);
    w.aliceAsset = await makeAsset(api.sql, business.id, w.alice.accountId);
    w.bob = await makeCustomer(api.deps, business.id);
    w.bobAsset = await makeAsset(api.sql, business.id, w.bob.accountId);
    w.colleague = await makeContact(api.sql, business.id, w.alice.accountId);
    w.dispatcher = await makeStaff(api.deps, business.id, 'dispatcher');
    w.technician = await makeStaff(api.deps, business.id, 'technician');
    w.otherStaff = await makeStaff(api.deps, other.id, 'admin');
    w.otherAccount = await makeAccount(api.sql, other.id);
    w.otherContact = await makeContact(api.sql, other.id, w.otherAccount);
    await api.sql`DELETE FROM rate_limit`;
    w.aliceToken = await signInToken(api.url, w.slug, w.alice.email, PASSWORD);
    w.dispatcherToken = await signInToken(api.url, w.slug, w.dispatcher.email, PASSWORD);
    w.technicianToken = await signInToken(api.url, w.slug, w.technician.email, PASSWORD);
    w.otherStaffToken = await signInToken(api.url, w.otherSlug, w.otherStaff.email, PASSWORD);
  });
  beforeEach(() => api.sql`DELETE FROM rate_limit`);

  const get = (path: string, token?: string) => call(api.url, 'GET', `/api/businesses/${w.slug}${path}`, { token });

  describe('a customer sees only their own account', () => {
    it('reads their own assets and colleagues', async () => {
      const assets = await get('/me/assets', w.aliceToken);
      expect(assets.body.map((a: { id: string }) => a.id)).toEqual([w.aliceAsset]);
      expect((await get(`/me/assets/${w.aliceAsset}`, w.aliceToken)).status).toBe(200);
      expect((await get(`/me/contacts/${w.colleague.contactId}`, w.aliceToken)).status).toBe(200);
    });

    it("gets 404 for another account's asset and contact, as for ids that do not exist", async () => {
      for (const path of [`/me/assets/${w.bobAsset}`, `/me/contacts/${w.bob.contactId}`, `/me/contacts/${w.otherContact.contactId}`, `/me/assets/${crypto.randomUUID()}`]) {
        const res = await get(path, w.aliceToken);
        expect(res, path).toMatchObject({ status: 404, body: { code: 'not_found' } });
      }
    });

    it('cannot change anything of another account, nor use staff routes (403)', async () => {
      for (const [method, path] of [
        ['GET', `/admin/accounts/${w.bob.accountId}`],
        ['PATCH', `/admin/contacts/${w.bob.contactId}`],
        ['POST', `/admin/accounts/${w.alice.accountId}/contacts`],
        ['DELETE', `/admin/assets/${w.bobAsset}`],
      ] as const) {
        const res = await call(api.url, method, `/api/businesses/${w.slug}${path}`, { token: w.aliceToken, body: method === 'GET' || method === 'DELETE' ? undefined : { firstName: 'X' } });
        expect(res, `${method} ${path}`).toMatchObject({ status: 403, body: { code: 'forbidden' } });
      }
      expect((await get(`/me/assets/${w.bobAsset}`, w.aliceToken)).status).toBe(404);
    });
  });

  describe('roles', () => {
    it('keeps technicians out of staff routes and customer routes', async () => {
      expect(await get('/admin/accounts', w.technicianToken)).toMatchObject({ status: 403, body: { code: 'forbidden' } });
      expect(await get('/me', w.technicianToken)).toMatchObject({ status: 403, body: { code: 'not_a_customer' } });
    });

    it('keeps dispatchers out of admin-only settings', async () => {
      expect((await get('/admin/accounts', w.dispatcherToken)).status).toBe(200);
      expect(await get('/admin/settings/access', w.dispatcherToken)).toMatchObject({ status: 403, body: { code: 'forbidden' } });
    });

    it("keeps another business's staff out, and answers 404 for this business's ids on their own routes", async () => {
      // Their token was made at their business, so here it is no sign-in at all.
      expect(await get('/admin/accounts', w.otherStaffToken)).toMatchObject({ status: 401, body: { code: 'unauthenticated' } });
      const theirs = await call(api.url, 'GET', `/api/businesses/${w.otherSlug}/admin/accounts/${w.alice.accountId}`, { token: w.otherStaffToken });
      expect(theirs).toMatchObject({ status: 404, body: { code: 'not_found' } });
      const contact = await call(api.url, 'GET', `/api/businesses/${w.otherSlug}/admin/contacts/${w.alice.contactId}`, { token: w.otherStaffToken });
      expect(contact.status).toBe(404);
    });

    it('answers 401 without a session, and for a made-up token', async () => {
      for (const token of [undefined, 'not-a-real-token']) {
        expect(await get('/me', token)).toMatchObject({ status: 401, body: { code: 'unauthenticated' } });
        expect((await get('/admin/accounts', token)).status).toBe(401);
      }
    });

    it('refuses sign-in to a business where the user has no role', async () => {
      const res = await call(api.url, 'POST', `/api/businesses/${w.otherSlug}/session`, { body: { email: w.alice.email, password: PASSWORD } });
      expect(res).toMatchObject({ status: 403, body: { code: 'not_a_customer' } });
    });
  });

  describe('a session acts only at the business it was made at', () => {
    it("refuses a token from business Y's elements at business X, for a customer of both", async () => {
      // Dana is a customer of X (w.slug) and of Y (w.otherSlug), with one portal account.
      const dana = await makeCustomer(api.deps, w.businessId);
      const { contactId } = await makeContact(api.sql, w.otherId, w.otherAccount, dana.email);
      await api.sql`UPDATE contact SET user_id = ${dana.userId} WHERE id = ${contactId}`;
      await addMembership(api.sql, w.otherId, dana.userId, 'customer');

      const atY = await signInToken(api.url, w.otherSlug, dana.email, PASSWORD);
      expect((await call(api.url, 'GET', `/api/businesses/${w.otherSlug}/me/bookings`, { token: atY })).status).toBe(200);
      const atX = await call(api.url, 'GET', `/api/businesses/${w.slug}/me/bookings`, { token: atY });
      expect(atX).toMatchObject({ status: 401, body: { code: 'unauthenticated' } });
      expect((await call(api.url, 'GET', `/api/businesses/${w.slug}/session`, { token: atY })).status).toBe(401);
      // Signing in at X gives a token for X.
      const ownX = await signInToken(api.url, w.slug, dana.email, PASSWORD);
      expect((await call(api.url, 'GET', `/api/businesses/${w.slug}/me/bookings`, { token: ownX })).status).toBe(200);
      const [row] = await api.sql`SELECT business_id FROM auth_session WHERE token = ${ownX}`;
      expect(row!.businessId).toBe(w.businessId);
    });

    it('refuses the session cookie of another business too', async () => {
      const signIn = await call(api.url, 'POST', `/api/businesses/${w.otherSlug}/session`, { body: { email: w.otherStaff.email, password: PASSWORD } });
      const cookie = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      expect((await call(api.url, 'GET', `/api/businesses/${w.otherSlug}/session`, { headers: { cookie } })).status).toBe(200);
      expect((await call(api.url, 'GET', `/api/businesses/${w.slug}/session`, { headers: { cookie } })).status).toBe(401);
    });
  });

  describe('same-site cookies still work', () => {
    it('accepts the session cookie set at sign-in instead of the bearer token', async () => {
      const signIn = await call(api.url, 'POST', `/api/businesses/${w.slug}/session`, { body: { email: w.bob.email, password: PASSWORD } });
      const cookie = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      const me = await call(api.url, 'GET', `/api/businesses/${w.slug}/session`, { headers: { cookie } });
      expect(me).toMatchObject({ status: 200, body: { user: { email: w.bob.email }, roles: ['customer'] } });
    });
  });

  describe('enumeration', () => {
    it('answers a wrong password and an unknown email identically', async () => {
      const wrong = await call(api.url, 'POST', `/api/businesses/${w.slug}/session`, { body: { email: w.alice.email, password: 'wrong password!' } });
      const unknown = await call(api.url, 'POST', `/api/businesses/${w.slug}/session`, { body: { email: 'nobody@example.com', password: 'wrong password!' } });
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(wrong.status);
      expect(unknown.body).toEqual(wrong.body);
      expect(wrong.body.code).toBe('invalid_credentials');
    });

    it('answers "forgot password" identically for known and unknown emails', async () => {
      const body = (email: string) => ({ email, returnTo: `${api.url}/book.html` });
      const known = await call(api.url, 'POST', `/api/businesses/${w.slug}/password/forgot`, { body: body(w.alice.email) });
      const unknown = await call(api.url, 'POST', `/api/businesses/${w.slug}/password/forgot`, { body: body('nobody@example.com') });
      expect(known.status).toBe(202);
      expect(unknown.status).toBe(202);
      expect(unknown.body).toEqual(known.body);
    });
  });

  describe('brute force', () => {
    const signInFrom = (from: string, email: string, password: string) =>
      call(api.url, 'POST', `/api/businesses/${w.slug}/session`, { body: { email, password }, from });

    it('locks out password guessing for an email from one address after 10 attempts', async () => {
      const attempt = () => signInFrom('127.0.0.2', w.bob.email, 'guess guess guess');
      for (let i = 0; i < 10; i++) expect((await attempt()).status).toBe(401);
      const locked = await attempt();
      expect(locked).toMatchObject({ status: 429, body: { code: 'rate_limited' } });
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
      // Even the right password waits now, from that address.
      expect((await signInFrom('127.0.0.2', w.bob.email, PASSWORD)).status).toBe(429);
    });

    it("does not let a stranger lock the owner out: the owner's own address still signs in", async () => {
      for (let i = 0; i < 11; i++) await signInFrom('127.0.0.2', w.bob.email, 'guess guess guess');
      expect((await signInFrom('127.0.0.2', w.bob.email, PASSWORD)).status).toBe(429);
      expect(await signInFrom('127.0.0.3', w.bob.email, PASSWORD)).toMatchObject({ status: 200, body: { user: { email: w.bob.email } } });
    });

    it('slows an email down, for everyone, once it failed 10 times from anywhere', async () => {
      for (let i = 0; i < 10; i++) expect((await signInFrom(`127.0.0.${10 + i}`, w.bob.email, 'guess guess guess')).status).toBe(401);
      expect((await signInFrom('127.0.0.3', w.bob.email, PASSWORD)).status).toBe(200); // 10 failures: still free
      expect((await signInFrom('127.0.0.4', w.bob.email, 'guess guess guess')).status).toBe(401); // the 11th
      const started = performance.now();
      expect((await signInFrom('127.0.0.3', w.bob.email, PASSWORD)).status).toBe(200);
      expect(performance.now() - started).toBeGreaterThanOrEqual(250); // waited, but got in
    });

    it('refuses an email everywhere once it was tried 100 times in 15 minutes from any addresses', async () => {
      expect((await signInFrom('127.0.0.20', w.bob.email, 'guess guess guess')).status).toBe(401);
      // 99 more attempts from 99 addresses, as a botnet would send them (counted, not sent: the
      // slow-down would make sending them take minutes).
      const [ceiling] = await api.sql`UPDATE rate_limit SET hits = 100 WHERE key LIKE 'sign-in:email:%' RETURNING key`;
      expect(ceiling).toBeDefined();
      const refused = await signInFrom('127.0.0.21', w.bob.email, PASSWORD);
      expect(refused).toMatchObject({ status: 429, body: { code: 'rate_limited' } });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      // Other emails are not affected.
      expect((await signInFrom('127.0.0.21', w.alice.email, PASSWORD)).status).toBe(200);
    });

    it('counts every client address on its own', async () => {
      const attempt = (from: string) =>
        call(api.url, 'POST', `/api/businesses/${w.slug}/invitations/redeem`, { body: { code: crypto.randomUUID(), password: PASSWORD }, from });
      for (let i = 0; i < 10; i++) expect((await attempt('127.0.0.2')).body.code).toBe('invitation_invalid');
      expect(await attempt('127.0.0.2')).toMatchObject({ status: 429, body: { code: 'rate_limited' } });
      expect((await attempt('127.0.0.3')).body.code).toBe('invitation_invalid');
      const keys = (await api.sql`SELECT key FROM rate_limit WHERE key LIKE 'redeem:%' ORDER BY key`).map((r) => r.key);
      expect(keys).toEqual(['redeem:ip:127.0.0.2', 'redeem:ip:127.0.0.3']);
    });

    it('keeps the counters in the database, so every instance shares them', async () => {
      await call(api.url, 'POST', `/api/businesses/${w.slug}/session`, { body: { email: w.bob.email, password: 'nope nope' } });
      const keys = (await api.sql`SELECT key FROM rate_limit WHERE key LIKE 'sign-in:%' ORDER BY key`).map((r) => r.key.replace(/:[\w-]{22}/, ':<email>'));
      expect(keys).toEqual(['sign-in:email-failures:<email>', 'sign-in:email-ip:<email>:127.0.0.1', 'sign-in:email:<email>', 'sign-in:ip:127.0.0.1']);
    });
  });

  describe('response headers', () => {
    it('keep token answers out of caches, and forbid sniffing and referrers on every API answer', async () => {
      const signIn = await call(api.url, 'POST', `/api/businesses/${w.slug}/session`, { body: { email: w.bob.email, password: PASSWORD } });
      const wrong = await call(api.url, 'POST', `/api/businesses/${w.slug}/session`, { body: { email: w.bob.email, password: 'wrong wrong' } });
      const redeem = await call(api.url, 'POST', `/api/businesses/${w.slug}/invitations/redeem`, { body: { code: 'nope', password: PASSWORD } });
      const exchange = await call(api.url, 'POST', `/api/businesses/${w.slug}/external-sign-in/exchange`, { body: { code: 'nope' } });
      const current = await get('/session', w.aliceToken);
      for (const res of [signIn, wrong, redeem, exchange, current]) {
        expect(res.headers.get('cache-control')).toBe('no-store');
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      }
      const assets = await get('/me/assets', w.aliceToken);
      expect(assets.headers.get('x-content-type-options')).toBe('nosniff');
      expect(assets.headers.get('referrer-policy')).toBe('no-referrer');
    });
  });

  describe('CORS for embedding', () => {
    it('allows exactly the origins the business lists, never a wildcard', async () => {
      const { id } = (await api.sql`SELECT id FROM business WHERE slug = ${w.slug}`)[0]!;
      await api.sql`UPDATE business_settings SET allowed_origins = '{https://rosecity.example}' WHERE business_id = ${id}`;
      const preflight = (origin: string, slug = w.slug) =>
        fetch(`${api.url}/api/businesses/${slug}/session`, {
          method: 'OPTIONS',
          headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
        });
      const allowed = await preflight('https://rosecity.example');
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://rosecity.example');
      expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
      expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
      // Allowed for one business is not allowed for another.
      expect((await preflight('https://rosecity.example', w.otherSlug)).headers.get('access-control-allow-origin')).toBeNull();
    });

    it('follows the allowed origins an admin sets through the API at once (they are cached between requests)', async () => {
      const preflight = (origin: string) =>
        fetch(`${api.url}/api/businesses/${w.otherSlug}/session`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
      const setOrigins = (allowedOrigins: string[]) =>
        call(api.url, 'PATCH', `/api/businesses/${w.otherSlug}/admin/settings/access`, { token: w.otherStaffToken, body: { allowedOrigins } });
      expect((await setOrigins(['https://first.example'])).status).toBe(200);
      expect((await preflight('https://first.example')).headers.get('access-control-allow-origin')).toBe('https://first.example');
      expect((await setOrigins(['https://second.example'])).status).toBe(200);
      expect((await preflight('https://first.example')).headers.get('access-control-allow-origin')).toBeNull();
      expect((await preflight('https://second.example')).headers.get('access-control-allow-origin')).toBe('https://second.example');
    });
  });

  describe('secrets', () => {
    it('never logs passwords, codes or tokens', async () => {
      const business = await api.sql`SELECT id FROM business WHERE slug = ${w.slug}`;
      const accountId = await makeAccount(api.sql, business[0]!.id);
      const { contactId, email } = await makeContact(api.sql, business[0]!.id, accountId);
      const sent = api.mail.received.length;
      await call(api.url, 'POST', `/api/businesses/${w.slug}/admin/contacts/${contactId}/invitations`, { token: w.dispatcherToken });
      const code = /code: (\S+)/.exec((await api.mail.next(email, sent)).text)![1]!;
      const redeemed = await call(api.url, 'POST', `/api/businesses/${w.slug}/invitations/redeem`, { body: { code, password: 'secret password 123' } });
      expect(redeemed.status).toBe(201);
      const everything = logLines.join('\n');
      expect(everything).toContain('/invitations/redeem'); // the request was logged…
      for (const secret of [code, 'secret password 123', redeemed.body.token, w.aliceToken, PASSWORD]) {
        expect(everything).not.toContain(secret); // …but nothing secret in it
      }
    });
  });
});

import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app';
import { makeAccount, makeAsset, makeBusiness, makeCustomer, makeStaff, makeUser, PASSWORD } from '../../test/fixtures';
import { call, signInToken } from '../../test/http';

const place = { addressLine1: '9 Dock Rd', city: 'Portland', lat: 45.51, lon: -122.66 };

describe('staff API: functional locations', () => {
  const api = useTestApp();
  let business: Awaited<ReturnType<typeof makeBusiness>>;
  let other: Awaited<ReturnType<typeof makeBusiness>>;
  const tokens: Record<string, string> = {};
  const as = (who: string, method: string, path: string, body?: unknown, slug = business.slug) =>
    call(api.url, method, `/api/businesses/${slug}/admin${path}`, { token: tokens[who], body });

  beforeAll(async () => {
    business = await makeBusiness(api.sql);
    other = await makeBusiness(api.sql);
    for (const role of ['admin', 'dispatcher', 'technician'] as const) {
      const person = await makeStaff(api.deps, business.id, role);
      tokens[role] = await signInToken(api.url, business.slug, person.email, PASSWORD);
    }
    const customer = await makeCustomer(api.deps, business.id);
    tokens.customer = await signInToken(api.url, business.slug, customer.email, PASSWORD);
    const otherAdmin = await makeStaff(api.deps, other.id, 'admin');
    tokens.otherAdmin = await signInToken(api.url, other.slug, otherAdmin.email, PASSWORD);
  });
  beforeEach(() => api.sql`DELETE FROM rate_limit`);

  it('changes a location and deletes it only once no asset is at it', async () => {
    const accountId = await makeAccount(api.sql, business.id);
    const created = await as('dispatcher', 'POST', `/accounts/${accountId}/locations`, { name: 'Boiler room', ...place });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const changed = await as('dispatcher', 'PATCH', `/locations/${id}`, { name: 'Plant room', lat: 45.6 });
    expect(changed).toMatchObject({ status: 200, body: { id, name: 'Plant room', lat: 45.6, lon: -122.66, city: 'Portland' } });
    expect((await as('dispatcher', 'PATCH', `/locations/${id}`, { lat: 91 })).status).toBe(400);
    expect((await as('dispatcher', 'PATCH', `/locations/${id}`, { accountId })).status).toBe(400);

    const asset = await as('dispatcher', 'POST', `/accounts/${accountId}/assets`, { name: 'Boiler', functionalLocationId: id });
    expect(asset.body.location).toMatchObject({ name: 'Plant room', addressLine1: '9 Dock Rd' });
    const refused = await as('admin', 'DELETE', `/locations/${id}`);
    expect(refused).toMatchObject({ status: 409, body: { code: 'location_in_use', details: { assets: 1 } } });
    expect((await as('admin', 'GET', `/accounts/${accountId}/locations`)).body).toHaveLength(1);

    await as('dispatcher', 'PATCH', `/assets/${asset.body.id}`, { functionalLocationId: null });
    expect((await as('admin', 'DELETE', `/locations/${id}`)).status).toBe(204);
    expect((await as('admin', 'GET', `/accounts/${accountId}/locations`)).body).toEqual([]);
    expect((await as('admin', 'DELETE', `/locations/${id}`)).status).toBe(404);
  });

  it('never reaches another business’s location, and is for staff only', async () => {
    const accountId = await makeAccount(api.sql, business.id);
    const id = (await as('admin', 'POST', `/accounts/${accountId}/locations`, { name: 'Shed', ...place })).body.id;
    await makeAsset(api.sql, business.id, accountId);
    expect((await as('otherAdmin', 'PATCH', `/locations/${id}`, { name: 'Mine' }, other.slug))).toMatchObject({ status: 404, body: { code: 'not_found' } });
    expect((await as('otherAdmin', 'DELETE', `/locations/${id}`, undefined, other.slug)).status).toBe(404);
    for (const who of ['customer', 'technician']) {
      expect((await as(who, 'PATCH', `/locations/${id}`, { name: 'X' })).status).toBe(403);
      expect((await as(who, 'DELETE', `/locations/${id}`)).status).toBe(403);
    }
    expect((await as('admin', 'GET', `/accounts/${accountId}/locations`)).body.map((l: { name: string }) => l.name)).toEqual(['Shed']);
  });
});

describe('staff API: people and roles', () => {
  const api = useTestApp();
  let business: Awaited<ReturnType<typeof makeBusiness>>;
  let other: Awaited<ReturnType<typeof makeBusiness>>;
  let admin: Awaited<ReturnType<typeof makeStaff>>;
  const tokens: Record<string, string> = {};
  const as = (who: string, method: string, path: string, body?: unknown, slug = business.slug) =>
    call(api.url, method, `/api/businesses/${slug}/admin${path}`, { token: tokens[who], body });
  const signIn = (email: string, slug = business.slug) => signInToken(api.url, slug, email, PASSWORD);

  beforeAll(async () => {
    business = await makeBusiness(api.sql);
    other = await makeBusiness(api.sql);
    admin = await makeStaff(api.deps, business.id, 'admin', `ada-${business.slug}@staff.example`);
    tokens.admin = await signIn(admin.email);
    const dispatcher = await makeStaff(api.deps, business.id, 'dispatcher');
    tokens.dispatcher = await signIn(dispatcher.email);
    const customer = await makeCustomer(api.deps, business.id);
    tokens.customer = await signIn(customer.email);
    const technician = await makeStaff(api.deps, business.id, 'technician');
    tokens.technician = await signIn(technician.email);
  });
  beforeEach(() => api.sql`DELETE FROM rate_limit`);

  it('lists the business’s people with their roles, a page at a time, by name, email or role', async () => {
    const emails = ['pia.one', 'pia.two', 'pia.three'].map((n) => `${n}-${business.slug}@staff.example`);
    for (const e of emails) await makeStaff(api.deps, business.id, 'dispatcher', e);
    await makeStaff(api.deps, other.id, 'dispatcher', `pia.elsewhere-${business.slug}@staff.example`);
    const first = await as('admin', 'GET', '/people?q=pia.&limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items.map((p: { email: string }) => p.email)).toEqual([emails[0], emails[2]]);
    expect(first.body.items[0]).toMatchObject({ roles: ['dispatcher'], contact: false, name: `pia.one-${business.slug}` });
    expect(first.body.nextOffset).toBe(2);
    const second = await as('admin', 'GET', '/people?q=pia.&limit=2&offset=2');
    expect(second.body.items.map((p: { email: string }) => p.email)).toEqual([emails[1]]);
    expect(second.body.nextOffset).toBeNull();
    const customers = await as('admin', 'GET', '/people?role=customer');
    expect(customers.body.items).toEqual([expect.objectContaining({ roles: ['customer'], contact: true })]);
    expect((await as('admin', 'GET', '/people?role=owner')).status).toBe(400);
    expect((await as('admin', 'GET', '/people?q=%25')).body.items).toEqual([]);
  });

  it('grants roles to an existing sign-in by email; no sign-in, or customer without a contact, is refused', async () => {
    const email = `newtech-${business.slug}@staff.example`;
    expect(await as('admin', 'POST', '/people', { email, roles: ['technician'] })).toMatchObject({ status: 422, body: { code: 'no_sign_in' } });
    await makeUser(api.deps, email);
    const granted = await as('admin', 'POST', '/people', { email: email.toUpperCase(), roles: ['technician'] });
    expect(granted).toMatchObject({ status: 200, body: { email, roles: ['technician'] } });
    const more = await as('admin', 'POST', '/people', { email, roles: ['dispatcher'] });
    expect(more.body.roles).toEqual(['dispatcher', 'technician']);
    expect(await as('admin', 'POST', '/people', { email, roles: ['customer'] })).toMatchObject({ status: 422, body: { code: 'invalid_reference' } });
    // The new technician signs in here now.
    expect(await signIn(email)).toBeTruthy();
  });

  it('removing a role signs the person out at this business (401 next), not elsewhere', async () => {
    const person = await makeStaff(api.deps, business.id, 'dispatcher');
    await api.sql`INSERT INTO membership (business_id, user_id, role) VALUES (${other.id}, ${person.userId}, 'dispatcher')`;
    const here = await signIn(person.email);
    const there = await signIn(person.email, other.slug);
    const board = (token: string, slug = business.slug) => call(api.url, 'GET', `/api/businesses/${slug}/admin/search/accounts`, { token });
    expect((await board(here)).status).toBe(200);

    // Adding a role keeps the session.
    const added = await as('admin', 'PUT', `/people/${person.userId}/roles`, { roles: ['dispatcher', 'technician'] });
    expect(added).toMatchObject({ status: 200, body: { person: { userId: person.userId, roles: ['dispatcher', 'technician'] } } });
    expect((await board(here)).status).toBe(200);

    const removed = await as('admin', 'PUT', `/people/${person.userId}/roles`, { roles: ['technician'] });
    expect(removed.body.person.roles).toEqual(['technician']);
    expect(await board(here)).toMatchObject({ status: 401, body: { code: 'unauthenticated' } });
    expect((await call(api.url, 'GET', `/api/businesses/${business.slug}/session`, { token: here })).status).toBe(401);
    expect((await board(there, other.slug)).status).toBe(200);

    // An empty set removes the person from the business.
    expect(await as('admin', 'PUT', `/people/${person.userId}/roles`, { roles: [] })).toMatchObject({ status: 200, body: { person: null } });
    expect((await as('admin', 'PUT', `/people/${person.userId}/roles`, { roles: ['dispatcher'] })).status).toBe(404);
  });

  it('never removes the last administrator, not even by themself', async () => {
    expect(await as('admin', 'PUT', `/people/${admin.userId}/roles`, { roles: ['dispatcher'] })).toMatchObject({ status: 409, body: { code: 'last_admin' } });
    expect(await as('admin', 'PUT', `/people/${admin.userId}/roles`, { roles: [] })).toMatchObject({ status: 409, body: { code: 'last_admin' } });
    expect((await as('admin', 'GET', '/people?role=admin')).body.items.map((p: { userId: string }) => p.userId)).toEqual([admin.userId]);
    // With a second admin, stepping down works and ends one’s own session here.
    const second = await makeStaff(api.deps, business.id, 'admin');
    const own = await signIn(admin.email);
    expect((await call(api.url, 'PUT', `/api/businesses/${business.slug}/admin/people/${admin.userId}/roles`, { token: own, body: { roles: ['dispatcher'] } })).status).toBe(200);
    expect((await call(api.url, 'GET', `/api/businesses/${business.slug}/admin/people`, { token: own })).status).toBe(401);
    tokens.admin = await signIn(second.email);
    expect(await as('admin', 'PUT', `/people/${second.userId}/roles`, { roles: [] })).toMatchObject({ status: 409, body: { code: 'last_admin' } });
  });

  it('never reaches another business’s people, and is for admins only', async () => {
    const stranger = await makeStaff(api.deps, other.id, 'admin');
    expect(await as('admin', 'PUT', `/people/${stranger.userId}/roles`, { roles: ['dispatcher'] })).toMatchObject({ status: 404, body: { code: 'not_found' } });
    expect((await api.sql`SELECT role FROM membership WHERE user_id = ${stranger.userId}`).map((r) => r.role)).toEqual(['admin']);
    expect((await as('admin', 'GET', `/people?q=${encodeURIComponent(stranger.email)}`)).body.items).toEqual([]);
    expect((await as('admin', 'PUT', '/people/not%20an%20id/roles', { roles: [] })).status).toBe(400);
    for (const who of ['dispatcher', 'technician', 'customer']) {
      expect((await as(who, 'GET', '/people')).status).toBe(403);
      expect((await as(who, 'POST', '/people', { email: stranger.email, roles: ['admin'] })).status).toBe(403);
      expect((await as(who, 'PUT', `/people/${stranger.userId}/roles`, { roles: ['admin'] })).status).toBe(403);
    }
    expect((await call(api.url, 'GET', `/api/businesses/${business.slug}/admin/people`)).status).toBe(401);
  });
});

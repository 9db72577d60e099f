// Plugins' own routes: mounted under the business's plugin prefix, each with the audience it
// declared, only where the business enabled the plugin.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { auth, definePlugin } from '@arrivo/sdk/server';
import { useTestApp } from '../../test/app';
import { makeBusiness, makeCustomer, makeStaff, PASSWORD } from '../../test/fixtures';
import { call, signInToken } from '../../test/http';

const seenHeaders: Headers[] = [];
const echo = definePlugin({
  id: 'echo',
  version: '1.0.0',
  sdk: '^1',
  options: z.object({ greeting: z.string() }),
  routes(router, setup) {
    router.get('/hello', auth.public(), (req, ctx) => ({ greeting: ctx.options.greeting, business: ctx.business.slug, settings: ctx.settings, caller: req.caller, setupId: setup.pluginId }));
    router.get('/board', auth.staff(), (req) => ({ caller: req.caller }));
    router.post('/items/:itemId', auth.customer(), async (req) => {
      seenHeaders.push(req.headers);
      return { params: req.params, query: req.query.get('q'), body: await req.json(), caller: req.caller };
    });
    router.delete('/admin-only', auth.admin(), () => undefined);
    router.get('/raw', auth.public(), () => new Response('made by hand', { status: 201, headers: { 'content-type': 'text/plain' } }));
    router.get('/boom', auth.public(), () => {
      throw new Error('handler exploded');
    });
  },
});

describe('plugin routes', () => {
  const api = useTestApp({ plugins: [[echo, { greeting: 'Hello' }]] });
  const w = { on: '', off: '', customer: '', dispatcher: '', admin: '', customerIds: { contactId: '', accountId: '', userId: '' } };
  const at = (slug: string, method: string, rest: string, token?: string, body?: unknown) => call(api.url, method, `/api/businesses/${slug}/plugins/echo${rest}`, { token, body });

  beforeAll(async () => {
    const on = await makeBusiness(api.sql);
    const off = await makeBusiness(api.sql);
    Object.assign(w, { on: on.slug, off: off.slug });
    await api.sql`INSERT INTO business_plugin (business_id, plugin_id, enabled, settings) VALUES (${on.id}, 'echo', true, ${api.sql.json({ color: 'teal' })}), (${off.id}, 'echo', false, NULL)`;
    const customer = await makeCustomer(api.deps, on.id);
    const dispatcher = await makeStaff(api.deps, on.id, 'dispatcher');
    const admin = await makeStaff(api.deps, on.id, 'admin');
    w.customer = await signInToken(api.url, on.slug, customer.email, PASSWORD);
    w.dispatcher = await signInToken(api.url, on.slug, dispatcher.email, PASSWORD);
    w.admin = await signInToken(api.url, on.slug, admin.email, PASSWORD);
    w.customerIds = { contactId: customer.contactId, accountId: customer.accountId, userId: customer.userId };
  });
  beforeEach(() => api.sql`DELETE FROM rate_limit`);

  it('answers a public route with the plugin’s context for the business', async () => {
    const res = await at(w.on, 'GET', '/hello');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ greeting: 'Hello', business: w.on, settings: { color: 'teal' }, caller: { kind: 'anonymous' }, setupId: 'echo' });
  });

  it('holds each route to the audience it declared', async () => {
    expect((await at(w.on, 'GET', '/board')).status).toBe(401);
    expect((await at(w.on, 'GET', '/board', w.customer)).status).toBe(403);
    const staff = await at(w.on, 'GET', '/board', w.dispatcher);
    expect(staff.status).toBe(200);
    expect(staff.body.caller).toMatchObject({ kind: 'staff', roles: ['dispatcher'] });
    expect((await at(w.on, 'DELETE', '/admin-only', w.dispatcher)).status).toBe(403);
    expect((await at(w.on, 'DELETE', '/admin-only', w.admin)).status).toBe(204);
    expect((await at(w.on, 'POST', '/items/abc', w.dispatcher, {})).status).toBe(403);
  });

  it('gives a customer route the caller, params, query and body, but never the caller’s credentials', async () => {
    const res = await at(w.on, 'POST', '/items/abc?q=1', w.customer, { size: 3 });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ params: { itemId: 'abc' }, query: '1', body: { size: 3 }, caller: { kind: 'customer', ...w.customerIds } });
    expect(seenHeaders.at(-1)!.get('authorization')).toBeNull();
    const bad = await call(api.url, 'POST', `/api/businesses/${w.on}/plugins/echo/items/abc`, { token: w.customer, headers: { 'content-type': 'application/json' }, body: undefined });
    expect(bad.status).toBe(200); // no body is fine (undefined)
  });

  it('passes a Response through, and turns a throwing handler into plugin_unavailable', async () => {
    const raw = await at(w.on, 'GET', '/raw');
    expect([raw.status, raw.body]).toEqual([201, 'made by hand']);
    const boom = await at(w.on, 'GET', '/boom');
    expect(boom.status).toBe(503);
    expect(boom.body).toMatchObject({ code: 'plugin_unavailable', details: { plugin: 'echo' } });
  });

  it('does not exist for a business that has not enabled the plugin, whoever asks', async () => {
    for (const path of ['/hello', '/board', '/raw']) {
      const res = await at(w.off, 'GET', path);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('not_found');
    }
    expect((await call(api.url, 'GET', '/api/businesses/nobody-here/plugins/echo/hello')).status).toBe(404);
    expect((await at(w.on, 'GET', '/not-declared')).body.code).toBe('route_not_found');
  });
});

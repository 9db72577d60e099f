import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { definePlugin } from '@arrivo/sdk/server';
import { useTestApp } from '../../test/app';
import { makeBusiness, makeStaff, PASSWORD } from '../../test/fixtures';
import { call, signInToken } from '../../test/http';

const greeter = definePlugin({
  id: 'greeter',
  version: '2.0.1',
  sdk: '^1',
  businessSettings: z.object({ greeting: z.string().min(1).default('Hello'), times: z.number().int().min(1).max(3).default(1) }),
});
const strict = definePlugin({ id: 'strict', version: '1.0.0', sdk: '^1', businessSettings: z.object({ apiKey: z.string().min(8) }) });
const plain = definePlugin({ id: 'plain', version: '0.1.0', sdk: '^1' });

describe('plugins per business (staff API)', () => {
  const api = useTestApp({ plugins: [greeter, strict, plain] });
  const w = { slug: '', other: '', admin: '', dispatcher: '', otherAdmin: '' };
  const as = (token: string, method: string, rest: string, body?: unknown, slug = w.slug) =>
    call(api.url, method, `/api/businesses/${slug}/admin/plugins${rest}`, { token, body });

  beforeAll(async () => {
    const business = await makeBusiness(api.sql);
    const other = await makeBusiness(api.sql);
    Object.assign(w, { slug: business.slug, other: other.slug });
    const admin = await makeStaff(api.deps, business.id, 'admin');
    const dispatcher = await makeStaff(api.deps, business.id, 'dispatcher');
    const otherAdmin = await makeStaff(api.deps, other.id, 'admin');
    w.admin = await signInToken(api.url, w.slug, admin.email, PASSWORD);
    w.dispatcher = await signInToken(api.url, w.slug, dispatcher.email, PASSWORD);
    w.otherAdmin = await signInToken(api.url, w.other, otherAdmin.email, PASSWORD);
  });
  beforeEach(() => api.sql`DELETE FROM rate_limit`);

  it('lists every installed plugin, off until the business enables it', async () => {
    const res = await as(w.dispatcher, 'GET', '');
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      { id: 'greeter', version: '2.0.1', enabled: false, configurable: true, settings: null },
      { id: 'strict', version: '1.0.0', enabled: false, configurable: true, settings: null },
      { id: 'plain', version: '0.1.0', enabled: false, configurable: false, settings: null },
    ]);
  });

  it('lets an admin enable a plugin (its settings’ defaults filled in) and change its settings, for this business only', async () => {
    const enabled = await as(w.admin, 'PATCH', '/greeter', { enabled: true });
    expect(enabled.status).toBe(200);
    expect(enabled.body).toMatchObject({ id: 'greeter', enabled: true, settings: { greeting: 'Hello', times: 1 } });
    const changed = await as(w.admin, 'PATCH', '/greeter', { settings: { greeting: 'Hi there' } });
    expect(changed.body).toMatchObject({ enabled: true, settings: { greeting: 'Hi there', times: 1 } });
    expect((await as(w.admin, 'PATCH', '/plain', { enabled: true })).body).toMatchObject({ enabled: true, settings: null });
    const listed = (await as(w.admin, 'GET', '')).body as { id: string; enabled: boolean }[];
    expect(listed.map((p) => [p.id, p.enabled])).toEqual([['greeter', true], ['strict', false], ['plain', true]]);
    // Another business is untouched.
    const theirs = (await as(w.otherAdmin, 'GET', '', undefined, w.other)).body as { enabled: boolean }[];
    expect(theirs.every((p) => !p.enabled)).toBe(true);
    expect((await as(w.admin, 'PATCH', '/greeter', { enabled: false })).body).toMatchObject({ enabled: false, settings: { greeting: 'Hi there' } });
  });

  it('checks settings with the plugin’s own schema', async () => {
    const bad = await as(w.admin, 'PATCH', '/greeter', { settings: { times: 9 } });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('validation_failed');
    expect(bad.body.issues[0].path).toEqual(['json', 'settings', 'times']);
    const needs = await as(w.admin, 'PATCH', '/strict', { enabled: true });
    expect(needs.status).toBe(400);
    expect(needs.body.message).toMatch(/needs its settings before it can be enabled/);
    expect((await as(w.admin, 'PATCH', '/strict', { enabled: true, settings: { apiKey: 'k-12345678' } })).body).toMatchObject({ enabled: true, settings: { apiKey: 'k-12345678' } });
    const none = await as(w.admin, 'PATCH', '/plain', { settings: { a: 1 } });
    expect(none.status).toBe(400);
    expect(none.body.message).toMatch(/takes no settings/);
  });

  it('answers 404 for a plugin not installed here, and leaves changes to admins', async () => {
    expect((await as(w.admin, 'PATCH', '/not-installed', { enabled: true })).status).toBe(404);
    const dispatcher = await as(w.dispatcher, 'PATCH', '/plain', { enabled: false });
    expect(dispatcher.status).toBe(403);
  });
});

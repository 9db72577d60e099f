// Without `allowPrivateNetworks` (the default, and production's setting) endpoints on private and
// local addresses are refused when saved, and a delivery is refused when the name resolves to such
// an address at that moment (DNS rebinding: public when saved, 127.0.0.1 now), before connecting.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTestApp } from '../../server/test/app';
import { dayFromNow, makeSchedulingWorld, makeStaff, PASSWORD } from '../../server/test/fixtures';
import { call, signInToken } from '../../server/test/http';
import webhooks, { newSecret } from '../src/index';
import { receiver } from './receiver';

describe('webhooks plugin without allowPrivateNetworks', () => {
  const api = useTestApp({ plugins: [webhooks] });
  let w: Awaited<ReturnType<typeof makeSchedulingWorld>>;
  let admin: string;
  let customer: string;
  let hook: Awaited<ReturnType<typeof receiver>>;
  const plugin = (method: string, rest: string, body?: unknown) => call(api.url, method, `/api/businesses/${w.business.slug}/plugins/webhooks${rest}`, { token: admin, body });

  beforeAll(async () => {
    w = await makeSchedulingWorld(api.deps);
    const staff = await makeStaff(api.deps, w.business.id, 'admin');
    await api.sql`INSERT INTO business_plugin (business_id, plugin_id, enabled) VALUES (${w.business.id}, 'webhooks', true)`;
    admin = await signInToken(api.url, w.business.slug, staff.email, PASSWORD);
    customer = await signInToken(api.url, w.business.slug, w.customer.email, PASSWORD);
    hook = await receiver();
  });
  afterAll(() => hook?.close());
  beforeEach(() => api.sql`DELETE FROM rate_limit`);

  it('refuses to save an endpoint on a private, loopback, link-local, unique-local or metadata address', async () => {
    const port = new URL(hook.url).port;
    for (const url of [
      hook.url, // http://127.0.0.1:<port>/hooks
      `http://localhost:${port}/hooks`, // a name that resolves to loopback
      'http://10.0.0.5/hooks',
      'http://192.168.1.20/hooks',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]/hooks',
      'http://[fe80::1]/hooks',
      'http://[fd00:ec2::254]/hooks',
      'http://[::ffff:127.0.0.1]/hooks',
      'https://0.0.0.0/hooks',
    ]) {
      const res = await plugin('POST', '/endpoints', { url, events: ['booking.created'] });
      expect([url, res.status, res.body.code]).toEqual([url, 400, 'validation_failed']);
      expect(res.body.issues).toEqual([expect.objectContaining({ path: ['url'], message: expect.stringMatching(/private or local network address/) })]);
    }
    // A public address is fine (subscribed to an event this test never causes), and cannot be changed to a private one.
    const ok = await plugin('POST', '/endpoints', { url: 'https://93.184.215.14/hooks', events: ['feedback.low_score'] });
    expect(ok.status).toBe(201);
    const moved = await plugin('PATCH', `/endpoints/${ok.body.id}`, { url: 'http://127.0.0.1/hooks' });
    expect([moved.status, moved.body.code, moved.body.issues?.[0]?.path]).toEqual([400, 'validation_failed', ['url']]);
    expect((await plugin('DELETE', `/endpoints/${ok.body.id}`)).status).toBe(204);
    expect(hook.state.received).toEqual([]);
  });

  it('refuses at delivery a name that now resolves to loopback, and an address saved before the check, without connecting', async () => {
    const port = new URL(hook.url).port;
    // As if saved while the name resolved to a public address (or before this check existed).
    const endpoints = [`http://localhost:${port}/hooks`, hook.url];
    for (const url of endpoints) {
      await api.sql`INSERT INTO plugin_webhooks_endpoint (id, business_id, url, secret, events) VALUES (${randomUUID()}, ${w.business.id}, ${url}, ${newSecret()}, ${['booking.created']})`;
    }
    const slots = (await call(api.url, 'GET', `/api/businesses/${w.business.slug}/me/slots?serviceTypeId=${w.serviceTypeId}&date=${dayFromNow(3)}`, { token: customer })).body.slots as { arrivalAt: string }[];
    const booked = await call(api.url, 'POST', `/api/businesses/${w.business.slug}/me/bookings`, { token: customer, body: { serviceTypeId: w.serviceTypeId, arrivalAt: slots[0]!.arrivalAt }, headers: { 'idempotency-key': randomUUID() } });
    expect(booked.status).toBe(201);
    const log = async () => ((await plugin('GET', '/deliveries')).body.deliveries as { statusCode: number | null; succeeded: boolean; error: string }[]).filter((d) => d.error?.startsWith('refused'));
    await expect.poll(async () => (await log()).length, { timeout: 15_000, interval: 200 }).toBeGreaterThanOrEqual(2);
    const errors = (await log()).map((d) => [d.statusCode, d.succeeded, d.error]);
    expect(errors).toContainEqual([null, false, expect.stringMatching(/^refused: localhost resolves to (127\.0\.0\.1|::1), a private or local network address$/)]);
    expect(errors).toContainEqual([null, false, 'refused: 127.0.0.1 is a private or local network address']);
    // Both attempts are logged (they finished), and the receiver never got a request.
    expect(hook.state.received).toEqual([]);
  });
});

// The webhooks plugin end to end: a real server with the plugin installed, bookings made through
// the API, and real HTTP receivers that verify every signature with their own implementation of
// the Standard Webhooks scheme.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTestApp } from '../../server/test/app';
import { dayFromNow, makeSchedulingWorld, makeStaff, PASSWORD } from '../../server/test/fixtures';
import { call, signInToken } from '../../server/test/http';
import webhooks from '../src/index';
import { receiver, verify } from './receiver';

describe('webhooks plugin', () => {
  // The receivers are on 127.0.0.1: allowed only because the install says so (see private-networks.test.ts).
  const api = useTestApp({ plugins: [[webhooks, { allowPrivateNetworks: true }]] });
  const receivers: Awaited<ReturnType<typeof receiver>>[] = [];
  const worlds: { w: Awaited<ReturnType<typeof makeSchedulingWorld>>; customer: string; admin: string; dispatcher: string; hook: Awaited<ReturnType<typeof receiver>>; endpointId: string }[] = [];
  const plugin = (i: number, method: string, rest: string, token = worlds[i]!.admin, body?: unknown) => call(api.url, method, `/api/businesses/${worlds[i]!.w.business.slug}/plugins/webhooks${rest}`, { token, body });
  const book = async (i: number) => {
    const { w, customer } = worlds[i]!;
    const me = (m: string, p: string, body?: unknown) => call(api.url, m, `/api/businesses/${w.business.slug}/me${p}`, { token: customer, body, headers: { 'idempotency-key': randomUUID() } });
    const slots = (await me('GET', `/slots?serviceTypeId=${w.serviceTypeId}&date=${dayFromNow(3)}`)).body.slots as { arrivalAt: string }[];
    const res = await me('POST', '/bookings', { serviceTypeId: w.serviceTypeId, arrivalAt: slots[worlds[i]!.hook.state.received.length % slots.length]!.arrivalAt });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  /** The plugin's subscriber has finished with the business's booking.created events (its claim committed). */
  const handled = (i: number) => async () =>
    (await api.sql`SELECT count(*)::int AS n FROM event_delivery WHERE subscriber = 'plugin:webhooks' AND business_id = ${worlds[i]!.w.business.id} AND event_name = 'booking.created'`)[0]!.n;

  beforeAll(async () => {
    // Three businesses: 0 and 1 use the plugin, 2 had it and turned it off.
    for (let i = 0; i < 3; i++) {
      const w = await makeSchedulingWorld(api.deps);
      const admin = await makeStaff(api.deps, w.business.id, 'admin');
      const dispatcher = await makeStaff(api.deps, w.business.id, 'dispatcher');
      await api.sql`INSERT INTO business_plugin (business_id, plugin_id, enabled) VALUES (${w.business.id}, 'webhooks', true)`;
      const hook = await receiver();
      receivers.push(hook);
      worlds.push({
        w,
        hook,
        endpointId: '',
        customer: await signInToken(api.url, w.business.slug, w.customer.email, PASSWORD),
        admin: await signInToken(api.url, w.business.slug, admin.email, PASSWORD),
        dispatcher: await signInToken(api.url, w.business.slug, dispatcher.email, PASSWORD),
      });
      const created = await plugin(i, 'POST', '/endpoints', undefined, { url: hook.url, events: ['booking.created', 'booking.canceled'], description: `business ${i}` });
      expect(created.status).toBe(201);
      hook.state.secret = created.body.secret;
      worlds[i]!.endpointId = created.body.id;
    }
    await api.sql`UPDATE business_plugin SET enabled = false WHERE business_id = ${worlds[2]!.w.business.id}`;
  });
  afterAll(() => Promise.all(receivers.map((r) => r.close())));
  beforeEach(() => api.sql`DELETE FROM rate_limit`);

  it('lets admins manage endpoints and staff read them; the secret is shown only when made', async () => {
    const [first] = worlds;
    const listed = await plugin(0, 'GET', '/endpoints', first!.dispatcher);
    expect(listed.status).toBe(200);
    expect(listed.body.endpoints).toEqual([expect.objectContaining({ id: first!.endpointId, url: first!.hook.url, events: ['booking.created', 'booking.canceled'], enabled: true })]);
    expect(JSON.stringify(listed.body)).not.toContain('whsec_');
    expect(first!.hook.state.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect((await plugin(0, 'POST', '/endpoints', first!.dispatcher, { url: 'https://example.com/x', events: ['booking.created'] })).status).toBe(403);
    expect((await plugin(0, 'GET', '/endpoints', first!.customer)).status).toBe(403);
    const bad = await plugin(0, 'POST', '/endpoints', undefined, { url: 'ftp://example.com', events: ['booking.nope'] });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('validation_failed');
    // Another business's endpoint does not exist here.
    expect((await plugin(0, 'PATCH', `/endpoints/${worlds[1]!.endpointId}`, undefined, { enabled: false })).status).toBe(404);
    expect((await plugin(0, 'PATCH', '/endpoints/not-a-uuid', undefined, { enabled: false })).status).toBe(404);
  });

  it('delivers a booking to the business’s endpoint, signed, with the domain event and no sealed tokens; never to another business', async () => {
    const [first] = worlds;
    const bookingId = await book(0);
    await expect.poll(() => first!.hook.state.received.length, { timeout: 15_000, interval: 100 }).toBeGreaterThan(0);
    const got = first!.hook.state.received.at(-1)!;
    expect(got.verified).toBe(true);
    const body = JSON.parse(got.body);
    expect(body).toMatchObject({ type: 'booking.created', data: { id: got.id, businessId: first!.w.business.id, bookingId, source: 'portal' } });
    expect(got.body).not.toMatch(/sealed/i);
    await expect.poll(handled(0), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(worlds[1]!.hook.state.received).toEqual([]);
    const log = await plugin(0, 'GET', '/deliveries', first!.dispatcher);
    expect(log.body.deliveries[0]).toMatchObject({ endpointId: first!.endpointId, messageId: got.id, eventName: 'booking.created', attempt: 1, cause: 'event', statusCode: 200, succeeded: true, error: null });
  });

  it('retries a delivery the receiver refused, logs each attempt, and replays with the same webhook-id', async () => {
    const second = worlds[1]!;
    second.hook.state.answers.push(500);
    await book(1);
    await expect.poll(() => second.hook.state.received.length, { timeout: 20_000, interval: 100 }).toBe(2);
    const [failed, retried] = second.hook.state.received;
    expect(retried!.id).toBe(failed!.id);
    expect(retried!.body).toBe(failed!.body);
    expect([failed!.verified, retried!.verified]).toEqual([true, true]);
    await expect.poll(async () => (await plugin(1, 'GET', '/deliveries', second.dispatcher)).body.deliveries.length, { timeout: 10_000 }).toBe(2);
    const log = (await plugin(1, 'GET', `/deliveries?endpointId=${second.endpointId}`, second.dispatcher)).body.deliveries;
    expect(log.map((d: { attempt: number; cause: string; statusCode: number; succeeded: boolean; error: string | null }) => [d.attempt, d.cause, d.statusCode, d.succeeded, d.error])).toEqual([
      [2, 'retry', 200, true, null],
      [1, 'event', 500, false, 'HTTP 500'],
    ]);

    // Replay (staff): same id and body, a fresh timestamp and a valid signature; logged as attempt 3.
    const replay = await plugin(1, 'POST', `/deliveries/${log[1].id}/replay`, second.dispatcher);
    expect(replay.status).toBe(201);
    expect(replay.body).toMatchObject({ attempt: 3, cause: 'replay', statusCode: 200, succeeded: true });
    const again = second.hook.state.received[2]!;
    expect([again.id, again.body, again.verified]).toEqual([failed!.id, failed!.body, true]);
    // Another business neither sees nor replays it.
    expect((await plugin(0, 'POST', `/deliveries/${log[1].id}/replay`, worlds[0]!.dispatcher)).status).toBe(404);
    const theirs = (await plugin(0, 'GET', '/deliveries', worlds[0]!.dispatcher)).body.deliveries as { messageId: string }[];
    expect(theirs.length).toBeGreaterThan(0);
    expect(theirs.map((d) => d.messageId)).not.toContain(failed!.id);
  });

  it('waits for a receiver’s Retry-After (503) before the next attempt, then delivers', async () => {
    const second = worlds[1]!;
    const before = second.hook.state.received.length;
    second.hook.state.answers.push([503, { 'retry-after': '120' }]);
    await book(1);
    await expect.poll(() => second.hook.state.received.length, { timeout: 20_000, interval: 100 }).toBe(before + 1);
    const messageId = second.hook.state.received.at(-1)!.id;
    const latest = async () => (await plugin(1, 'GET', `/deliveries?endpointId=${second.endpointId}&limit=1`, second.dispatcher)).body.deliveries[0];
    await expect.poll(async () => (await latest())?.messageId, { timeout: 10_000 }).toBe(messageId);
    const first = await latest();
    expect(first).toMatchObject({ attempt: 1, statusCode: 503, succeeded: false, error: 'HTTP 503' });
    // The next attempt is recorded 120 s after the answer (bounded to an hour; see network.test.ts).
    const wait = Date.parse(first.nextAttemptAt) - Date.parse(first.finishedAt);
    expect(wait).toBeGreaterThanOrEqual(119_000);
    expect(wait).toBeLessThanOrEqual(121_000);

    // The queue runs the hook again on its own backoff (1 s here) and the plugin holds this endpoint back.
    const retries = async () =>
      (await api.sql`SELECT coalesce(max(retry_count), 0)::int AS n FROM pgboss.job WHERE name = 'arrivo-events' AND data->>'id' = ${messageId}`)[0]!.n;
    await expect.poll(retries, { timeout: 20_000, interval: 200 }).toBeGreaterThanOrEqual(2);
    expect(second.hook.state.received.length).toBe(before + 1);

    // Its time comes (moved back instead of waiting two minutes): the next run delivers.
    await api.sql`UPDATE plugin_webhooks_delivery SET next_attempt_at = now() - interval '1 second' WHERE message_id = ${messageId}`;
    await expect.poll(() => second.hook.state.received.length, { timeout: 30_000, interval: 100 }).toBe(before + 2);
    const retried = second.hook.state.received.at(-1)!;
    expect([retried.id, retried.verified]).toEqual([messageId, true]);
    await expect
      .poll(async () => (await plugin(1, 'GET', `/deliveries?endpointId=${second.endpointId}&limit=2`, second.dispatcher)).body.deliveries.map((d: { attempt: number; statusCode: number; nextAttemptAt: string | null }) => [d.attempt, d.statusCode, d.nextAttemptAt === null]), { timeout: 10_000 })
      .toEqual([
        [2, 200, true],
        [1, 503, false],
      ]);
  });

  it('counts a receiver that does not answer in time as failed, and retries it', async () => {
    const second = worlds[1]!;
    const before = second.hook.state.received.length;
    second.hook.state.answers.push(0);
    await book(1);
    await expect.poll(() => second.hook.state.received.length, { timeout: 20_000, interval: 100 }).toBe(before + 2);
    const [hung, retried] = second.hook.state.received.slice(before);
    expect(retried!.id).toBe(hung!.id);
    const log = (await plugin(1, 'GET', '/deliveries?limit=2', second.dispatcher)).body.deliveries;
    expect(log.map((d: { attempt: number; statusCode: number | null; error: string | null }) => [d.attempt, d.statusCode, d.error])).toEqual([
      [2, 200, null],
      [1, null, 'no answer within 1500 ms'],
    ]);
  });

  it('rotates a secret (shown once): both sign during the overlap, only the new one after, or at once if asked', async () => {
    const [first] = worlds;
    const deliverOne = async () => {
      const before = first!.hook.state.received.length;
      await book(0);
      await expect.poll(() => first!.hook.state.received.length, { timeout: 15_000, interval: 100 }).toBe(before + 1);
      return first!.hook.state.received.at(-1)!;
    };
    const old = first!.hook.state.secret;
    const rotated = await plugin(0, 'POST', `/endpoints/${first!.endpointId}/secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(old);
    expect(Date.parse(rotated.body.previousSecretValidUntil) - Date.now()).toBeGreaterThan(23 * 3_600_000);
    first!.hook.state.secret = rotated.body.secret;
    const during = await deliverOne();
    expect(String(during.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect([verify(rotated.body.secret, during.headers, during.body), verify(old, during.headers, during.body)]).toEqual([true, true]);
    const listed = (await plugin(0, 'GET', '/endpoints', first!.dispatcher)).body.endpoints[0];
    expect(listed.previousSecretValidUntil).toBe(rotated.body.previousSecretValidUntil);
    expect(JSON.stringify(listed)).not.toContain('whsec_');

    // A leaked secret: rotate with no overlap.
    const leaked = await plugin(0, 'POST', `/endpoints/${first!.endpointId}/secret`, undefined, { previousValidHours: 0 });
    expect(leaked.status).toBe(200);
    first!.hook.state.secret = leaked.body.secret;
    const after = await deliverOne();
    expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect([verify(leaked.body.secret, after.headers, after.body), verify(rotated.body.secret, after.headers, after.body)]).toEqual([true, false]);
    expect((await plugin(0, 'POST', `/endpoints/${first!.endpointId}/secret`, undefined, { previousValidHours: 1000 })).status).toBe(400);
  });

  it('sends nothing for a business that turned the plugin off, and its routes are gone', async () => {
    const third = worlds[2]!;
    await book(2);
    await expect.poll(handled(2), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(third.hook.state.received).toEqual([]);
    expect((await plugin(2, 'GET', '/endpoints')).status).toBe(404);
  });
});

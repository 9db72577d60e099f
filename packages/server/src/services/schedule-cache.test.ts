// The slots hot path keeps technicians' configuration and each day's calendar in memory, and
// checks sessions without better-auth's machinery. None of it may ever answer from stale data:
// not on the server that made a change, and not on another server on the same database.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../app';
import { buildDeps, type BuiltDeps } from '../build-deps';
import { loadEnv } from '../env';
import { useTestApp } from '../../test/app';
import { dayFromNow, makeSchedulingWorld, makeStaff, PASSWORD } from '../../test/fixtures';
import { call, signInToken, silentLog } from '../../test/http';
import { ScheduleConfigCache } from './schedule-cache';

type World = Awaited<ReturnType<typeof makeSchedulingWorld>>;

describe('slots caches and the session check, across two servers on one database', () => {
  const api = useTestApp();
  let other: { deps: BuiltDeps; app: App };
  let w: World;
  let token = '';
  let staffToken = '';
  const day = dayFromNow(4);

  /** Free arrival times on `day`, from the first server (over HTTP) or the second (in-process). */
  async function slots(on: 'a' | 'b', date = day): Promise<string[]> {
    const path = `/api/businesses/${w.business.slug}/me/slots?serviceTypeId=${w.serviceTypeId}&date=${date}`;
    let res: { status: number; body: unknown };
    if (on === 'a') res = await call(api.url, 'GET', path, { token });
    else {
      const r = await other.app.request(path, { headers: { authorization: `Bearer ${token}` } });
      res = { status: r.status, body: await r.json() };
    }
    expect(res.status).toBe(200);
    return (res.body as { slots: { arrivalAt: string }[] }).slots.map((s) => s.arrivalAt);
  }
  const sessionOn = async (on: 'a' | 'b', bearer: string) =>
    on === 'a'
      ? (await call(api.url, 'GET', `/api/businesses/${w.business.slug}/session`, { token: bearer })).status
      : (await other.app.request(`/api/businesses/${w.business.slug}/session`, { headers: { authorization: `Bearer ${bearer}` } })).status;

  beforeAll(async () => {
    w = await makeSchedulingWorld(api.deps);
    token = await signInToken(api.url, w.business.slug, w.customer.email, PASSWORD);
    const staff = await makeStaff(api.deps, w.business.id, 'dispatcher');
    staffToken = await signInToken(api.url, w.business.slug, staff.email, staff.password);
    const deps = buildDeps({ sql: api.sql, databaseUrl: api.databaseUrl, env: loadEnv({ LOG_LEVEL: 'silent' }), log: silentLog, publicUrl: 'http://second.test' });
    other = { deps, app: createApp(deps) };
  });
  afterAll(() => other?.deps.close());
  beforeEach(() => api.sql`DELETE FROM rate_limit`);

  it('answers from the calendar it holds while the calendar version stands, and reloads when it changes', async () => {
    const free = await slots('b'); // held by the second server now
    // A visit written with triggers off (replica mode) does not bump the version: the held calendar
    // is still served, which shows it is used. Every real write goes through the triggers.
    await api.sql.begin(async (tx) => {
      await tx`SET LOCAL session_replication_role = replica`;
      const [order] = await tx<{ id: string }[]>`
        INSERT INTO work_order (business_id, account_id, service_type_id, address_line1, city, lat, lon, source)
        VALUES (${w.business.id}, ${w.customer.accountId}, ${w.serviceTypeId}, 'x', 'Portland', 45.52, -122.65, 'staff') RETURNING id`;
      await tx`
        INSERT INTO booking (business_id, work_order_id, resource_id, arrival_at, starts_at, ends_at, travel_minutes)
        VALUES (${w.business.id}, ${order!.id}, ${w.technicians[0]!.id}, ${free[1]!}, ${free[1]!}, ${new Date(Date.parse(free[1]!) + 60 * 60_000)}, 0)`;
    });
    expect(await slots('b')).toContain(free[1]);
    await api.sql`
      INSERT INTO calendar_version AS c (business_id, version) VALUES (${w.business.id}, 1)
      ON CONFLICT (business_id) DO UPDATE SET version = c.version + 1`;
    expect(await slots('b')).not.toContain(free[1]);
    await api.sql`DELETE FROM booking WHERE business_id = ${w.business.id} AND arrival_at = ${free[1]!}`;
  });

  it('keeps technicians’ configuration in a bounded LRU: the least recently used business goes first', async () => {
    const cache = new ScheduleConfigCache({ maxTechnicians: 2 }); // businesses without technicians count 1
    const [b1, b2, b3] = [randomUUID(), randomUUID(), randomUUID()];
    await cache.get(api.sql, b1, '1');
    await cache.get(api.sql, b2, '1');
    await cache.get(api.sql, b1, '1'); // b1 is now the most recently used
    await cache.get(api.sql, b3, '1');
    expect([cache.has(b1), cache.has(b2), cache.has(b3)]).toEqual([true, false, true]);
  });

  it('sizes held calendars by their visits and time-off entries, not by technicians', () => {
    const calendars = new ScheduleConfigCache({ maxCalendarEntries: 10 }).calendars;
    const range = (day: number) => ({ from: new Date(Date.UTC(2030, 0, day)), to: new Date(Date.UTC(2030, 0, day + 1)) });
    const business = randomUUID();
    // One technician with 6 time-off entries: 7 against the budget of 10 (not 2).
    const busyTech = () => new Map([[randomUUID(), Array.from({ length: 6 }, (_, i) => ({ startsAt: i * 10, endsAt: i * 10 + 5 }))]]);
    calendars.resolve(business, range(1), '1', { visits: [], timeOff: busyTech() }, undefined);
    calendars.resolve(business, range(2), '1', { visits: [], timeOff: busyTech() }, undefined);
    // Both together would be 14 entries: the least recently used range had to go.
    expect([calendars.held(business, range(1)), calendars.held(business, range(2))].map(Boolean)).toEqual([false, true]);
  });

  it('never offers a time booked through the other server, nor one booked directly in the database', async () => {
    const before = await slots('b'); // the second server now holds the day
    expect(before.length).toBeGreaterThan(2);
    await slots('a');
    const booked = await call(api.url, 'POST', `/api/businesses/${w.business.slug}/me/bookings`, {
      token,
      body: { serviceTypeId: w.serviceTypeId, arrivalAt: before[0] },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(booked.status).toBe(201);
    expect(await slots('b')).not.toContain(before[0]);
    expect(await slots('a')).not.toContain(before[0]);

    // A staff member cancels it (any write to the booking row): the time is offered again on both.
    await api.sql`UPDATE booking SET status = 'canceled', cancel_reason = 'test' WHERE id = ${booked.body.id}`;
    expect(await slots('b')).toContain(before[0]);
    expect(await slots('a')).toContain(before[0]);
  });

  it('sees time off added by staff on the other server at once', async () => {
    const before = await slots('b');
    const added = await call(api.url, 'POST', `/api/businesses/${w.business.slug}/admin/technicians/${w.technicians[0]!.id}/time-off`, {
      token: staffToken,
      body: { startsAt: `${day}T15:00:00.000Z`, endsAt: `${day}T23:00:00.000Z`, reason: 'Dentist' },
    });
    expect(added.status).toBe(201);
    const after = await slots('b');
    expect(after.length).toBeLessThan(before.length);
    expect(after.every((t) => Date.parse(t) < Date.parse(`${day}T15:00:00.000Z`) - 60 * 60_000 || Date.parse(t) >= Date.parse(`${day}T23:00:00.000Z`))).toBe(true);
    const removed = await call(api.url, 'DELETE', `/api/businesses/${w.business.slug}/admin/technicians/${w.technicians[0]!.id}/time-off/${added.body.id}`, { token: staffToken });
    expect(removed.status).toBe(204);
    expect(await slots('b')).toEqual(before);
  });

  it('bumps the calendar version when a visit’s place moves, at commit, and not for a rolled-back change', async () => {
    const version = async () => (await api.sql<{ v: string }[]>`SELECT version::text AS v FROM calendar_version WHERE business_id = ${w.business.id}`)[0]!.v;
    const [order] = await api.sql<{ id: string }[]>`SELECT id FROM work_order WHERE business_id = ${w.business.id} LIMIT 1`;
    const v0 = await version();
    await api.sql.begin(async (tx) => {
      await tx`UPDATE work_order SET lat = lat + 0.01 WHERE id = ${order!.id}`;
      await tx`SELECT 1`;
    });
    const v1 = await version();
    expect(BigInt(v1)).toBeGreaterThan(BigInt(v0));
    await api.sql
      .begin(async (tx) => {
        await tx`UPDATE work_order SET lat = lat + 0.01 WHERE id = ${order!.id}`;
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(await version()).toBe(v1);
  });

  it('refuses a signed-out token at once, on both servers', async () => {
    const mine = await signInToken(api.url, w.business.slug, w.customer.email, PASSWORD);
    expect(await sessionOn('b', mine)).toBe(200);
    expect(await sessionOn('a', mine)).toBe(200);
    expect((await call(api.url, 'DELETE', `/api/businesses/${w.business.slug}/session`, { token: mine })).status).toBe(204);
    expect(await sessionOn('b', mine)).toBe(401);
    expect(await sessionOn('a', mine)).toBe(401);
  });

  it('refuses sessions revoked by a password reset, and expired ones; refreshes one due for its sliding renewal', async () => {
    const revoked = await signInToken(api.url, w.business.slug, w.customer.email, PASSWORD);
    expect(await sessionOn('b', revoked)).toBe(200);
    await api.sql`DELETE FROM auth_session WHERE token = ${revoked}`; // what revokeSessionsOnPasswordReset does
    expect(await sessionOn('b', revoked)).toBe(401);

    const expired = await signInToken(api.url, w.business.slug, w.customer.email, PASSWORD);
    await api.sql`UPDATE auth_session SET expires_at = now() - interval '1 second' WHERE token = ${expired}`;
    expect(await sessionOn('b', expired)).toBe(401);
    expect(await api.sql`SELECT 1 FROM auth_session WHERE token = ${expired}`).toHaveLength(0); // better-auth cleaned it up

    const due = await signInToken(api.url, w.business.slug, w.customer.email, PASSWORD);
    await api.sql`UPDATE auth_session SET expires_at = now() + interval '1 hour' WHERE token = ${due}`;
    expect(await sessionOn('b', due)).toBe(200);
    const [row] = await api.sql<{ expiresAt: Date }[]>`SELECT expires_at FROM auth_session WHERE token = ${due}`;
    expect(row!.expiresAt.getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);
  });

  it('refuses unknown and malformed bearer tokens', async () => {
    expect(await sessionOn('b', 'x'.repeat(32))).toBe(401);
    expect(await sessionOn('b', `${token}.forged-signature`)).toBe(401);
  });
});

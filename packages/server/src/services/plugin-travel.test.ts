// Travel-time providers on the real paths: a plugin's matrix decides who is offered and booked (and
// the two agree), its answers are cached, a failure fails closed or falls back to straight lines as
// the plugin chose, and a business that has not enabled one never causes a call.
import { randomUUID } from 'node:crypto';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { zonedInstant, type LatLon } from '@arrivo/core';
import { definePlugin, type PluginContext } from '@arrivo/sdk/server';
import { useTestApp } from '../../test/app';
import { dayFromNow, makeCustomer, makeSchedulingWorld, PASSWORD } from '../../test/fixtures';
import { call, signInToken } from '../../test/http';

const TZ = 'America/Los_Angeles';
type Mode = 'answer' | 'throw' | 'hang' | 'short' | 'negative' | 'nan';
const state = {
  mode: 'answer' as Mode,
  /** Minutes from an origin (`lat,lon`); anything else: 10. */
  from: new Map<string, number>(),
  calls: [] as { plugin: string; origins: LatLon[]; destinations: LatLon[]; departAt: number; ctx: PluginContext }[],
};

function matrix(plugin: string) {
  return async (origins: LatLon[], destinations: LatLon[], departAt: number, ctx: PluginContext): Promise<number[][]> => {
    state.calls.push({ plugin, origins, destinations, departAt, ctx });
    await Promise.resolve();
    const answer = origins.map((o) => destinations.map(() => state.from.get(`${o.lat},${o.lon}`) ?? 10));
    switch (state.mode) {
      case 'throw':
        throw new Error('routing service down');
      case 'hang':
        return new Promise<never>(() => undefined);
      case 'short':
        return answer.slice(1);
      case 'negative':
        return answer.map((row) => row.map(() => -5));
      case 'nan':
        return answer.map((row) => row.map(() => Number.NaN));
      default:
        return answer;
    }
  };
}

const strict = definePlugin({ id: 'routing', version: '1.0.0', sdk: '^1.3', travelTime: { matrix: matrix('routing') } });
const lenient = definePlugin({ id: 'routing-lenient', version: '1.0.0', sdk: '^1.3', travelTime: { matrix: matrix('routing-lenient'), onFailure: 'straight_line' } });

describe('travel-time providers on the booking paths', () => {
  const api = useTestApp({ plugins: [strict, lenient], env: { PLUGIN_TIMEOUT_MS: '300' } });
  let w: Awaited<ReturnType<typeof makeSchedulingWorld>>;
  let near = '';
  let far = '';
  let token = '';
  let run = 0;
  const day = dayFromNow(5);
  const at = (hh: number, mm = 0, date = day) => new Date(zonedInstant(date, hh * 60 + mm, TZ)).toISOString();
  const me = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => call(api.url, method, `/api/businesses/${w.business.slug}/me${path}`, { token, body, headers });
  const slotsRes = (date = day) => me('GET', `/slots?serviceTypeId=${w.serviceTypeId}&date=${date}`);
  const slots = async (date = day) => {
    const res = await slotsRes(date);
    expect(res.status).toBe(200);
    return (res.body.slots as { arrivalAt: string }[]).map((s) => s.arrivalAt);
  };
  const book = (arrivalAt: string) => me('POST', '/bookings', { serviceTypeId: w.serviceTypeId, arrivalAt }, { 'idempotency-key': randomUUID() });
  const bookedRow = async (bookingId: string) => (await api.sql`SELECT resource_id, travel_minutes FROM booking WHERE id = ${bookingId}`)[0] as { resourceId: string; travelMinutes: number };
  const bookings = async () => (await api.sql`SELECT count(*)::int AS n FROM booking WHERE business_id = ${w.business.id}`)[0]!.n as number;
  const enable = async (pluginId: string, enabled: boolean) => {
    // New settings each time: cached answers are per settings, so every test starts uncached.
    await api.sql`
      INSERT INTO business_plugin (business_id, plugin_id, enabled, settings) VALUES (${w.business.id}, ${pluginId}, ${enabled}, ${api.sql.json({ run })})
      ON CONFLICT (business_id, plugin_id) DO UPDATE SET enabled = EXCLUDED.enabled, settings = EXCLUDED.settings`;
  };

  beforeAll(async () => {
    w = await makeSchedulingWorld(api.deps, {
      technicians: [
        { name: 'Near', lat: 45.52, lon: -122.65 },
        { name: 'Far', lat: 45.45, lon: -122.8 },
      ],
    });
    near = w.technicians[0]!.id;
    far = w.technicians[1]!.id;
    token = await signInToken(api.url, w.business.slug, w.customer.email, PASSWORD);
  });
  beforeEach(async () => {
    run++;
    Object.assign(state, { mode: 'answer', from: new Map(), calls: [] });
    await enable('routing', true);
    await enable('routing-lenient', false);
    await api.sql`DELETE FROM booking WHERE business_id = ${w.business.id}`;
    await api.sql`DELETE FROM rate_limit`;
  });

  it('lets the matrix decide who is offered and booked: a technician it makes far loses to the other', async () => {
    // Straight lines: Near is about 5 minutes away, so Near gets 08:30 and every later time.
    await enable('routing', false);
    const builtIn = await slots();
    expect(builtIn).toContain(at(8, 30));
    const before = await book(at(10));
    expect((await bookedRow(before.body.id)).resourceId).toBe(near);
    await api.sql`DELETE FROM booking WHERE id = ${before.body.id}`;
    expect(state.calls).toEqual([]);

    // The provider says Near's drive is 2 hours (over the 60-minute limit) and Far's 40 minutes.
    await enable('routing', true);
    state.from.set('45.52,-122.65', 120);
    state.from.set('45.45,-122.8', 40);
    const offered = await slots();
    expect(offered).not.toContain(at(8, 30));
    expect(offered).toContain(at(9)); // Far: 08:00 + 40 minutes
    const [first] = state.calls;
    expect(first!.destinations).toEqual([{ lat: 45.512, lon: -122.6262 }]);
    expect(first!.origins).toHaveLength(2);
    expect(first!.departAt).toBe(Date.parse(at(8))); // the day's earliest shift start
    expect(first!.ctx.business.id).toBe(w.business.id);

    const res = await book(at(10));
    expect(res.status).toBe(201);
    expect(await bookedRow(res.body.id)).toEqual({ resourceId: far, travelMinutes: 40 });
    await api.sql`DELETE FROM booking WHERE id = ${res.body.id}`;

    // Every time of the day: booked exactly when offered (the re-check under the lock uses the matrix too).
    for (let minute = 8 * 60; minute <= 16 * 60; minute += 60) {
      const time = at(Math.floor(minute / 60), minute % 60);
      const booked = await book(time);
      expect([time, booked.status]).toEqual([time, offered.includes(time) ? 201 : 409]);
      if (booked.status === 201) await api.sql`DELETE FROM booking WHERE id = ${booked.body.id}`;
    }
    const days = await me('GET', `/slot-days?serviceTypeId=${w.serviceTypeId}&from=${day}&to=${day}`);
    expect(days.body.days).toEqual([{ date: day, slots: offered.length }]);
  });

  it('asks for the drives around existing visits too, and caches answers: the same search again makes no call', async () => {
    const booked = await book(at(12));
    expect(booked.status).toBe(201);
    state.calls = [];
    await slots();
    // Only what is new since the booking's search: into the customer's place from the visit's, and
    // out of it to the visit after (the drives from the technicians' starts are cached).
    expect(state.calls.map((c) => [c.origins.length, c.destinations.length])).toEqual([
      [1, 1],
      [1, 1],
    ]);
    const calls = state.calls.length;
    await slots();
    await slots();
    expect(state.calls.length).toBe(calls);
    // Another day departs at another time: asked again.
    await slots(dayFromNow(6));
    expect(state.calls.length).toBeGreaterThan(calls);
  });

  it('uses the matrix around existing visits, in offers and in the re-check under the lock alike', async () => {
    state.from.set('45.45,-122.8', 120); // Far never comes
    const first = await book(at(12));
    expect(await bookedRow(first.body.id)).toEqual({ resourceId: near, travelMinutes: 10 });
    // The visit is at the customer's own place: 0 minutes in straight lines, 10 by the matrix, both
    // ways: the job must end by 11:50 and cannot start before 13:10.
    const offered = await slots();
    expect(offered).toContain(at(10, 30));
    expect(offered).not.toContain(at(11));
    expect(offered).not.toContain(at(13));
    expect(offered).toContain(at(13, 30));
    expect((await book(at(13))).status).toBe(409);
    // Under the lock the visits are read again (new objects): still the matrix's 10 minutes.
    const after = await book(at(13, 30));
    expect(after.status).toBe(201);
    expect(await bookedRow(after.body.id)).toEqual({ resourceId: near, travelMinutes: 10 });
  });

  it.each([
    ['throws', 'throw'],
    ['runs out of time', 'hang'],
    ['answers too few rows', 'short'],
    ['answers negative minutes', 'negative'],
    ['answers NaN', 'nan'],
  ] as const)('fails closed when the matrix %s: slots, days and bookings answer 503 plugin_unavailable, nothing is written', async (_, mode) => {
    const free = (await slots())[0]!;
    run++;
    await enable('routing', true); // uncached again
    state.mode = mode;
    for (const res of [await slotsRes(), await me('GET', `/slot-days?serviceTypeId=${w.serviceTypeId}&from=${day}&to=${dayFromNow(9)}`), await book(free)]) {
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ code: 'plugin_unavailable', details: { plugin: 'routing' } });
    }
    expect(await bookings()).toBe(0);
  });

  it('falls back to straight lines when the plugin chose so: the same offers as the built-in model', async () => {
    await enable('routing', false);
    const builtIn = await slots();
    await enable('routing-lenient', true);
    state.mode = 'throw';
    expect(await slots()).toEqual(builtIn);
    expect(state.calls.map((c) => c.plugin)).toContain('routing-lenient');
    const res = await book(at(8, 30));
    expect(res.status).toBe(201);
    expect((await bookedRow(res.body.id)).resourceId).toBe(near);
  });

  it('makes no call for a business that has not enabled a provider', async () => {
    const other = await makeSchedulingWorld(api.deps);
    const customer = await makeCustomer(api.deps, other.business.id);
    const otherToken = await signInToken(api.url, other.business.slug, customer.email, PASSWORD);
    state.mode = 'throw';
    const res = await call(api.url, 'GET', `/api/businesses/${other.business.slug}/me/slots?serviceTypeId=${other.serviceTypeId}&date=${day}`, { token: otherToken });
    expect(res.status).toBe(200);
    expect(res.body.slots.length).toBeGreaterThan(0);
    const booked = await call(api.url, 'POST', `/api/businesses/${other.business.slug}/me/bookings`, {
      token: otherToken,
      body: { serviceTypeId: other.serviceTypeId, arrivalAt: res.body.slots[0].arrivalAt },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(booked.status).toBe(201);
    expect(state.calls).toEqual([]);
  });
});

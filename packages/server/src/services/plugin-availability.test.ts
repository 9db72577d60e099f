// Availability rules on the real paths: busy intervals and accept() applied to slot days, slots and
// the re-check under the booking lock (so an offer is never refused by the booking), failing closed
// when a rule fails, and no plugin work for a business that has not enabled one.
import { randomUUID } from 'node:crypto';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { zonedInstant } from '@arrivo/core';
import { definePlugin, type AvailabilityCandidate, type AvailabilityQuery, type PluginContext } from '@arrivo/sdk/server';
import { useTestApp } from '../../test/app';
import { dayFromNow, makeCustomer, makeSchedulingWorld, PASSWORD } from '../../test/fixtures';
import { call, signInToken } from '../../test/http';

const TZ = 'America/Los_Angeles';
type BusyMode = 'none' | 'window' | 'one' | 'throw' | 'hang' | 'nonsense';
type AcceptMode = 'all' | 'veto' | 'hash' | 'throw' | 'promise';
const state = {
  busy: 'none' as BusyMode,
  accept: 'all' as AcceptMode,
  /** 'veto': candidates refused, as `${resourceId}|${arrivalAt}` or `*|${arrivalAt}` (everyone). */
  vetoed: new Set<string>(),
  window: { startsAt: 0, endsAt: 0 },
  /** 'one': the window is busy for this technician only. */
  resourceId: '',
  busyCalls: [] as { query: AvailabilityQuery; ctx: PluginContext }[],
  acceptCalls: 0,
  refused: new Set<string>(),
};

function hashed(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

const rules = definePlugin({
  id: 'rules',
  version: '1.0.0',
  sdk: '^1.2',
  availability: [
    {
      id: 'closures',
      busy: async (query, ctx) => {
        state.busyCalls.push({ query, ctx });
        switch (state.busy) {
          case 'window':
            return [state.window];
          case 'one':
            return [{ ...state.window, resourceId: state.resourceId }];
          case 'throw':
            throw new Error('calendar service down');
          case 'hang':
            return new Promise<never>(() => undefined);
          case 'nonsense':
            return [{ startsAt: 'tomorrow' }] as never;
          default:
            return [];
        }
      },
    },
    {
      id: 'vetoes',
      accept: (c: AvailabilityCandidate) => {
        state.acceptCalls++;
        let ok = true;
        switch (state.accept) {
          case 'veto':
            ok = !state.vetoed.has(`${c.resourceId}|${c.arrivalAt}`) && !state.vetoed.has(`*|${c.arrivalAt}`);
            break;
          case 'hash':
            ok = hashed(`${c.resourceId}|${c.arrivalAt}`) % 2 === 0;
            break;
          case 'throw':
            throw new Error('veto table corrupt');
          case 'promise':
            return Promise.resolve(true) as never;
        }
        if (!ok) state.refused.add(`${c.resourceId}|${c.arrivalAt}`);
        return ok;
      },
    },
  ],
});

describe('availability rules on the booking paths', () => {
  const api = useTestApp({ plugins: [rules], env: { PLUGIN_TIMEOUT_MS: '300' } });
  let w: Awaited<ReturnType<typeof makeSchedulingWorld>>;
  let near = '';
  let far = '';
  let token = '';
  const day = dayFromNow(5);
  const at = (hh: number, mm = 0, date = day) => new Date(zonedInstant(date, hh * 60 + mm, TZ)).toISOString();
  const me = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => call(api.url, method, `/api/businesses/${w.business.slug}/me${path}`, { token, body, headers });
  const slots = async (date = day) => {
    const res = await me('GET', `/slots?serviceTypeId=${w.serviceTypeId}&date=${date}`);
    expect(res.status).toBe(200);
    return (res.body.slots as { arrivalAt: string }[]).map((s) => s.arrivalAt);
  };
  const book = (arrivalAt: string) => me('POST', '/bookings', { serviceTypeId: w.serviceTypeId, arrivalAt }, { 'idempotency-key': randomUUID() });
  const technicianOf = async (bookingId: string) => (await api.sql`SELECT resource_id FROM booking WHERE id = ${bookingId}`)[0]!.resourceId as string;
  const bookings = async () => (await api.sql`SELECT count(*)::int AS n FROM booking WHERE business_id = ${w.business.id}`)[0]!.n as number;

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
    await api.sql`INSERT INTO business_plugin (business_id, plugin_id, enabled) VALUES (${w.business.id}, 'rules', true)`;
  });
  beforeEach(async () => {
    Object.assign(state, { busy: 'none', accept: 'all', vetoed: new Set(), busyCalls: [], acceptCalls: 0, refused: new Set() });
    await api.sql`DELETE FROM booking WHERE business_id = ${w.business.id}`;
    await api.sql`DELETE FROM rate_limit`;
  });

  it('merges busy intervals into every technician’s calendar: no offer, no day count, no booking inside them', async () => {
    const before = await slots();
    expect(before).toContain(at(10, 30));
    state.busy = 'window';
    state.window = { startsAt: Date.parse(at(10)), endsAt: Date.parse(at(12)) };
    const during = await slots();
    // The job (60 min) and the drive to it must both fit around the closure.
    expect(during.filter((s) => Date.parse(s) + 60 * 60_000 > state.window.startsAt && Date.parse(s) < state.window.endsAt)).toEqual([]);
    expect(during).toContain(at(12, 30));
    expect(during.length).toBeLessThan(before.length);
    const { query, ctx } = state.busyCalls.at(-1)!;
    expect(query.from).toBeLessThan(state.window.startsAt);
    expect(query.to).toBeGreaterThan(state.window.endsAt);
    expect(ctx.business).toEqual({ id: w.business.id, slug: w.business.slug, timeZone: TZ });

    const days = await me('GET', `/slot-days?serviceTypeId=${w.serviceTypeId}&from=${day}&to=${day}`);
    expect(days.body.days).toEqual([{ date: day, slots: during.length }]);

    const refused = await book(at(10, 30));
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('slot_taken');
    expect((refused.body.details.alternatives as { arrivalAt: string }[]).map((a) => a.arrivalAt)).not.toContain(at(10, 30));
    expect(await bookings()).toBe(0);
  });

  it('keeps a technician’s own busy interval to that technician: the next one is booked', async () => {
    state.busy = 'one';
    state.window = { startsAt: Date.parse(at(9)), endsAt: Date.parse(at(12)) };
    state.resourceId = near;
    expect(await slots()).toContain(at(10));
    const res = await book(at(10));
    expect(res.status).toBe(201);
    expect(await technicianOf(res.body.id)).toBe(far);
  });

  it('asks accept() inside selection: a vetoed nearest technician lets the next one win, in the offer and the booking alike', async () => {
    state.accept = 'veto';
    state.vetoed = new Set([`${near}|${Date.parse(at(9))}`, `*|${Date.parse(at(11))}`]);
    const offered = await slots();
    expect(offered).toContain(at(9)); // Far can still come at 09:00
    expect(offered).not.toContain(at(11)); // nobody may
    // Without a veto, the nearest technician is booked (so the rule is what changes it below).
    const other = await book(at(15));
    expect(await technicianOf(other.body.id)).toBe(near);
    const res = await book(at(9));
    expect(res.status).toBe(201);
    expect(await technicianOf(res.body.id)).toBe(far);

    const vetoed = await book(at(11));
    expect(vetoed.status).toBe(409);
    expect(vetoed.body.code).toBe('slot_taken');
  });

  it('never offers a time the booking then refuses, nor books one it did not offer (a rule vetoing half the candidates)', async () => {
    state.accept = 'hash';
    state.busy = 'window';
    state.window = { startsAt: Date.parse(at(13)), endsAt: Date.parse(at(14, 30)) };
    const offered = await slots();
    expect(offered.length).toBeGreaterThan(0);
    expect(state.refused.size).toBeGreaterThan(0);
    // Every time of the day: booked exactly when offered, by a technician the rule accepts.
    // (Deleting each booking again keeps the calendars as the offers saw them.)
    for (let minute = 8 * 60; minute <= 16 * 60; minute += 30) {
      const time = at(Math.floor(minute / 60), minute % 60);
      const res = await book(time);
      expect([time, res.status]).toEqual([time, offered.includes(time) ? 201 : 409]);
      if (res.status === 201) {
        const tech = await technicianOf(res.body.id);
        expect(hashed(`${tech}|${Date.parse(time)}`) % 2).toBe(0);
        await api.sql`DELETE FROM booking WHERE id = ${res.body.id}`;
      }
    }
  });

  it('applies the rules to rescheduling too', async () => {
    const booked = await book(at(9));
    expect(booked.status).toBe(201);
    state.accept = 'veto';
    state.vetoed = new Set([`*|${Date.parse(at(15))}`]);
    const refused = await me('POST', `/bookings/${booked.body.id}/reschedule`, { arrivalAt: at(15) });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('slot_taken');
    const moved = await me('POST', `/bookings/${booked.body.id}/reschedule`, { arrivalAt: at(15, 30) });
    expect(moved.status).toBe(200);
  });

  it.each([
    ['busy throws', { busy: 'throw' }],
    ['busy runs out of time', { busy: 'hang' }],
    ['busy answers nonsense', { busy: 'nonsense' }],
    ['accept throws', { accept: 'throw' }],
    ['accept answers a promise', { accept: 'promise' }],
  ] as const)('fails closed when %s: slots, days and bookings answer 503 plugin_unavailable, nothing is written', async (_, mode) => {
    const free = (await slots())[0]!;
    Object.assign(state, mode);
    for (const res of [
      await me('GET', `/slots?serviceTypeId=${w.serviceTypeId}&date=${day}`),
      await me('GET', `/slot-days?serviceTypeId=${w.serviceTypeId}&from=${day}&to=${dayFromNow(9)}`),
      await book(free),
    ]) {
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ code: 'plugin_unavailable', details: { plugin: 'rules' } });
    }
    expect(await bookings()).toBe(0);
  });

  it('does no plugin work for a business that has not enabled the plugin', async () => {
    const other = await makeSchedulingWorld(api.deps);
    const customer = await makeCustomer(api.deps, other.business.id);
    const otherToken = await signInToken(api.url, other.business.slug, customer.email, PASSWORD);
    state.busy = 'throw';
    state.accept = 'throw';
    const res = await call(api.url, 'GET', `/api/businesses/${other.business.slug}/me/slots?serviceTypeId=${other.serviceTypeId}&date=${day}`, { token: otherToken });
    expect(res.status).toBe(200);
    expect(res.body.slots.length).toBeGreaterThan(0);
    const booked = await call(api.url, 'POST', `/api/businesses/${other.business.slug}/me/bookings`, { token: otherToken, body: { serviceTypeId: other.serviceTypeId, arrivalAt: res.body.slots[0].arrivalAt }, headers: { 'idempotency-key': randomUUID() } });
    expect(booked.status).toBe(201);
    expect(state.busyCalls).toEqual([]);
    expect(state.acceptCalls).toBe(0);
  });
});

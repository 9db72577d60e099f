// The plugin in a real server on real PostgreSQL: a holiday has no days or times to offer and
// cannot be booked; a business's override reopens it; a business without the plugin is unaffected.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, zonedInstant } from '@arrivo/sdk/server';
import { useTestApp } from '../../server/test/app';
import { dayFromNow, makeSchedulingWorld, makeStaff, PASSWORD } from '../../server/test/fixtures';
import { call, signInToken } from '../../server/test/http';
import { closedDates, holidaySettings } from './calendar';
import holidays from './index';

const TZ = 'America/Los_Angeles';

describe('plugin-holidays in a real server', () => {
  const api = useTestApp({ plugins: [holidays] });
  let w: Awaited<ReturnType<typeof makeSchedulingWorld>>;
  let customer = '';
  let admin = '';
  // The next public holiday in Oregon at least two days away (booking opens a year ahead here).
  const oregon = holidaySettings.parse({ country: 'US', state: 'OR' });
  const holiday = closedDates(oregon, dayFromNow(2), dayFromNow(360))[0]!;
  const tenAm = (date: string) => new Date(zonedInstant(date, 600, TZ)).toISOString();

  const me = (world: typeof w, token: string, method: string, path: string, body?: unknown) =>
    call(api.url, method, `/api/businesses/${world.business.slug}/me${path}`, { token, body, headers: method === 'POST' ? { 'idempotency-key': randomUUID() } : {} });
  const slots = async (world: typeof w, token: string, date: string) => {
    const res = await me(world, token, 'GET', `/slots?serviceTypeId=${world.serviceTypeId}&date=${date}`);
    expect(res.status).toBe(200);
    return (res.body.slots as { arrivalAt: string }[]).map((s) => s.arrivalAt);
  };
  const configure = (body: object) => call(api.url, 'PATCH', `/api/businesses/${w.business.slug}/admin/plugins/holidays`, { token: admin, body });
  const world = async () => {
    const made = await makeSchedulingWorld(api.deps);
    await api.sql`UPDATE business_settings SET max_lead_days = 365 WHERE business_id = ${made.business.id}`;
    return { made, token: await signInToken(api.url, made.business.slug, made.customer.email, PASSWORD) };
  };

  beforeAll(async () => {
    ({ made: w, token: customer } = await world());
    const staff = await makeStaff(api.deps, w.business.id, 'admin');
    admin = await signInToken(api.url, w.business.slug, staff.email, PASSWORD);
  });

  it('needs a country it has data for before it can be enabled', async () => {
    expect((await configure({ enabled: true })).status).toBe(400);
    const bad = await configure({ enabled: true, settings: { country: 'XX' } });
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0].path).toEqual(['json', 'settings', 'country']);
    const ok = await configure({ enabled: true, settings: { country: 'US', state: 'OR' } });
    expect(ok.status).toBe(200);
    expect(ok.body.settings).toEqual({ country: 'US', state: 'OR', types: ['public'], open: [], closed: [] });
  });

  it('closes a holiday: no times, not among the days, and booking it is refused', async () => {
    expect(await slots(w, customer, holiday)).toEqual([]);
    const days = await me(w, customer, 'GET', `/slot-days?serviceTypeId=${w.serviceTypeId}&from=${addDays(holiday, -3)}&to=${addDays(holiday, 3)}`);
    expect(days.status).toBe(200);
    const listed = (days.body.days as { date: string }[]).map((d) => d.date);
    expect(listed.length).toBeGreaterThan(0);
    expect(listed).not.toContain(holiday);
    const refused = await me(w, customer, 'POST', '/bookings', { serviceTypeId: w.serviceTypeId, arrivalAt: tenAm(holiday) });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('slot_taken');
    expect((await api.sql`SELECT count(*)::int AS n FROM booking WHERE business_id = ${w.business.id}`)[0]!.n).toBe(0);
  });

  it('reopens a holiday the business keeps open, and closes the extra days it names', async () => {
    const ordinary = [2, 3, 4, 5].map(dayFromNow).find((d) => !closedDates(oregon, d, d).length)!;
    expect((await configure({ settings: { country: 'US', state: 'OR', open: [holiday], closed: [ordinary] } })).status).toBe(200);
    expect(await slots(w, customer, holiday)).toContain(tenAm(holiday));
    const booked = await me(w, customer, 'POST', '/bookings', { serviceTypeId: w.serviceTypeId, arrivalAt: tenAm(holiday) });
    expect(booked.status).toBe(201);
    expect(await slots(w, customer, ordinary)).toEqual([]);
  });

  it('leaves a business that has not enabled it alone', async () => {
    const other = await world();
    expect(await slots(other.made, other.token, holiday)).toContain(tenAm(holiday));
  });
});

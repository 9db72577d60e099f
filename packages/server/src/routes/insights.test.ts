// GET /admin/insights with real bookings in the database: visits counted on the business's own day
// (Portland), by who booked them, cancellations grouped by reason; bounded, validated ranges; staff
// only, each business its own numbers.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app';
import { dayFromNow, makeBooking, makeBusiness, makeCustomer, makeResource, makeStaff, makeWorkOrder, PASSWORD } from '../../test/fixtures';
import { call, signInToken } from '../../test/http';

describe('insights API: counts over the business’s days', () => {
  const api = useTestApp();
  let business: Awaited<ReturnType<typeof makeBusiness>>;
  let other: Awaited<ReturnType<typeof makeBusiness>>;
  const tokens: Record<string, string> = {};
  const get = (query: string, as = 'dispatcher', slug = business.slug) => call(api.url, 'GET', `/api/businesses/${slug}/admin/insights${query}`, { token: tokens[as] });

  beforeAll(async () => {
    business = await makeBusiness(api.sql);
    other = await makeBusiness(api.sql);
    const b = business.id;
    const tech = await makeResource(api.sql, b, 'Maya');
    const tech2 = await makeResource(api.sql, b, 'Sam');
    const staffWo = await makeWorkOrder(api.sql, b);
    const portalWo = await makeWorkOrder(api.sql, b);
    await api.sql`UPDATE work_order SET source = 'portal' WHERE id = ${portalWo.workOrderId}`;
    const visit = (workOrderId: string, arrival: string, resourceId = tech.id, status?: string) =>
      makeBooking(api.sql, { businessId: b, workOrderId, resourceId, arrival, minutes: 30, status });

    // 2030-01-10 in Portland is UTC−8: 23:30 local is already the 11th in UTC, yet counts on the 10th.
    await visit(portalWo.workOrderId, '2030-01-10T23:30:00-08:00');
    await visit(staffWo.workOrderId, '2030-01-10T09:00:00-08:00');
    // The 11th: just after local midnight, and the last minute of the local day (08:59 UTC on the 12th).
    await visit(portalWo.workOrderId, '2030-01-11T00:30:00-08:00');
    await visit(portalWo.workOrderId, '2030-01-11T23:59:00-08:00', tech2.id);
    // Canceled on the 11th with reasons written three ways (grouped as one), and another reason.
    const canceled = [
      await visit(staffWo.workOrderId, '2030-01-11T10:00:00-08:00', tech.id, 'canceled'),
      await visit(staffWo.workOrderId, '2030-01-11T10:00:00-08:00', tech2.id, 'canceled'),
      await visit(portalWo.workOrderId, '2030-01-11T11:00:00-08:00', tech.id, 'canceled'),
      await visit(portalWo.workOrderId, '2030-01-11T12:00:00-08:00', tech.id, 'canceled'),
    ];
    const reasons = ['Customer asked', '  customer   ASKED ', 'customer asked', 'Part not in stock'];
    for (const [i, row] of canceled.entries()) await api.sql`UPDATE booking SET cancel_reason = ${reasons[i]!} WHERE id = ${row.id}`;
    // The 12th local (08:00 UTC): outside a range ending on the 11th.
    await visit(staffWo.workOrderId, '2030-01-12T00:00:00-08:00');

    // Another business's visits on the same days are never counted here.
    const otherWo = await makeWorkOrder(api.sql, other.id);
    const otherTech = await makeResource(api.sql, other.id);
    await makeBooking(api.sql, { businessId: other.id, workOrderId: otherWo.workOrderId, resourceId: otherTech.id, arrival: '2030-01-10T12:00:00-08:00', status: 'canceled' });

    for (const role of ['admin', 'dispatcher', 'technician'] as const) {
      const person = await makeStaff(api.deps, b, role);
      tokens[role] = await signInToken(api.url, business.slug, person.email, PASSWORD);
    }
    const customer = await makeCustomer(api.deps, b);
    tokens.customer = await signInToken(api.url, business.slug, customer.email, PASSWORD);
    const otherAdmin = await makeStaff(api.deps, other.id, 'admin');
    tokens.otherAdmin = await signInToken(api.url, other.slug, otherAdmin.email, PASSWORD);
  });
  beforeEach(() => api.sql`DELETE FROM rate_limit`);

  it('counts visits on the business’s local day, by who booked them, with cancellations grouped by reason', async () => {
    const res = await get('?from=2030-01-09&to=2030-01-11');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ from: '2030-01-09', to: '2030-01-11', timeZone: 'America/Los_Angeles' });
    expect(res.body.days).toEqual([
      { date: '2030-01-09', bookings: 0, portal: 0, staff: 0, canceled: 0 },
      { date: '2030-01-10', bookings: 2, portal: 1, staff: 1, canceled: 0 },
      { date: '2030-01-11', bookings: 6, portal: 4, staff: 2, canceled: 4 },
    ]);
    expect(res.body.totals).toEqual({ bookings: 8, portal: 5, staff: 3, canceled: 4, selfScheduledShare: 62.5 });
    expect(res.body.cancellations).toEqual([
      { reason: 'Customer asked', count: 3 },
      { reason: 'Part not in stock', count: 1 },
    ]);
  });

  it('counts a one-day range, and a range without visits as zeros', async () => {
    const day = (await get('?from=2030-01-12&to=2030-01-12')).body;
    expect(day.days).toEqual([{ date: '2030-01-12', bookings: 1, portal: 0, staff: 1, canceled: 0 }]);
    const empty = (await get('?from=2031-06-01&to=2031-06-03')).body;
    expect(empty.days.map((d: { bookings: number }) => d.bookings)).toEqual([0, 0, 0]);
    expect(empty.totals).toEqual({ bookings: 0, portal: 0, staff: 0, canceled: 0, selfScheduledShare: null });
    expect(empty.cancellations).toEqual([]);
  });

  it('defaults to the 30 days up to today in the business’s zone', async () => {
    const res = await get('');
    expect(res.status).toBe(200);
    expect(res.body.to).toBe(dayFromNow(0));
    expect(res.body.from).toBe(dayFromNow(-29));
    expect(res.body.days).toHaveLength(30);
  });

  it('refuses a reversed, too long or malformed range with validation_failed naming the field', async () => {
    const reversed = await get('?from=2030-01-11&to=2030-01-10');
    expect(reversed.status).toBe(400);
    expect(reversed.body.code).toBe('validation_failed');
    expect(reversed.body.issues.map((i: { path: string[] }) => i.path.join('.'))).toContain('query.to');
    // 366 days (2028 is a leap year) is the most; 367 is refused.
    expect((await get('?from=2028-01-01&to=2028-12-31')).status).toBe(200);
    const long = await get('?from=2028-01-01&to=2029-01-01');
    expect(long.status).toBe(400);
    expect(long.body.issues.map((i: { path: string[] }) => i.path.join('.'))).toContain('query.to');
    const malformed = await get('?from=2030-02-30&to=2030-03-01');
    expect(malformed.status).toBe(400);
    expect(malformed.body.issues.map((i: { path: string[] }) => i.path.join('.'))).toContain('query.from');
  });

  it('is for admins and dispatchers; customers and technicians are refused; another business sees only its own', async () => {
    for (const role of ['admin', 'dispatcher']) expect((await get('?from=2030-01-10&to=2030-01-10', role)).status).toBe(200);
    for (const role of ['customer', 'technician']) {
      const res = await get('?from=2030-01-10&to=2030-01-10', role);
      expect(res.status).toBe(403);
      expect(res.body.code).toBeTypeOf('string');
    }
    expect((await call(api.url, 'GET', `/api/businesses/${business.slug}/admin/insights`)).status).toBe(401);
    // The other business's admin: its session is not one of this business (401 here), and its own numbers there.
    expect((await get('?from=2030-01-10&to=2030-01-10', 'otherAdmin')).status).toBe(401);
    const own = await get('?from=2030-01-10&to=2030-01-10', 'otherAdmin', other.slug);
    expect(own.status).toBe(200);
    expect(own.body.totals).toEqual({ bookings: 1, portal: 0, staff: 1, canceled: 1, selfScheduledShare: 0 });
    expect(own.body.cancellations).toEqual([{ reason: 'customer asked', count: 1 }]);
  });
});

import { randomUUID } from 'node:crypto';
import { AppError, type DomainEvent, type DomainEventName } from '@arrivo/core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app';
import { dayFromNow, makeBooking, makeBusiness, makeCustomer, makeResource, makeSchedulingWorld, makeStaff, makeUser, makeWorkOrder, PASSWORD } from '../../test/fixtures';
import { call, signInToken } from '../../test/http';
import { addMembership } from '../db/queries/memberships';
import type { EventSubscriber } from '../events/dispatcher';
import { changeBookingStatus } from '../services/booking-status';

/** Every booking event the worker delivers, as a subscriber would see it. */
const seen: DomainEvent[] = [];
const recorder: EventSubscriber = {
  key: 'test-recorder',
  events: ['booking.created', 'booking.rescheduled', 'booking.canceled', 'booking.status_changed'] satisfies DomainEventName[],
  handle: async (event) => void seen.push(event),
};
const delivered = (bookingId: string) => seen.filter((e) => 'bookingId' in e.payload && e.payload.bookingId === bookingId);

describe('booking status machine (staff API and service)', () => {
  const api = useTestApp({ subscribers: () => [recorder] });
  let business: Awaited<ReturnType<typeof makeBusiness>>;
  let other: Awaited<ReturnType<typeof makeBusiness>>;
  let tech: { id: string };
  let tech2: { id: string };
  let workOrderId = '';
  let otherBookingId = '';
  const tokens: Record<string, string> = {};
  const users: Record<string, { userId: string; email: string }> = {};
  let day = 0;

  /** A fresh scheduled visit on its own day, so visits never overlap. */
  const visit = async (resourceId = tech.id, status = 'scheduled') =>
    (await makeBooking(api.sql, { businessId: business.id, workOrderId, resourceId, arrival: `2031-02-${String(++day).padStart(2, '0')}T17:00:00Z`, status })).id;
  const move = (bookingId: string, body: object, as = 'dispatcher', slug = business.slug) =>
    call(api.url, 'POST', `/api/businesses/${slug}/admin/bookings/${bookingId}/status`, { token: tokens[as], body });
  const account = (method: string, technicianId: string, as = 'admin', body?: object) =>
    call(api.url, method, `/api/businesses/${business.slug}/admin/technicians/${technicianId}/account`, { token: tokens[as], body });

  beforeAll(async () => {
    business = await makeBusiness(api.sql);
    other = await makeBusiness(api.sql);
    tech = await makeResource(api.sql, business.id, 'Maya');
    tech2 = await makeResource(api.sql, business.id, 'Sam');
    ({ workOrderId } = await makeWorkOrder(api.sql, business.id));
    const otherTech = await makeResource(api.sql, other.id);
    const otherWorkOrder = await makeWorkOrder(api.sql, other.id);
    otherBookingId = (await makeBooking(api.sql, { businessId: other.id, workOrderId: otherWorkOrder.workOrderId, resourceId: otherTech.id, arrival: '2031-03-01T17:00:00Z' })).id;
    for (const role of ['admin', 'dispatcher', 'technician'] as const) users[role] = await makeStaff(api.deps, business.id, role);
    users.customer = await makeCustomer(api.deps, business.id);
    for (const [role, u] of Object.entries(users)) tokens[role] = await signInToken(api.url, business.slug, u.email, PASSWORD);
  });
  beforeEach(() => api.sql`DELETE FROM rate_limit`);

  it('moves a visit scheduled → traveling → in_progress → completed, with history, actor and events', async () => {
    const id = await visit();
    const traveling = await move(id, { status: 'traveling' });
    expect(traveling).toMatchObject({ status: 200, body: { id, status: 'traveling', next: ['in_progress', 'canceled'] } });
    expect((await move(id, { status: 'in_progress' })).body.next).toEqual(['completed']);
    const done = await move(id, { status: 'completed', note: 'Replaced the valve' }, 'admin');
    expect(done.status).toBe(200);
    expect(done.body.next).toEqual([]);
    expect(done.body.history.map((h: { from: string; to: string }) => `${h.from}→${h.to}`)).toEqual(['scheduled→traveling', 'traveling→in_progress', 'in_progress→completed']);

    const history = await api.sql`SELECT from_status, to_status, changed_by_user_id, note FROM booking_status_history WHERE booking_id = ${id} ORDER BY id`;
    expect(history).toEqual([
      { fromStatus: 'scheduled', toStatus: 'traveling', changedByUserId: users.dispatcher!.userId, note: null },
      { fromStatus: 'traveling', toStatus: 'in_progress', changedByUserId: users.dispatcher!.userId, note: null },
      { fromStatus: 'in_progress', toStatus: 'completed', changedByUserId: users.admin!.userId, note: 'Replaced the valve' },
    ]);
    await expect.poll(() => delivered(id).length, { timeout: 5000 }).toBe(3);
    // Delivery order is not guaranteed (workers run in parallel): events carry when they happened.
    const inOrder = delivered(id).sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
    expect(inOrder.map((e) => [e.name, e.actorUserId, 'to' in e.payload && e.payload.to])).toEqual([
      ['booking.status_changed', users.dispatcher!.userId, 'traveling'],
      ['booking.status_changed', users.dispatcher!.userId, 'in_progress'],
      ['booking.status_changed', users.admin!.userId, 'completed'],
    ]);
  });

  it('refuses moves the machine does not allow, with the allowed ones, and changes nothing', async () => {
    const completed = await visit(tech.id, 'completed');
    const refused = await move(completed, { status: 'traveling' });
    expect(refused).toMatchObject({ status: 409, body: { code: 'status_transition_not_allowed', details: { from: 'completed', to: 'traveling', allowed: [] } } });
    const scheduled = await visit();
    expect(await move(scheduled, { status: 'completed' })).toMatchObject({ status: 409, body: { details: { allowed: ['traveling', 'canceled'] } } });
    expect(await move(scheduled, { status: 'scheduled' })).toMatchObject({ status: 409, body: { code: 'status_transition_not_allowed' } });
    const working = await visit(tech.id, 'in_progress');
    expect(await move(working, { status: 'canceled', note: 'customer called' })).toMatchObject({ status: 409, body: { code: 'status_transition_not_allowed' } });
    expect(await move(scheduled, { status: 'canceled' })).toMatchObject({ status: 400, body: { code: 'validation_failed', issues: [{ path: ['json', 'note'] }] } });
    expect(await move(scheduled, { status: 'lost' })).toMatchObject({ status: 400, body: { code: 'validation_failed' } });

    const [row] = await api.sql`SELECT status FROM booking WHERE id = ${scheduled}`;
    expect(row!.status).toBe('scheduled');
    expect(await api.sql`SELECT 1 FROM booking_status_history WHERE booking_id IN (${completed}, ${scheduled}, ${working})`).toEqual([]);
  });

  it('cancels a traveling visit with its reason and publishes booking.canceled', async () => {
    const id = await visit(tech.id, 'traveling');
    const res = await move(id, { status: 'canceled', note: 'No one home' });
    expect(res).toMatchObject({ status: 200, body: { status: 'canceled', next: [] } });
    const [row] = await api.sql`SELECT status, cancel_reason FROM booking WHERE id = ${id}`;
    expect(row).toEqual({ status: 'canceled', cancelReason: 'No one home' });
    await expect.poll(() => delivered(id).map((e) => e.name).sort(), { timeout: 5000 }).toEqual(['booking.canceled', 'booking.status_changed']);
    expect(delivered(id).find((e) => e.name === 'booking.canceled')!.payload).toMatchObject({ from: 'traveling', reason: 'No one home' });
  });

  it('is for staff only, and only for their own business’s visits', async () => {
    const id = await visit();
    expect((await move(id, { status: 'traveling' }, 'customer')).status).toBe(403);
    expect((await move(id, { status: 'traveling' }, 'technician')).status).toBe(403);
    expect((await call(api.url, 'POST', `/api/businesses/${business.slug}/admin/bookings/${id}/status`, { body: { status: 'traveling' } })).status).toBe(401);
    expect(await move(otherBookingId, { status: 'traveling' })).toMatchObject({ status: 404, body: { code: 'not_found' } });
    expect((await move(randomUUID(), { status: 'traveling' })).status).toBe(404);
    const [untouched] = await api.sql`SELECT status FROM booking WHERE id = ${otherBookingId}`;
    expect(untouched!.status).toBe('scheduled');
  });

  it('links a technician record to a technician’s account, one account per technician', async () => {
    expect(await account('GET', tech.id)).toMatchObject({ status: 200, body: { technicianId: tech.id, userId: null, email: null } });
    const linked = await account('PUT', tech.id, 'dispatcher', { email: users.technician!.email.toUpperCase() });
    expect(linked).toMatchObject({ status: 200, body: { technicianId: tech.id, userId: users.technician!.userId, email: users.technician!.email } });
    expect(await account('PUT', tech2.id, 'admin', { email: users.technician!.email })).toMatchObject({ status: 409, body: { code: 'conflict' } });
    expect(await account('PUT', tech2.id, 'admin', { email: users.customer!.email })).toMatchObject({ status: 422, body: { code: 'technician_account_invalid' } });
    expect(await account('PUT', tech2.id, 'admin', { email: 'nobody@example.com' })).toMatchObject({ status: 422, body: { code: 'technician_account_invalid' } });
    expect((await account('PUT', tech.id, 'technician', { email: users.technician!.email })).status).toBe(403);
    expect((await account('GET', tech.id, 'customer')).status).toBe(403);
    expect((await call(api.url, 'GET', `/api/businesses/${business.slug}/admin/technicians/${(await makeResource(api.sql, other.id)).id}/account`, { token: tokens.admin })).status).toBe(404);

    // A technician of another business cannot be linked here either.
    const outsider = await makeUser(api.deps, 'outsider-tech@example.com');
    await addMembership(api.sql, other.id, outsider, 'technician');
    expect((await account('PUT', tech2.id, 'admin', { email: 'outsider-tech@example.com' })).status).toBe(422);

    expect((await account('DELETE', tech.id)).status).toBe(204);
    expect((await account('GET', tech.id)).body.userId).toBeNull();
    expect((await account('PUT', tech.id, 'admin', { email: users.technician!.email })).status).toBe(200);
  });

  it('lets a technician actor move only their own visits, and cancel them with a reason before work starts', async () => {
    await api.sql`UPDATE resource SET user_id = ${users.technician!.userId} WHERE id = ${tech.id}`;
    const actor = { role: 'technician', userId: users.technician!.userId } as const;
    const mine = await visit(tech.id);
    const theirs = await visit(tech2.id);
    await expect(changeBookingStatus(api.deps, business, mine, { status: 'traveling' }, actor)).resolves.toMatchObject({ status: 'traveling' });
    await expect(changeBookingStatus(api.deps, business, theirs, { status: 'traveling' }, actor)).rejects.toMatchObject({ code: 'not_found' });
    await expect(changeBookingStatus(api.deps, business, theirs, { status: 'canceled', note: 'flat tyre' }, actor)).rejects.toMatchObject({ code: 'not_found' });
    const working = await visit(tech.id, 'in_progress');
    await expect(changeBookingStatus(api.deps, business, working, { status: 'canceled', note: 'flat tyre' }, actor)).rejects.toMatchObject({ code: 'status_transition_not_allowed' });
    const canceled = await visit(tech.id);
    await expect(changeBookingStatus(api.deps, business, canceled, { status: 'canceled', note: 'flat tyre' }, actor)).resolves.toMatchObject({ status: 'canceled' });
    await expect(changeBookingStatus(api.deps, other, otherBookingId, { status: 'traveling' }, actor)).rejects.toBeInstanceOf(AppError);
    const [history] = await api.sql`SELECT changed_by_user_id FROM booking_status_history WHERE booking_id = ${mine}`;
    expect(history!.changedByUserId).toBe(users.technician!.userId);
  });
});

describe('customer booking changes publish their events', () => {
  const api = useTestApp({ subscribers: () => [recorder] });

  it('publishes booking.created, booking.rescheduled and booking.canceled (with the status change)', async () => {
    const w = await makeSchedulingWorld(api.deps);
    const token = await signInToken(api.url, w.business.slug, w.customer.email, PASSWORD);
    const me = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
      call(api.url, method, `/api/businesses/${w.business.slug}/me${path}`, { token, body, headers });
    const slots = (await me('GET', `/slots?serviceTypeId=${w.serviceTypeId}&date=${dayFromNow(3)}`)).body.slots as { arrivalAt: string }[];
    const booked = await me('POST', '/bookings', { serviceTypeId: w.serviceTypeId, arrivalAt: slots[0]!.arrivalAt }, { 'idempotency-key': randomUUID() });
    expect(booked.status).toBe(201);
    const id = booked.body.id as string;
    expect((await me('POST', `/bookings/${id}/reschedule`, { arrivalAt: slots[2]!.arrivalAt })).status).toBe(200);
    expect((await me('POST', `/bookings/${id}/cancel`, { reason: 'Fixed it myself' })).status).toBe(200);

    await expect.poll(() => delivered(id).map((e) => e.name).sort(), { timeout: 5000 }).toEqual([
      'booking.canceled',
      'booking.created',
      'booking.rescheduled',
      'booking.status_changed',
    ]);
    const byName = Object.fromEntries(delivered(id).map((e) => [e.name, e]));
    expect(byName['booking.created']).toMatchObject({ actorUserId: w.customer.userId, payload: { arrivalAt: slots[0]!.arrivalAt, source: 'portal' } });
    expect(byName['booking.rescheduled']!.payload).toMatchObject({ arrivalAt: slots[2]!.arrivalAt, previous: { arrivalAt: slots[0]!.arrivalAt } });
    expect(byName['booking.canceled']!.payload).toMatchObject({ from: 'scheduled', reason: 'Fixed it myself' });
  });
});

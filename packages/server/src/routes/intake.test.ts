// Intake questions configured on a service type are offered with it, checked at booking, stored
// with the work order, and shown to the technician and to staff.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app';
import { dayFromNow, makeSchedulingWorld, makeStaff, PASSWORD } from '../../test/fixtures';
import { call, signInToken } from '../../test/http';

describe('intake answers at booking', () => {
  const api = useTestApp();
  let w: Awaited<ReturnType<typeof makeSchedulingWorld>>;
  let customer = '';
  let admin = '';
  const fields = [
    { key: 'gateCode', label: 'Gate code', kind: 'text', required: false },
    // A client plugin's widget shows it where the page has that plugin; the server checks a number.
    { key: 'floors', label: 'Floors', kind: 'number', required: true, widget: 'stairs:counter' },
    { key: 'access', label: 'Access', kind: 'select', required: true, options: ['front', 'back'] },
    { key: 'pets', label: 'Pets at home', kind: 'checkbox', required: false },
  ];
  const me = (method: string, path: string, body?: unknown) =>
    call(api.url, method, `/api/businesses/${w.business.slug}/me${path}`, { token: customer, body, headers: method === 'POST' ? { 'idempotency-key': randomUUID() } : {} });
  const firstSlot = async () => {
    for (let d = 1; d < 8; d++) {
      const res = await me('GET', `/slots?serviceTypeId=${w.serviceTypeId}&date=${dayFromNow(d)}`);
      if (res.body.slots?.length) return res.body.slots[0].arrivalAt as string;
    }
    throw new Error('no slot');
  };

  beforeAll(async () => {
    w = await makeSchedulingWorld(api.deps);
    const staff = await makeStaff(api.deps, w.business.id, 'admin');
    admin = await signInToken(api.url, w.business.slug, staff.email, PASSWORD);
    customer = await signInToken(api.url, w.business.slug, w.customer.email, PASSWORD);
    const patched = await call(api.url, 'PATCH', `/api/businesses/${w.business.slug}/admin/service-types/${w.serviceTypeId}`, { token: admin, body: { intakeFields: fields } });
    expect(patched.status).toBe(200);
  });

  it('offers the questions with the service type', async () => {
    const res = await me('GET', '/service-types');
    const type = res.body.find((t: { id: string }) => t.id === w.serviceTypeId);
    expect(type.intakeFields).toEqual(fields);
    expect(type.durationFromAnswers).toBe(false);
    const bad = await call(api.url, 'PATCH', `/api/businesses/${w.business.slug}/admin/service-types/${w.serviceTypeId}`, {
      token: admin,
      body: { intakeFields: [{ ...fields[1], widget: 'no plugin' }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0].path).toEqual(['json', 'intakeFields', 0, 'widget']);
  });

  it('refuses missing, mistyped, unknown and off-list answers, each at its key', async () => {
    const arrivalAt = await firstSlot();
    const missing = await me('POST', '/bookings', { serviceTypeId: w.serviceTypeId, arrivalAt });
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('validation_failed');
    expect(missing.body.issues.map((i: { path: string[] }) => i.path)).toEqual([['json', 'intake', 'floors'], ['json', 'intake', 'access']]);
    const bad = await me('POST', '/bookings', { serviceTypeId: w.serviceTypeId, arrivalAt, intake: { floors: 'two', access: 'roof', pets: 'yes', colour: 'red' } });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { path: string[] }) => i.path.join('.')).sort()).toEqual(['json.intake.access', 'json.intake.colour', 'json.intake.floors', 'json.intake.pets']);
    const nested = await me('POST', '/bookings', { serviceTypeId: w.serviceTypeId, arrivalAt, intake: { floors: { a: 1 } } });
    expect(nested.status).toBe(400);
  });

  it('stores the answers with the work order and shows them to the technician and staff', async () => {
    const arrivalAt = await firstSlot();
    const booked = await me('POST', '/bookings', { serviceTypeId: w.serviceTypeId, arrivalAt, intake: { gateCode: ' 4711 ', floors: 2, access: 'back', pets: true } });
    expect(booked.status).toBe(201);
    const [wo] = await api.sql<{ intake: unknown }[]>`SELECT w.intake FROM booking b JOIN work_order w ON w.id = b.work_order_id WHERE b.id = ${booked.body.id}`;
    expect(wo!.intake).toEqual({ gateCode: '4711', floors: 2, access: 'back', pets: true });
    const visit = await call(api.url, 'GET', `/api/businesses/${w.business.slug}/admin/bookings/${booked.body.id}`, { token: admin });
    expect(visit.status).toBe(200);
    expect(visit.body.intakeAnswers).toEqual([
      { label: 'Gate code', value: '4711' },
      { label: 'Floors', value: '2' },
      { label: 'Access', value: 'back' },
      { label: 'Pets at home', value: 'Yes' },
    ]);
  });
});

// The plugin in a real server on real PostgreSQL: enabling it puts "EV charger installation" on the
// business's catalog with its questions and skill; times follow the answers' duration; booking
// checks the answers again, stores them, and refuses a 48 A charger on a small panel.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../server/test/app';
import { dayFromNow, makeSchedulingWorld, makeStaff, PASSWORD } from '../../server/test/fixtures';
import { call, signInToken } from '../../server/test/http';
import evCharger, { installMinutes, SERVICE_TYPE_KEY } from './index';

const GOOD = { chargerModel: 'ChargePoint Home Flex (48 A)', panelAmps: 200, cableMetres: 22 };

describe('plugin-ev-charger in a real server', () => {
  const api = useTestApp({ plugins: [evCharger] });
  let w: Awaited<ReturnType<typeof makeSchedulingWorld>>;
  let customer = '';
  let admin = '';
  let typeId = '';

  const me = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    call(api.url, method, `/api/businesses/${w.business.slug}/me${path}`, { token: customer, body, headers: method === 'POST' ? { 'idempotency-key': randomUUID(), ...headers } : headers });
  const enable = (enabled: boolean) => call(api.url, 'PATCH', `/api/businesses/${w.business.slug}/admin/plugins/ev-charger`, { token: admin, body: { enabled } });
  const catalog = async () => (await me('GET', '/service-types')).body as { id: string; key: string; durationMinutes: number; intakeFields: unknown[]; durationFromAnswers: boolean }[];
  const slotsOn = async (date: string, answers: object) => {
    const res = await me('GET', `/slots?serviceTypeId=${typeId}&date=${date}&intake=${encodeURIComponent(JSON.stringify(answers))}`);
    expect(res.status).toBe(200);
    return res.body.slots as { arrivalAt: string; endsAt: string }[];
  };

  beforeAll(async () => {
    w = await makeSchedulingWorld(api.deps);
    const staff = await makeStaff(api.deps, w.business.id, 'admin');
    admin = await signInToken(api.url, w.business.slug, staff.email, PASSWORD);
    customer = await signInToken(api.url, w.business.slug, w.customer.email, PASSWORD);
  });

  it('computes the length from the answers', () => {
    expect(installMinutes({ panelAmps: 200, cableMetres: 8 })).toBe(120);
    expect(installMinutes({ panelAmps: 200, cableMetres: 22 })).toBe(150);
    expect(installMinutes({ panelAmps: 80, cableMetres: 10 })).toBe(180);
  });

  it('is on the catalog, with its questions, only while enabled', async () => {
    expect((await catalog()).some((t) => t.key === SERVICE_TYPE_KEY)).toBe(false);
    expect((await enable(true)).status).toBe(200);
    const type = (await catalog()).find((t) => t.key === SERVICE_TYPE_KEY)!;
    expect(type).toMatchObject({ durationMinutes: 120, durationFromAnswers: true });
    expect(type.intakeFields.map((f) => (f as { key: string }).key)).toEqual(['chargerModel', 'panelAmps', 'cableMetres']);
    // The panel rating carries its client widget (a rendering hint: still a number to the server).
    expect(type.intakeFields[1]).toEqual({ key: 'panelAmps', label: 'Main panel rating (amps)', kind: 'number', required: true, widget: 'ev-charger:panel-amps' });
    typeId = type.id;
    const [row] = await api.sql<{ pluginId: string; skills: string[] }[]>`
      SELECT st.plugin_id, array_agg(s.name) AS skills FROM service_type st
      JOIN service_type_skill sts ON sts.service_type_id = st.id JOIN skill s ON s.id = sts.skill_id
      WHERE st.id = ${typeId} GROUP BY st.plugin_id`;
    expect(row).toEqual({ pluginId: 'ev-charger', skills: ['ev-charger'] });

    expect((await enable(false)).status).toBe(200);
    expect((await catalog()).some((t) => t.key === SERVICE_TYPE_KEY)).toBe(false);
    expect((await enable(true)).status).toBe(200);
    expect((await catalog()).find((t) => t.key === SERVICE_TYPE_KEY)?.id).toBe(typeId);
  });

  it('offers times only with a technician who has the skill, as long as the answers say', async () => {
    const date = dayFromNow(3);
    expect(await slotsOn(date, GOOD)).toEqual([]);
    // Give Maya the skill the plugin created.
    await api.sql`INSERT INTO resource_skill (business_id, resource_id, skill_id)
      SELECT ${w.business.id}, ${w.technicians[0]!.id}, id FROM skill WHERE business_id = ${w.business.id} AND name = 'ev-charger'`;
    const long = await slotsOn(date, GOOD);
    expect(long.length).toBeGreaterThan(0);
    for (const s of long) expect(Date.parse(s.endsAt) - Date.parse(s.arrivalAt)).toBe(150 * 60_000);
    const short = await slotsOn(date, { ...GOOD, cableMetres: 5 });
    expect(short.length).toBeGreaterThan(long.length);

    const missing = await me('GET', `/slots?serviceTypeId=${typeId}&date=${date}`);
    expect(missing.status).toBe(400);
    expect(missing.body.issues[0].path).toEqual(['query', 'intake', 'chargerModel']);
    const garbled = await me('GET', `/slots?serviceTypeId=${typeId}&date=${date}&intake=%7Bnope`);
    expect(garbled.status).toBe(400);
    const outOfRange = await me('GET', `/slots?serviceTypeId=${typeId}&date=${date}&intake=${encodeURIComponent(JSON.stringify({ ...GOOD, cableMetres: 500 }))}`);
    expect(outOfRange.status).toBe(400);
    expect(outOfRange.body.issues).toEqual([{ path: ['query', 'intake', 'cableMetres'], message: expect.stringContaining('60 metres') }]);
  });

  it('books with the answers: checked again, stored, the visit as long as they say', async () => {
    const [slot] = await slotsOn(dayFromNow(4), GOOD);
    const bad = await me('POST', '/bookings', { serviceTypeId: typeId, arrivalAt: slot!.arrivalAt, intake: { ...GOOD, chargerModel: 'Homemade' } });
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0].path).toEqual(['json', 'intake', 'chargerModel']);
    const booked = await me('POST', '/bookings', { serviceTypeId: typeId, arrivalAt: slot!.arrivalAt, intake: GOOD });
    expect(booked.status).toBe(201);
    expect(Date.parse(booked.body.endsAt) - Date.parse(booked.body.arrivalAt)).toBe(150 * 60_000);
    const visit = await call(api.url, 'GET', `/api/businesses/${w.business.slug}/admin/bookings/${booked.body.id}`, { token: admin });
    expect(visit.body.intakeAnswers).toEqual([
      { label: 'Charger model', value: GOOD.chargerModel },
      { label: 'Main panel rating (amps)', value: '200' },
      { label: 'Cable run from the panel to the charger (metres)', value: '22' },
    ]);

    // Modify: the times to move to are as long as the answers it was booked with.
    const date = dayFromNow(6);
    const moving = await me('GET', `/slots?serviceTypeId=${typeId}&date=${date}&bookingId=${booked.body.id}`);
    expect(moving.status).toBe(200);
    const to = (moving.body.slots as { arrivalAt: string; endsAt: string }[])[0]!;
    expect(Date.parse(to.endsAt) - Date.parse(to.arrivalAt)).toBe(150 * 60_000);
    expect((await me('GET', `/slots?serviceTypeId=${typeId}&date=${date}&bookingId=00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    const moved = await me('POST', `/bookings/${booked.body.id}/reschedule`, { arrivalAt: to.arrivalAt });
    expect(moved.status).toBe(200);
    expect(Date.parse(moved.body.endsAt) - Date.parse(moved.body.arrivalAt)).toBe(150 * 60_000);
  });

  it('refuses a 48 A charger on a panel under 100 A, saying what to do instead', async () => {
    const small = { ...GOOD, panelAmps: 80 };
    const [slot] = await slotsOn(dayFromNow(5), small);
    const vetoed = await me('POST', '/bookings', { serviceTypeId: typeId, arrivalAt: slot!.arrivalAt, intake: small });
    expect(vetoed.status).toBe(422);
    expect(vetoed.body.code).toBe('plugin_veto');
    expect(vetoed.body.message).toMatch(/at least 100 A.*yours is 80 A.*32 A or 40 A/);
    // In the language the booking form asks in (its locale as Accept-Language); English otherwise.
    const spanish = await me('POST', '/bookings', { serviceTypeId: typeId, arrivalAt: slot!.arrivalAt, intake: small }, { 'accept-language': 'es' });
    expect(spanish.status).toBe(422);
    expect(spanish.body.details).toMatchObject({ plugin: 'ev-charger', code: 'panel_too_small' });
    expect(spanish.body.details.reason).toBe(
      'Un cargador de 48 A necesita un panel principal de al menos 100 A, y el suyo es de 80 A. Elija un cargador de 32 A o 40 A (carga la mayoría de los coches durante la noche), o llámenos antes para ampliar el panel.',
    );
    const arabic = await me('POST', '/bookings', { serviceTypeId: typeId, arrivalAt: slot!.arrivalAt, intake: small }, { 'accept-language': 'ar-EG,ar;q=0.9,en;q=0.5' });
    expect(arabic.body.message).toMatch(/^يحتاج شاحن بقدرة 48 أمبير .* 100 أمبير .* 80 أمبير/);
    const french = await me('POST', '/bookings', { serviceTypeId: typeId, arrivalAt: slot!.arrivalAt, intake: small }, { 'accept-language': 'fr-FR' });
    expect(french.body.message).toMatch(/^A 48 A charger needs/);
    const ok = await me('POST', '/bookings', { serviceTypeId: typeId, arrivalAt: slot!.arrivalAt, intake: { ...small, chargerModel: 'Wallbox Pulsar Plus (32 A)' } });
    expect(ok.status).toBe(201);
    // A small panel adds an hour.
    expect(Date.parse(ok.body.endsAt) - Date.parse(ok.body.arrivalAt)).toBe(210 * 60_000);
  });

  it('keeps a staff type that holds its key: enabling is refused', async () => {
    const other = await makeSchedulingWorld(api.deps);
    await api.sql`INSERT INTO service_type (business_id, key, name, duration_minutes) VALUES (${other.business.id}, ${SERVICE_TYPE_KEY}, 'Our own', 60)`;
    const staff = await makeStaff(api.deps, other.business.id, 'admin');
    const token = await signInToken(api.url, other.business.slug, staff.email, PASSWORD);
    const res = await call(api.url, 'PATCH', `/api/businesses/${other.business.slug}/admin/plugins/ev-charger`, { token, body: { enabled: true } });
    expect(res.status).toBe(409);
    const [row] = await api.sql<{ enabled: boolean }[]>`SELECT enabled FROM business_plugin WHERE business_id = ${other.business.id}`;
    expect(row).toBeUndefined();
  });
});

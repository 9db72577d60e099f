import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app';
import { dayFromNow, makeBusiness, makeCustomer, makeStaff, PASSWORD } from '../../test/fixtures';
import { call, signInToken } from '../../test/http';

describe('staff configure scheduling; customers see the result', () => {
  const api = useTestApp();
  let slug = '';
  let businessId = '';
  const tokens: Record<string, string> = {};
  const admin = (method: string, path: string, body?: unknown) => call(api.url, method, `/api/businesses/${slug}/admin${path}`, { token: tokens.admin, body });
  const slots = async (serviceTypeId: string, date = dayFromNow(4)) => {
    const res = await call(api.url, 'GET', `/api/businesses/${slug}/me/slots?serviceTypeId=${serviceTypeId}&date=${date}`, { token: tokens.customer });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.slots as { arrivalAt: string }[];
  };
  const clock = (iso: string) => new Intl.DateTimeFormat('en-GB', { timeZone: 'America/Los_Angeles', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
  const ids = {} as Record<"skill" | "territory" | "type" | "tech", string>;

  beforeAll(async () => {
    const business = await makeBusiness(api.sql);
    ({ slug, id: businessId } = business);
    const adminUser = await makeStaff(api.deps, businessId, 'admin');
    const dispatcher = await makeStaff(api.deps, businessId, 'dispatcher');
    const customer = await makeCustomer(api.deps, businessId);
    tokens.admin = await signInToken(api.url, slug, adminUser.email, PASSWORD);
    tokens.dispatcher = await signInToken(api.url, slug, dispatcher.email, PASSWORD);
    tokens.customer = await signInToken(api.url, slug, customer.email, PASSWORD);
  });
  beforeEach(() => api.sql`DELETE FROM rate_limit`);

  it('builds a bookable service from skills, a territory, a service type and a technician', async () => {
    const skill = await admin('POST', '/skills', { name: 'Gas fitting' });
    expect(skill.status).toBe(201);
    ids.skill = skill.body.id;
    const territory = await admin('POST', '/territories', { name: 'Inner Portland', center: { lat: 45.5152, lon: -122.6784 }, radiusKm: 10 });
    expect(territory.body).toMatchObject({ name: 'Inner Portland', radiusKm: 10, polygon: null });
    ids.territory = territory.body.id;
    const type = await admin('POST', '/service-types', {
      key: 'furnace-tune-up', name: 'Furnace tune-up', durationMinutes: 60, requiredSkillIds: [ids.skill],
      intakeFields: [{ key: 'furnaceAge', label: 'How old is the furnace?', kind: 'number' }],
    });
    expect(type.status).toBe(201);
    expect(type.body).toMatchObject({ selfSchedulingEnabled: true, requiredSkillIds: [ids.skill], intakeFields: [{ key: 'furnaceAge', required: false }] });
    ids.type = type.body.id;
    expect(await slots(ids.type)).toEqual([]); // nobody can do it yet

    const tech = await admin('POST', '/technicians', {
      name: 'Grace Kim', phone: '(503) 555-0101', start: { lat: 45.52, lon: -122.67, address: 'NE Alberta St' },
      skillIds: [ids.skill], territoryIds: [ids.territory],
      workingHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '09:00', end: '13:00' })),
    });
    expect(tech.status).toBe(201);
    expect(tech.body.workingHours[0]).toEqual({ weekday: 1, start: '09:00', end: '13:00' });
    ids.tech = tech.body.id as string;
    const offered = await slots(ids.type);
    expect(offered.map((s) => clock(s.arrivalAt))[0]).toMatch(/^09:(00|30)$/);
    expect(clock(offered.at(-1)!.arrivalAt)).toBe('12:00');
  });

  it('stops offering times during time off, and for inactive technicians', async () => {
    const date = dayFromNow(4);
    const before = await slots(ids.type!, date);
    const off = await admin('POST', `/technicians/${ids.tech}/time-off`, {
      startsAt: `${date}T18:00:00Z`, endsAt: `${date}T19:30:00Z`, reason: 'Training',
    });
    expect(off.status).toBe(201);
    const during = await slots(ids.type!, date);
    expect(during.length).toBeLessThan(before.length);
    expect(during.some((s) => Date.parse(s.arrivalAt) < Date.parse(`${date}T19:30:00Z`) && Date.parse(s.arrivalAt) + 3600_000 > Date.parse(`${date}T18:00:00Z`))).toBe(false);
    expect((await admin('DELETE', `/technicians/${ids.tech}/time-off/${off.body.id}`)).status).toBe(204);
    expect(await slots(ids.type!, date)).toHaveLength(before.length);

    await admin('PATCH', `/technicians/${ids.tech}`, { active: false });
    expect(await slots(ids.type!, date)).toEqual([]);
    await admin('PATCH', `/technicians/${ids.tech}`, { active: true });
  });

  it('applies the self-scheduling settings', async () => {
    const hourly = await admin('PATCH', '/settings/scheduling', { slotIntervalMinutes: 60, maxLeadDays: 5, showTechnicianPhone: true });
    expect(hourly.body).toMatchObject({ slotIntervalMinutes: 60, maxLeadDays: 5 });
    expect((await slots(ids.type!)).every((s) => clock(s.arrivalAt).endsWith(':00'))).toBe(true);
    const beyond = await call(api.url, 'GET', `/api/businesses/${slug}/me/slots?serviceTypeId=${ids.type}&date=${dayFromNow(6)}`, { token: tokens.customer });
    expect(beyond.body.code).toBe('outside_horizon');
    await admin('PATCH', '/service-types/' + ids.type, { selfSchedulingEnabled: false });
    const hidden = await call(api.url, 'GET', `/api/businesses/${slug}/me/slots?serviceTypeId=${ids.type}&date=${dayFromNow(2)}`, { token: tokens.customer });
    expect(hidden.status).toBe(404);
    await admin('PATCH', '/service-types/' + ids.type, { selfSchedulingEnabled: true });
    await admin('PATCH', '/settings/scheduling', { slotIntervalMinutes: 30, maxLeadDays: 30 });
  });

  it('refuses bad or inconsistent configuration with clear codes', async () => {
    const other = await makeBusiness(api.sql);
    const [foreignSkill] = await api.sql`INSERT INTO skill (business_id, name) VALUES (${other.id}, 'Theirs') RETURNING id`;
    const cases: [string, Promise<{ status: number; body: any }>, number, string][] = [
      ['both shapes', admin('POST', '/territories', { name: 'X', center: { lat: 45, lon: -122 }, radiusKm: 3, polygon: [[-122, 45], [-122.1, 45], [-122, 45.1]] }), 400, 'validation_failed'],
      ['no shape', admin('POST', '/territories', { name: 'Y' }), 400, 'validation_failed'],
      ['hours backwards', admin('PATCH', `/technicians/${ids.tech}`, { workingHours: [{ weekday: 1, start: '17:00', end: '09:00' }] }), 400, 'validation_failed'],
      ['hours overlap', admin('PATCH', `/technicians/${ids.tech}`, { workingHours: [{ weekday: 1, start: '08:00', end: '12:00' }, { weekday: 1, start: '11:00', end: '15:00' }] }), 409, 'conflict'],
      ['another business’s skill', admin('POST', '/service-types', { key: 'x', name: 'X', durationMinutes: 30, requiredSkillIds: [foreignSkill!.id] }), 422, 'invalid_reference'],
      ['duplicate key', admin('POST', '/service-types', { key: 'furnace-tune-up', name: 'Again', durationMinutes: 30 }), 409, 'conflict'],
      ['skill in use', admin('DELETE', `/skills/${ids.skill}`), 409, 'conflict'],
      ['unknown technician', admin('PATCH', `/technicians/${crypto.randomUUID()}`, { name: 'Nobody' }), 404, 'not_found'],
      ['dispatcher changing settings', call(api.url, 'PATCH', `/api/businesses/${slug}/admin/settings/scheduling`, { token: tokens.dispatcher, body: { slotIntervalMinutes: 15 } }), 403, 'forbidden'],
      ['customer adding a technician', call(api.url, 'POST', `/api/businesses/${slug}/admin/technicians`, { token: tokens.customer, body: { name: 'Me', start: { lat: 45, lon: -122 } } }), 403, 'forbidden'],
    ];
    for (const [label, request, status, code] of cases) expect(await request, label).toMatchObject({ status, body: { code } });
    // The failed overlap change left the hours as they were.
    expect((await admin('GET', `/technicians/${ids.tech}`)).body.workingHours).toHaveLength(7);
  });
});

import { describe, expect, it } from 'vitest';
import { useTestApp } from '../packages/server/test/app';
import { call } from '../packages/server/test/http';
import { DEMO_PASSWORD, DEMO_SIGN_INS, DEMO_SLUG, isSeeded, seedDemo } from './seed';

describe('demo seed', () => {
  const api = useTestApp();

  it('creates the demo business once, with its people, skills and places', async () => {
    expect(await isSeeded(api.sql)).toBe(false);
    const summary = await seedDemo(api.deps);
    expect(await isSeeded(api.sql)).toBe(true);
    expect(summary).toMatchObject({ serviceTypes: 5, technicians: 10, accounts: 4, invitationsSent: 3 });

    const [counts] = await api.sql`
      SELECT (SELECT count(*) FROM contact WHERE business_id = ${summary.businessId})::int AS contacts,
             (SELECT count(*) FROM asset WHERE business_id = ${summary.businessId})::int AS assets,
             (SELECT count(*) FROM functional_location WHERE business_id = ${summary.businessId})::int AS locations,
             (SELECT count(*) FROM resource_working_hours WHERE business_id = ${summary.businessId})::int AS shifts`;
    expect(counts).toEqual({ contacts: summary.contacts, assets: summary.assets, locations: 1, shifts: 50 });
    await expect(seedDemo(api.deps)).rejects.toMatchObject({ code: '23505' });
  });

  it('gives every service type at least one technician with all its skills', async () => {
    const uncovered = await api.sql`
      SELECT st.key FROM service_type st
      WHERE NOT EXISTS (
        SELECT 1 FROM resource r
        WHERE r.business_id = st.business_id
          AND NOT EXISTS (
            SELECT 1 FROM service_type_skill sts
            WHERE sts.service_type_id = st.id
              AND NOT EXISTS (SELECT 1 FROM resource_skill rs WHERE rs.resource_id = r.id AND rs.skill_id = sts.skill_id)))`;
    expect(uncovered).toEqual([]);
  });

  it('lets every printed demo sign-in actually sign in, with its role', async () => {
    for (const person of DEMO_SIGN_INS) {
      const res = await call(api.url, 'POST', `/api/businesses/${DEMO_SLUG}/session`, { body: { email: person.email, password: DEMO_PASSWORD } });
      expect(res.status, person.email).toBe(200);
      expect(res.body.roles).toEqual([person.role]);
    }
    const [maya] = await api.sql`SELECT user_id FROM resource WHERE email = 'maya@rosecity.example'`;
    expect(maya!.userId).not.toBeNull();
  });

  it('leaves a completed visit of the demo customer waiting for her rating', async () => {
    const session = await call(api.url, 'POST', `/api/businesses/${DEMO_SLUG}/session`, { body: { email: 'linh.nguyen@example.com', password: DEMO_PASSWORD } });
    const list = await call(api.url, 'GET', `/api/businesses/${DEMO_SLUG}/me/bookings`, { token: session.body.token });
    const waiting = list.body.past.filter((b: { status: string; actions: { feedback: boolean } }) => b.status === 'completed' && b.actions.feedback);
    expect(waiting.map((b: { serviceType: { name: string } }) => b.serviceType.name)).toEqual(['Furnace tune-up']);
    // Its survey is open, with the business's own questions.
    const survey = await call(api.url, 'GET', `/api/businesses/${DEMO_SLUG}/me/bookings/${waiting[0].id}/feedback`, { token: session.body.token });
    expect(survey.status).toBe(200);
    expect(survey.body.submitted).toBeNull();
    expect(survey.body.questions.map((q: { key: string }) => q.key)).toEqual(['on_time', 'tidy']);
  });

  it('leaves invitations waiting for the contacts who have no portal account yet', async () => {
    // The job worker sends them just after the seed commits.
    const invited = () => api.mail.received.flatMap((m) => m.to).sort();
    await expect.poll(invited, { timeout: 10_000 }).toEqual(['ada.okafor@example.com', 'marco@alderbakery.example', 'priya@alderbakery.example']);
  });
});

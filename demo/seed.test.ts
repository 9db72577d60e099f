import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../packages/server/test/database';
import { isSeeded, seedDemo } from './seed';

describe('demo seed', () => {
  const db = useTestDatabase();

  it('creates the demo business once, with its people, skills and places', async () => {
    expect(await isSeeded(db.sql)).toBe(false);
    const summary = await seedDemo(db.sql);
    expect(await isSeeded(db.sql)).toBe(true);
    expect(summary).toMatchObject({ serviceTypes: 5, technicians: 10, accounts: 4 });

    const [counts] = await db.sql`
      SELECT (SELECT count(*) FROM contact WHERE business_id = ${summary.businessId})::int AS contacts,
             (SELECT count(*) FROM asset WHERE business_id = ${summary.businessId})::int AS assets,
             (SELECT count(*) FROM functional_location WHERE business_id = ${summary.businessId})::int AS locations,
             (SELECT count(*) FROM resource_working_hours WHERE business_id = ${summary.businessId})::int AS shifts`;
    expect(counts).toEqual({ contacts: summary.contacts, assets: summary.assets, locations: 1, shifts: 50 });
    await expect(seedDemo(db.sql)).rejects.toMatchObject({ code: '23505' });
  });

  it('gives every service type at least one technician with all its skills', async () => {
    const uncovered = await db.sql`
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
});

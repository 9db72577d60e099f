// Puts a synthetic city into the database behind a running server, with one signed-in customer.
import { zonedDate, type BusyVisit, type Technician } from '@arrivo/core';
import type { AppDeps } from '../src/index';
import { enrollCustomer } from '../src/index';
import { SKILLS, TERRITORIES, TZ } from './city';

export interface BenchWorld {
  slug: string;
  serviceTypeIds: string[];
  customers: { email: string; password: string }[];
}

export async function loadWorld(deps: AppDeps, city: { technicians: Technician[]; visits: BusyVisit[] }, options: { customers?: number } = {}): Promise<BenchWorld> {
  const { sql } = deps;
  const slug = `bench-${Date.now().toString(36)}`;
  const [business] = await sql<{ id: string }[]>`INSERT INTO business (slug, name, time_zone) VALUES (${slug}, 'Bench City Plumbing', ${TZ}) RETURNING id`;
  const b = business!.id;
  await sql`INSERT INTO business_settings (business_id) VALUES (${b})`;
  await sql`UPDATE business_settings SET min_lead_minutes = 0, max_lead_days = 60, max_travel_minutes = 90 WHERE business_id = ${b}`;
  const skillIds = new Map<string, string>();
  for (const name of SKILLS) skillIds.set(name, (await sql<{ id: string }[]>`INSERT INTO skill (business_id, name) VALUES (${b}, ${name}) RETURNING id`)[0]!.id);
  const territoryIds = new Map<string, string>();
  for (const t of TERRITORIES) {
    const area = t.area as { center: { lat: number; lon: number }; radiusKm: number };
    territoryIds.set(t.id, (await sql<{ id: string }[]>`
      INSERT INTO territory (business_id, name, center_lat, center_lon, radius_km) VALUES (${b}, ${t.id}, ${area.center.lat}, ${area.center.lon}, ${area.radiusKm}) RETURNING id`)[0]!.id);
  }
  const serviceTypeIds: string[] = [];
  for (const [i, skill] of SKILLS.entries()) {
    const [st] = await sql<{ id: string }[]>`INSERT INTO service_type (business_id, key, name, duration_minutes) VALUES (${b}, ${`svc-${i}`}, ${`Service ${i}`}, 60) RETURNING id`;
    await sql`INSERT INTO service_type_skill (business_id, service_type_id, skill_id) VALUES (${b}, ${st!.id}, ${skillIds.get(skill)!})`;
    serviceTypeIds.push(st!.id);
  }
  const [account] = await sql<{ id: string }[]>`
    INSERT INTO account (business_id, name, address_line1, city, lat, lon) VALUES (${b}, 'Bench customers', '1 Main St', 'Portland', 45.52, -122.66) RETURNING id`;
  const resourceIds = new Map<string, string>();
  await sql.begin(async (tx) => {
    for (const t of city.technicians) {
      const [r] = await tx<{ id: string }[]>`INSERT INTO resource (business_id, name, start_lat, start_lon) VALUES (${b}, ${t.id}, ${t.start.lat}, ${t.start.lon}) RETURNING id`;
      resourceIds.set(t.id, r!.id);
      for (const s of t.skills) await tx`INSERT INTO resource_skill (business_id, resource_id, skill_id) VALUES (${b}, ${r!.id}, ${skillIds.get(s)!}) ON CONFLICT DO NOTHING`;
      for (const id of t.territoryIds) await tx`INSERT INTO resource_territory (business_id, resource_id, territory_id) VALUES (${b}, ${r!.id}, ${territoryIds.get(id)!})`;
      for (const h of t.workingHours) {
        await tx`INSERT INTO resource_working_hours (business_id, resource_id, weekday, start_minute, end_minute) VALUES (${b}, ${r!.id}, ${h.weekday}, ${h.startMinute}, ${h.endMinute})`;
      }
    }
    // Existing visits: one work order each, inserted in bulk.
    if (city.visits.length) {
      const orders = await tx<{ id: string }[]>`
        INSERT INTO work_order (business_id, account_id, service_type_id, address_line1, city, lat, lon, source)
        SELECT ${b}, ${account!.id}, ${serviceTypeIds[0]!}, 'Somewhere', 'Portland', lat, lon, 'staff'
        FROM unnest(${city.visits.map((v) => v.location.lat)}::float8[], ${city.visits.map((v) => v.location.lon)}::float8[]) AS u(lat, lon)
        RETURNING id`;
      await tx`
        INSERT INTO booking (business_id, work_order_id, resource_id, arrival_at, starts_at, ends_at, travel_minutes)
        SELECT ${b}, wo, res, arr, arr - make_interval(mins => tm), ends, tm
        FROM unnest(${orders.map((o) => o.id)}::uuid[], ${city.visits.map((v) => resourceIds.get(v.resourceId)!)}::uuid[],
                    ${city.visits.map((v) => new Date(v.arrivalAt).toISOString())}::timestamptz[],
                    ${city.visits.map((v) => new Date(v.endsAt).toISOString())}::timestamptz[],
                    ${city.visits.map((v) => Math.round((v.arrivalAt - v.startsAt) / 60_000))}::int[]) AS u(wo, res, arr, ends, tm)`;
    }
  });
  const customers = [];
  for (let i = 0; i < (options.customers ?? 1); i++) {
    const email = `customer-${i}@${slug}.example`;
    const password = 'bench password 123';
    const [contact] = await sql<{ id: string }[]>`INSERT INTO contact (business_id, account_id, first_name, email) VALUES (${b}, ${account!.id}, 'Bench', ${email}) RETURNING id`;
    const { user } = await deps.auth.api.signUpEmail({ body: { email, password, name: 'Bench' } });
    await sql.begin((tx) => enrollCustomer(tx, b, contact!.id, user.id));
    customers.push({ email, password });
  }
  return { slug, serviceTypeIds, customers };
}

/** Today in the city's zone. */
export const today = () => zonedDate(Date.now(), TZ);

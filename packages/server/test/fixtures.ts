// Minimal rows for tests that exercise the schema directly, before services exist for them.
import { randomBytes } from 'node:crypto';
import type { Sql } from '../src/db/client';
import { insertBusiness } from '../src/db/queries/businesses';

const unique = () => randomBytes(4).toString('hex');

export async function makeBusiness(sql: Sql, slug = `biz-${unique()}`) {
  return sql.begin((tx) => insertBusiness(tx, { slug, name: `Business ${slug}`, timeZone: 'America/Los_Angeles', phone: null, website: null }));
}

export async function makeResource(sql: Sql, businessId: string, name = 'Tech') {
  const [row] = await sql<{ id: string }[]>`
    INSERT INTO resource (business_id, name, start_lat, start_lon) VALUES (${businessId}, ${name}, 45.52, -122.68) RETURNING id`;
  return row!;
}

export async function makeWorkOrder(sql: Sql, businessId: string) {
  const [account] = await sql<{ id: string }[]>`
    INSERT INTO account (business_id, name, address_line1, city, lat, lon)
    VALUES (${businessId}, 'Acme', '1 Main St', 'Portland', 45.5, -122.6) RETURNING id`;
  const [serviceType] = await sql<{ id: string }[]>`
    INSERT INTO service_type (business_id, key, name, duration_minutes)
    VALUES (${businessId}, ${`svc-${unique()}`}, 'Repair', 60) RETURNING id`;
  const [workOrder] = await sql<{ id: string }[]>`
    INSERT INTO work_order (business_id, account_id, service_type_id, address_line1, city, lat, lon, source)
    VALUES (${businessId}, ${account!.id}, ${serviceType!.id}, '1 Main St', 'Portland', 45.5, -122.6, 'staff')
    RETURNING id`;
  return { accountId: account!.id, serviceTypeId: serviceType!.id, workOrderId: workOrder!.id };
}

/** A booking whose technician arrives at `arrival` after `travel` minutes and works `minutes`. */
export async function makeBooking(
  sql: Sql,
  b: { businessId: string; workOrderId: string; resourceId: string; arrival: string; travel?: number; minutes?: number; status?: string },
) {
  const travel = b.travel ?? 0;
  const [row] = await sql<{ id: string }[]>`
    INSERT INTO booking (business_id, work_order_id, resource_id, status, arrival_at, starts_at, ends_at, travel_minutes, cancel_reason)
    VALUES (
      ${b.businessId}, ${b.workOrderId}, ${b.resourceId}, ${b.status ?? 'scheduled'},
      ${b.arrival}::timestamptz,
      ${b.arrival}::timestamptz - make_interval(mins => ${travel}::int),
      ${b.arrival}::timestamptz + make_interval(mins => ${b.minutes ?? 60}::int),
      ${travel}, ${b.status === 'canceled' ? 'customer asked' : null}
    ) RETURNING id`;
  return row!;
}

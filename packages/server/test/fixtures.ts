// Minimal rows for tests that exercise the schema directly, before services exist for them.
import { randomBytes } from 'node:crypto';
import type { Role } from '@arrivo/core';
import type { Sql } from '../src/db/client';
import { insertBusiness } from '../src/db/queries/businesses';
import { addMembership } from '../src/db/queries/memberships';
import type { AppDeps } from '../src/deps';

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

// ───── people ─────

export const PASSWORD = 'correct horse battery staple';

/** A user with a password, as better-auth creates it. */
export async function makeUser(deps: Pick<AppDeps, 'auth'>, email: string, password = PASSWORD): Promise<string> {
  const { user } = await deps.auth.api.signUpEmail({ body: { email, password, name: email.split('@')[0]! } });
  return user.id;
}

export async function makeStaff(deps: Pick<AppDeps, 'auth' | 'sql'>, businessId: string, role: Role, email = `${role}-${unique()}@staff.example`) {
  const userId = await makeUser(deps, email);
  await addMembership(deps.sql, businessId, userId, role);
  return { userId, email, password: PASSWORD };
}

export async function makeAccount(sql: Sql, businessId: string, options: { active?: boolean; name?: string } = {}) {
  const [row] = await sql<{ id: string }[]>`
    INSERT INTO account (business_id, name, active, address_line1, city, postal_code, lat, lon)
    VALUES (${businessId}, ${options.name ?? `Account ${unique()}`}, ${options.active ?? true}, '3614 SE Hawthorne Blvd', 'Portland', '97214', 45.512, -122.6262)
    RETURNING id`;
  return row!.id;
}

export async function makeContact(sql: Sql, businessId: string, accountId: string, email = `person-${unique()}@example.com`) {
  const [row] = await sql<{ id: string }[]>`
    INSERT INTO contact (business_id, account_id, first_name, last_name, email) VALUES (${businessId}, ${accountId}, 'Pat', 'Doe', ${email})
    RETURNING id`;
  return { contactId: row!.id, email };
}

/** A customer who has redeemed an invitation: portal user, contact link and customer role. */
export async function makeCustomer(deps: Pick<AppDeps, 'auth' | 'sql'>, businessId: string, accountId?: string) {
  const account = accountId ?? (await makeAccount(deps.sql, businessId));
  const { contactId, email } = await makeContact(deps.sql, businessId, account);
  const userId = await makeUser(deps, email);
  // As redeeming does: the invitation email proved the address.
  await deps.sql`UPDATE auth_user SET email_verified = true WHERE id = ${userId}`;
  await deps.sql`UPDATE contact SET user_id = ${userId} WHERE id = ${contactId}`;
  await addMembership(deps.sql, businessId, userId, 'customer');
  return { userId, email, password: PASSWORD, contactId, accountId: account };
}

export async function makeAsset(sql: Sql, businessId: string, accountId: string, name = 'Water heater') {
  const [row] = await sql<{ id: string }[]>`
    INSERT INTO asset (business_id, account_id, name) VALUES (${businessId}, ${accountId}, ${name}) RETURNING id`;
  return row!.id;
}

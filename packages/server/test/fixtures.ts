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

// ───── scheduling ─────

const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];

/**
 * A business in Portland with one skill, one service type needing it, technicians who work
 * 08:00–17:00 every day, and a customer with an asset at the account's address and one at a
 * functional location elsewhere. Booking opens immediately (no minimum lead time).
 */
export async function makeSchedulingWorld(deps: Pick<AppDeps, 'auth' | 'sql'>, options: { technicians?: { name: string; lat: number; lon: number }[] } = {}) {
  const { sql } = deps;
  const business = await makeBusiness(sql);
  await sql`UPDATE business_settings SET min_lead_minutes = 0, max_lead_days = 30, slot_interval_minutes = 30, change_cutoff_minutes = 120 WHERE business_id = ${business.id}`;
  const [skill] = await sql<{ id: string }[]>`INSERT INTO skill (business_id, name) VALUES (${business.id}, 'Plumbing') RETURNING id`;
  const [serviceType] = await sql<{ id: string }[]>`
    INSERT INTO service_type (business_id, key, name, duration_minutes) VALUES (${business.id}, 'drain', 'Drain cleaning', 60) RETURNING id`;
  await sql`INSERT INTO service_type_skill (business_id, service_type_id, skill_id) VALUES (${business.id}, ${serviceType!.id}, ${skill!.id})`;
  const [hidden] = await sql<{ id: string }[]>`
    INSERT INTO service_type (business_id, key, name, duration_minutes, self_scheduling_enabled) VALUES (${business.id}, 'inspection', 'Staff-only inspection', 60, false) RETURNING id`;
  const technicians = [];
  for (const t of options.technicians ?? [{ name: 'Maya', lat: 45.52, lon: -122.65 }]) {
    const [row] = await sql<{ id: string }[]>`
      INSERT INTO resource (business_id, name, phone, start_lat, start_lon) VALUES (${business.id}, ${t.name}, '(503) 555-0100', ${t.lat}, ${t.lon}) RETURNING id`;
    await sql`INSERT INTO resource_skill (business_id, resource_id, skill_id) VALUES (${business.id}, ${row!.id}, ${skill!.id})`;
    for (const weekday of EVERY_DAY) {
      await sql`INSERT INTO resource_working_hours (business_id, resource_id, weekday, start_minute, end_minute) VALUES (${business.id}, ${row!.id}, ${weekday}, 480, 1020)`;
    }
    technicians.push({ id: row!.id, ...t });
  }
  const customer = await makeCustomer(deps, business.id);
  const assetHere = await makeAsset(sql, business.id, customer.accountId, 'Kitchen sink');
  const [location] = await sql<{ id: string }[]>`
    INSERT INTO functional_location (business_id, account_id, name, address_line1, city, lat, lon)
    VALUES (${business.id}, ${customer.accountId}, 'Rental unit', '4410 SW Murray Blvd', 'Beaverton', 45.4905, -122.811) RETURNING id`;
  const [assetThere] = await sql<{ id: string }[]>`
    INSERT INTO asset (business_id, account_id, functional_location_id, name) VALUES (${business.id}, ${customer.accountId}, ${location!.id}, 'Rental water heater') RETURNING id`;
  return { business, skillId: skill!.id, serviceTypeId: serviceType!.id, hiddenServiceTypeId: hidden!.id, technicians, customer, assetHere, assetThere: assetThere!.id };
}

/** A calendar date `days` from today in the business's zone (Portland). */
export function dayFromNow(days: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles' }).format(new Date());
  return new Date(Date.parse(`${today}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

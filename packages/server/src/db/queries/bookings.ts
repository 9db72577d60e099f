import type { BookingStatus } from '@arrivo/core';
import type { Sql, Tx } from '../client';
import type { VisitPlace } from './schedule';

export async function insertWorkOrder(
  tx: Tx,
  input: { businessId: string; place: VisitPlace; serviceTypeId: string; reportedByContactId: string; comments: string | null; intake?: Record<string, string | number | boolean>; source: 'portal' | 'staff' },
): Promise<{ id: string; number: string }> {
  const p = input.place;
  const [row] = await tx<{ id: string; number: string }[]>`
    INSERT INTO work_order (business_id, account_id, asset_id, service_type_id, reported_by_contact_id,
      address_line1, address_line2, city, region, postal_code, country, lat, lon, comments, intake, source)
    VALUES (${input.businessId}, ${p.accountId}, ${p.assetId}, ${input.serviceTypeId}, ${input.reportedByContactId},
      ${p.addressLine1}, ${p.addressLine2}, ${p.city}, ${p.region}, ${p.postalCode}, ${p.country}, ${p.lat}, ${p.lon},
      ${input.comments}, ${tx.json(input.intake ?? {})}, ${input.source})
    RETURNING id, number::text`;
  return row!;
}

export interface NewBooking {
  businessId: string;
  workOrderId: string;
  resourceId: string;
  arrivalAt: Date;
  travelMinutes: number;
  endsAt: Date;
}

export async function insertBooking(tx: Tx, b: NewBooking, changedByUserId: string): Promise<string> {
  const [row] = await tx<{ id: string }[]>`
    INSERT INTO booking (business_id, work_order_id, resource_id, arrival_at, starts_at, ends_at, travel_minutes)
    VALUES (${b.businessId}, ${b.workOrderId}, ${b.resourceId}, ${b.arrivalAt},
            ${b.arrivalAt}::timestamptz - make_interval(mins => ${b.travelMinutes}::int), ${b.endsAt}, ${b.travelMinutes})
    RETURNING id`;
  await recordStatus(tx, b.businessId, row!.id, null, 'scheduled', changedByUserId, null);
  return row!.id;
}

export async function moveBooking(tx: Tx, bookingId: string, to: { resourceId: string; arrivalAt: Date; travelMinutes: number; endsAt: Date }): Promise<void> {
  await tx`
    UPDATE booking SET resource_id = ${to.resourceId}, arrival_at = ${to.arrivalAt},
      starts_at = ${to.arrivalAt}::timestamptz - make_interval(mins => ${to.travelMinutes}::int),
      ends_at = ${to.endsAt}, travel_minutes = ${to.travelMinutes}
    WHERE id = ${bookingId}`;
}

/** One row of a booking's status history: from → to, who changed it, and why. */
export async function recordStatus(tx: Tx, businessId: string, bookingId: string, from: BookingStatus | null, to: BookingStatus, userId: string | null, note: string | null) {
  await tx`
    INSERT INTO booking_status_history (business_id, booking_id, from_status, to_status, changed_by_user_id, note)
    VALUES (${businessId}, ${bookingId}, ${from}, ${to}, ${userId}, ${note})`;
}

/** A booking as its customer sees it. `accountId` scopes the lookup: another account's booking is not found. */
export interface CustomerBookingRow {
  id: string;
  status: BookingStatus;
  arrivalAt: Date;
  startsAt: Date;
  endsAt: Date;
  travelMinutes: number;
  cancelReason: string | null;
  workOrderId: string;
  workOrderNumber: string;
  serviceTypeId: string;
  serviceTypeName: string;
  durationMinutes: number;
  assetId: string | null;
  assetName: string | null;
  comments: string | null;
  /** The work order's intake answers (a plugin's duration may depend on them). */
  intake: Record<string, string | number | boolean>;
  addressLine1: string;
  city: string;
  postalCode: string | null;
  lat: number;
  lon: number;
  resourceId: string;
  technicianName: string;
  technicianPhone: string | null;
  technicianPhotoUrl: string | null;
  /** The visit was rated already. */
  hasFeedback: boolean;
  /** The technician's ratings over all visits of the business (average null when none). */
  technicianRatingAverage: number | null;
  technicianRatingCount: number;
}

// The technician's ratings ride along in the same query (one round trip for the whole list).
const SELECT_CUSTOMER_BOOKING = (sql: Sql | Tx) => sql`
  SELECT b.id, b.status, b.arrival_at, b.starts_at, b.ends_at, b.travel_minutes, b.cancel_reason,
    w.id AS work_order_id, w.number::text AS work_order_number, st.id AS service_type_id, st.name AS service_type_name, st.duration_minutes,
    a.id AS asset_id, a.name AS asset_name, w.comments, w.intake, w.address_line1, w.city, w.postal_code, w.lat, w.lon,
    r.id AS resource_id, r.name AS technician_name, r.phone AS technician_phone, r.photo_url AS technician_photo_url,
    EXISTS (SELECT 1 FROM feedback f WHERE f.business_id = b.business_id AND f.booking_id = b.id) AS has_feedback,
    tr.average AS technician_rating_average, tr.count AS technician_rating_count
  FROM booking b
  JOIN work_order w ON w.id = b.work_order_id
  JOIN service_type st ON st.id = w.service_type_id
  JOIN resource r ON r.id = b.resource_id
  LEFT JOIN asset a ON a.id = w.asset_id
  CROSS JOIN LATERAL (
    SELECT avg(f.rating)::float8 AS average, count(*)::int AS count
    FROM feedback f JOIN booking fb ON fb.business_id = f.business_id AND fb.id = f.booking_id
    WHERE fb.business_id = b.business_id AND fb.resource_id = b.resource_id) tr`;

export async function findCustomerBooking(sql: Sql | Tx, businessId: string, accountId: string, bookingId: string, forUpdate = false): Promise<CustomerBookingRow | undefined> {
  const [row] = await sql<CustomerBookingRow[]>`
    ${SELECT_CUSTOMER_BOOKING(sql)}
    WHERE b.business_id = ${businessId} AND w.account_id = ${accountId} AND b.id = ${bookingId}
    ${forUpdate ? sql`FOR UPDATE OF b` : sql``}`;
  return row;
}

export async function listCustomerBookings(sql: Sql | Tx, businessId: string, accountId: string): Promise<CustomerBookingRow[]> {
  return sql<CustomerBookingRow[]>`
    ${SELECT_CUSTOMER_BOOKING(sql)}
    WHERE b.business_id = ${businessId} AND w.account_id = ${accountId}
    ORDER BY b.arrival_at, b.id`;
}

/** Serialise every change to these technicians' calendars until the transaction ends. */
export async function lockCalendars(tx: Tx, resourceIds: string[]): Promise<void> {
  // One at a time, in a fixed order, so two bookings never wait on each other in a cycle.
  for (const id of [...new Set(resourceIds)].sort()) await tx`SELECT pg_advisory_xact_lock(hashtextextended(${id}, 72616002))`;
}

// ───── idempotency ─────

/**
 * Claim `key` for this request. Returns undefined when the claim is new (go ahead), or the earlier
 * request's stored answer. A concurrent twin waits here until the first one commits or rolls back.
 */
export async function claimIdempotencyKey(
  tx: Tx,
  claim: { businessId: string; userId: string; key: string; requestHash: string },
): Promise<{ requestHash: string; response: unknown } | undefined> {
  const inserted = await tx`
    INSERT INTO idempotency_key (business_id, user_id, key, request_hash)
    VALUES (${claim.businessId}, ${claim.userId}, ${claim.key}, ${claim.requestHash})
    ON CONFLICT DO NOTHING RETURNING key`;
  if (inserted.length) return undefined;
  const [row] = await tx<{ requestHash: string; response: unknown }[]>`
    SELECT request_hash, response FROM idempotency_key
    WHERE business_id = ${claim.businessId} AND user_id = ${claim.userId} AND key = ${claim.key}`;
  return row;
}

export async function storeIdempotentResponse(tx: Tx, claim: { businessId: string; userId: string; key: string }, response: unknown): Promise<void> {
  await tx`
    UPDATE idempotency_key SET response = ${tx.json(response as never)}
    WHERE business_id = ${claim.businessId} AND user_id = ${claim.userId} AND key = ${claim.key}`;
}

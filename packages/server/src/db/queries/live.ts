import type { Role } from '@arrivo/core';
import type { Sql, Tx } from '../client';
import { customerIdentityQuery } from './contacts';

/** Which of these sign-in sessions still exist and have not expired. */
export async function findValidSessionIds(sql: Sql, ids: string[]): Promise<Set<string>> {
  const rows = await sql<{ id: string }[]>`SELECT id FROM auth_session WHERE id = ANY(${ids}::text[]) AND expires_at > now()`;
  return new Set(rows.map((r) => r.id));
}

export interface BookingAudienceRow {
  accountId: string;
  resourceId: string;
}

/** Whose live streams hear about a booking: its work order's account and its technician. */
export async function findBookingAudience(sql: Sql | Tx, businessId: string, bookingId: string): Promise<BookingAudienceRow | undefined> {
  const [row] = await sql<BookingAudienceRow[]>`
    SELECT w.account_id, b.resource_id FROM booking b JOIN work_order w ON w.id = b.work_order_id
    WHERE b.business_id = ${businessId} AND b.id = ${bookingId}`;
  return row;
}

/** What decides which live topic a user may follow in a business. */
export interface LiveAudienceRow {
  businessId: string;
  userId: string;
  roles: Role[];
  /** The active technician linked to the user, if any. */
  technicianId: string | null;
  /** The customer the user is (contact with the customer role), if any. */
  accountId: string | null;
  accountActive: boolean | null;
}

/** For many (business, user) pairs at once: roles, active technician and customer identity, one row per pair. */
export async function findLiveAudiences(sql: Sql | Tx, pairs: { businessId: string; userId: string }[]): Promise<LiveAudienceRow[]> {
  if (!pairs.length) return [];
  return sql<LiveAudienceRow[]>`
    SELECT p.business_id AS "businessId", p.user_id AS "userId",
      coalesce((SELECT array_agg(m.role::text ORDER BY m.role) FROM membership m WHERE m.business_id = p.business_id AND m.user_id = p.user_id), '{}') AS "roles",
      (SELECT r.id FROM resource r WHERE r.business_id = p.business_id AND r.user_id = p.user_id AND r.active) AS "technicianId",
      ci."accountId" AS "accountId", ci."accountActive" AS "accountActive"
    FROM unnest(${pairs.map((p) => p.businessId)}::uuid[], ${pairs.map((p) => p.userId)}::text[]) AS p(business_id, user_id)
    LEFT JOIN LATERAL (${customerIdentityQuery(sql, sql`p.business_id`, sql`p.user_id`)}) ci ON true`;
}


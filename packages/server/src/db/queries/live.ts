import type { Sql, Tx } from '../client';

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

// Staff scheduling for a customer: who a visit belongs to, so staff can act on it as its customer
// would (through the customer's own scheduling services).
import type { BookingStatus } from '@arrivo/core';
import type { Sql, Tx } from '../client';

export interface VisitPartiesRow {
  accountId: string;
  accountActive: boolean;
  /** The Reported By contact (null when it was deleted). */
  contactId: string | null;
  serviceTypeId: string;
  assetId: string | null;
  status: BookingStatus;
}

/** A visit of this business: its account, contact, service type and product. */
export async function findVisitParties(sql: Sql | Tx, businessId: string, bookingId: string): Promise<VisitPartiesRow | undefined> {
  const [row] = await sql<VisitPartiesRow[]>`
    SELECT w.account_id, acc.active AS account_active, w.reported_by_contact_id AS contact_id, w.service_type_id, w.asset_id, b.status
    FROM booking b
    JOIN work_order w ON w.business_id = b.business_id AND w.id = b.work_order_id
    JOIN account acc ON acc.business_id = w.business_id AND acc.id = w.account_id
    WHERE b.business_id = ${businessId} AND b.id = ${bookingId}`;
  return row;
}

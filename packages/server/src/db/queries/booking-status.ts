import type { BookingStatus } from '@arrivo/core';
import type { Sql, Tx } from '../client';

export interface BookingStatusRow {
  id: string;
  status: BookingStatus;
  resourceId: string;
  /** The account the assigned technician signs in with, if linked. */
  technicianUserId: string | null;
  arrivalAt: Date;
}

/** A booking of this business, locked until the transaction ends. */
export async function lockBookingStatus(tx: Tx, businessId: string, bookingId: string): Promise<BookingStatusRow | undefined> {
  const [row] = await tx<BookingStatusRow[]>`
    SELECT b.id, b.status, b.resource_id, r.user_id AS technician_user_id, b.arrival_at
    FROM booking b JOIN resource r ON r.id = b.resource_id
    WHERE b.business_id = ${businessId} AND b.id = ${bookingId}
    FOR UPDATE OF b`;
  return row;
}

export async function setBookingStatus(tx: Tx, bookingId: string, to: BookingStatus, cancelReason: string | null): Promise<void> {
  await tx`
    UPDATE booking SET status = ${to}, cancel_reason = ${to === 'canceled' ? cancelReason : tx`cancel_reason`}
    WHERE id = ${bookingId}`;
}

export interface StatusHistoryRow {
  fromStatus: BookingStatus | null;
  toStatus: BookingStatus;
  changedByUserId: string | null;
  note: string | null;
  changedAt: Date;
}

export async function listStatusHistory(sql: Sql | Tx, businessId: string, bookingId: string): Promise<StatusHistoryRow[]> {
  return sql<StatusHistoryRow[]>`
    SELECT from_status, to_status, changed_by_user_id, note, changed_at FROM booking_status_history
    WHERE business_id = ${businessId} AND booking_id = ${bookingId} ORDER BY changed_at, id`;
}

import type { Sql } from '../client';

export interface DeliveryAttempt {
  businessId: string;
  channel: string;
  event: string;
  recipient: string;
  /** One message: the same key on a retry counts another attempt on the same row. */
  idempotencyKey: string;
  bookingId?: string | null;
  contactId?: string | null;
}

/** Count an attempt to deliver a message (the audit log; it decides nothing). */
export async function logDeliveryAttempt(sql: Sql, a: DeliveryAttempt): Promise<void> {
  await sql`
    INSERT INTO notification_log (business_id, booking_id, contact_id, channel, event, recipient, idempotency_key, attempts)
    VALUES (${a.businessId}, ${a.bookingId ?? null}, ${a.contactId ?? null}, ${a.channel}, ${a.event}, ${a.recipient}, ${a.idempotencyKey}, 1)
    ON CONFLICT (business_id, idempotency_key) DO UPDATE
      SET attempts = notification_log.attempts + 1, status = 'queued', sent_at = NULL`;
}

export async function logDeliveryOutcome(sql: Sql, key: { businessId: string; idempotencyKey: string }, error: string | null): Promise<void> {
  await sql`
    UPDATE notification_log
    SET status = ${error === null ? 'sent' : 'failed'}, sent_at = ${error === null ? sql`now()` : null},
        last_error = ${error === null ? null : error.slice(0, 2000)}
    WHERE business_id = ${key.businessId} AND idempotency_key = ${key.idempotencyKey}`;
}

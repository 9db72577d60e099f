import type { Tx } from '../client';

/**
 * Claim (event, subscriber) for this transaction. False when it was handled before — or is being
 * handled right now: a concurrent twin waits on the row lock and then sees it taken.
 */
export async function claimEventDelivery(tx: Tx, claim: { eventId: string; subscriber: string; eventName: string; businessId: string }): Promise<boolean> {
  const rows = await tx`
    INSERT INTO event_delivery (event_id, subscriber, event_name, business_id)
    VALUES (${claim.eventId}, ${claim.subscriber}, ${claim.eventName}, ${claim.businessId})
    ON CONFLICT DO NOTHING RETURNING event_id`;
  return rows.length === 1;
}

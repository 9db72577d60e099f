import type { Sql } from '../client';

/** Delete what no request can use any more; returns how many rows of each went. */
export async function pruneExpired(
  sql: Sql,
  keep: { idempotencyHours: number; eventDeliveryDays: number },
): Promise<{ rateLimits: number; idempotencyKeys: number; signInFlows: number; eventDeliveries: number }> {
  const rateLimits = await sql`DELETE FROM rate_limit WHERE expires_at <= now()`;
  const idempotencyKeys = await sql`DELETE FROM idempotency_key WHERE created_at < now() - make_interval(hours => ${keep.idempotencyHours})`;
  const signInFlows = await sql`DELETE FROM external_sign_in_flow WHERE expires_at <= now()`;
  const eventDeliveries = await sql`DELETE FROM event_delivery WHERE handled_at < now() - make_interval(days => ${keep.eventDeliveryDays})`;
  return { rateLimits: rateLimits.count, idempotencyKeys: idempotencyKeys.count, signInFlows: signInFlows.count, eventDeliveries: eventDeliveries.count };
}

import type { Sql } from '../client';

/** Delete what no request can use any more; returns how many rows of each went. */
export async function pruneExpired(
  sql: Sql,
  keep: { idempotencyHours: number; eventDeliveryDays: number },
): Promise<{ rateLimits: number; idempotencyKeys: number; signInFlows: number; eventDeliveries: number; locations: number; trackingLinks: number; surveyLinks: number }> {
  const rateLimits = await sql`DELETE FROM rate_limit WHERE expires_at <= now()`;
  const idempotencyKeys = await sql`DELETE FROM idempotency_key WHERE created_at < now() - make_interval(hours => ${keep.idempotencyHours})`;
  const signInFlows = await sql`DELETE FROM external_sign_in_flow WHERE expires_at <= now()`;
  const eventDeliveries = await sql`DELETE FROM event_delivery WHERE handled_at < now() - make_interval(days => ${keep.eventDeliveryDays})`;
  // Technicians' whereabouts: past the business's retention, or of a visit that left Traveling
  // longer ago than the tracking link's grace period (nobody may see them any more).
  const oldFixes = await sql`
    DELETE FROM technician_location l USING business_settings s
    WHERE s.business_id = l.business_id AND l.recorded_at < now() - make_interval(hours => s.location_retention_hours)`;
  const endedFixes = await sql`
    DELETE FROM technician_location l USING booking b, business_settings s
    WHERE b.id = l.booking_id AND s.business_id = b.business_id AND b.status <> 'traveling'
      AND (SELECT max(h.changed_at) FROM booking_status_history h WHERE h.booking_id = b.id AND h.from_status = 'traveling')
          < now() - make_interval(mins => s.tracking_link_grace_minutes)`;
  // Fixes whose visit was deleted, and links that ended long ago (staff still see recent ones as expired).
  const orphans = await sql`DELETE FROM technician_location WHERE booking_id IS NULL`;
  const trackingLinks = await sql`DELETE FROM tracking_link WHERE expires_at < now() - make_interval(days => ${keep.eventDeliveryDays})`;
  // Survey links only ever open until they expire: nothing to show staff after that.
  const surveyLinks = await sql`DELETE FROM survey_link_token WHERE expires_at <= now()`;
  return {
    rateLimits: rateLimits.count,
    idempotencyKeys: idempotencyKeys.count,
    signInFlows: signInFlows.count,
    eventDeliveries: eventDeliveries.count,
    locations: oldFixes.count + endedFixes.count + orphans.count,
    trackingLinks: trackingLinks.count,
    surveyLinks: surveyLinks.count,
  };
}

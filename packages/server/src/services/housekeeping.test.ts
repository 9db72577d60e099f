import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/database';
import { makeBooking, makeBusiness, makeResource, makeWorkOrder } from '../../test/fixtures';
import { silentLog } from '../../test/http';
import { pruneExpired } from '../db/queries/housekeeping';
import { EVENT_DELIVERY_DAYS, IDEMPOTENCY_HOURS, KEEP, startHousekeeping } from './housekeeping';

describe('housekeeping', () => {
  const db = useTestDatabase();

  const keys = async () => (await db.sql`SELECT key FROM rate_limit ORDER BY key`).map((r) => r.key);
  const expiredWindow = (key: string) =>
    db.sql`INSERT INTO rate_limit (key, window_started_at, hits, expires_at) VALUES (${key}, now() - interval '2 hours', 3, now() - interval '1 hour')`;

  it('prunes ended rate-limit windows, forgotten idempotency keys, stale sign-in flows and old delivery marks, and keeps the rest', async () => {
    const business = await makeBusiness(db.sql);
    await db.sql`INSERT INTO auth_user (id, name, email, email_verified) VALUES ('u1', 'U', 'u1@example.com', true)`;
    await expiredWindow('old');
    await db.sql`INSERT INTO rate_limit (key, window_started_at, hits, expires_at) VALUES ('live', now(), 1, now() + interval '15 minutes')`;
    await db.sql`
      INSERT INTO idempotency_key (business_id, user_id, key, request_hash, created_at) VALUES
        (${business.id}, 'u1', 'old-key-1', 'h', now() - make_interval(hours => ${IDEMPOTENCY_HOURS + 1})),
        (${business.id}, 'u1', 'new-key-1', 'h', now() - interval '1 hour')`;
    await db.sql`
      INSERT INTO external_sign_in_flow (id_hash, business_id, return_to, expires_at) VALUES
        ('stale', ${business.id}, 'https://a.example/', now() - interval '1 minute'),
        ('open', ${business.id}, 'https://a.example/', now() + interval '10 minutes')`;

    await db.sql`
      INSERT INTO event_delivery (event_id, subscriber, event_name, business_id, handled_at) VALUES
        (gen_random_uuid(), 'old-mark', 'booking.created', ${business.id}, now() - make_interval(days => ${EVENT_DELIVERY_DAYS + 1})),
        (gen_random_uuid(), 'new-mark', 'booking.created', ${business.id}, now() - interval '1 day')`;

    const wo = await makeWorkOrder(db.sql, business.id);
    const visit = await makeBooking(db.sql, { businessId: business.id, workOrderId: wo.workOrderId, resourceId: (await makeResource(db.sql, business.id)).id, arrival: new Date().toISOString(), status: 'completed' });
    await db.sql`
      INSERT INTO survey_link_token (token_hash, business_id, booking_id, expires_at) VALUES
        (${'e'.repeat(43)}, ${business.id}, ${visit.id}, now() - interval '1 minute'),
        (${'v'.repeat(43)}, ${business.id}, ${visit.id}, now() + interval '1 day')`;

    expect(await pruneExpired(db.sql, KEEP)).toEqual({ rateLimits: 1, idempotencyKeys: 1, signInFlows: 1, eventDeliveries: 1, locations: 0, trackingLinks: 0, surveyLinks: 1 });
    expect((await db.sql`SELECT token_hash FROM survey_link_token`).map((r) => r.tokenHash)).toEqual(['v'.repeat(43)]);
    expect((await db.sql`SELECT subscriber FROM event_delivery`).map((r) => r.subscriber)).toEqual(['new-mark']);
    expect(await keys()).toEqual(['live']);
    expect((await db.sql`SELECT key FROM idempotency_key`).map((r) => r.key)).toEqual(['new-key-1']);
    expect((await db.sql`SELECT id_hash FROM external_sign_in_flow`).map((r) => r.idHash)).toEqual(['open']);
  });

  it('runs on a timer', async () => {
    await expiredWindow('first');
    const stop = startHousekeeping(db.sql, silentLog, 25);
    try {
      await expect.poll(keys, { timeout: 5000 }).not.toContain('first');
      await expiredWindow('later'); // after the first run: only the timer can remove it
      await expect.poll(keys, { timeout: 5000 }).not.toContain('later');
    } finally {
      stop();
    }
  });
});

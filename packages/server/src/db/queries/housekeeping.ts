import type { Sql } from '../client';

/** Delete what no request can use any more; returns how many rows of each went. */
export async function pruneExpired(sql: Sql, idempotencyHours: number): Promise<{ rateLimits: number; idempotencyKeys: number; signInFlows: number }> {
  const rateLimits = await sql`DELETE FROM rate_limit WHERE expires_at <= now()`;
  const idempotencyKeys = await sql`DELETE FROM idempotency_key WHERE created_at < now() - make_interval(hours => ${idempotencyHours})`;
  const signInFlows = await sql`DELETE FROM external_sign_in_flow WHERE expires_at <= now()`;
  return { rateLimits: rateLimits.count, idempotencyKeys: idempotencyKeys.count, signInFlows: signInFlows.count };
}

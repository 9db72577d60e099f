import type { Profile, ProfileUpdate } from '@arrivo/core';
import type { Sql } from '../client';

export async function findProfile(sql: Sql, businessId: string, contactId: string): Promise<Profile | undefined> {
  const [row] = await sql<Profile[]>`
    SELECT c.first_name, c.last_name, c.email, c.phone, c.preferred_language, c.time_zone,
           c.notify_email, c.notify_sms, c.profile_completed_at IS NOT NULL AS profile_completed,
           json_build_object('id', a.id, 'name', a.name) AS account
    FROM contact c JOIN account a ON a.id = c.account_id
    WHERE c.business_id = ${businessId} AND c.id = ${contactId}`;
  return row;
}

/** Save what was given; saving (even nothing) completes the first-run profile step. */
export async function saveProfile(sql: Sql, businessId: string, contactId: string, update: ProfileUpdate): Promise<void> {
  const columns = Object.keys(update) as (keyof ProfileUpdate)[];
  // (postgres.js reads the helper's form from the SQL before it, so it cannot live in a fragment.)
  if (columns.length) {
    await sql`
      UPDATE contact SET ${sql(update, ...columns)}, profile_completed_at = coalesce(profile_completed_at, now())
      WHERE business_id = ${businessId} AND id = ${contactId}`;
  } else {
    await sql`
      UPDATE contact SET profile_completed_at = coalesce(profile_completed_at, now())
      WHERE business_id = ${businessId} AND id = ${contactId}`;
  }
}

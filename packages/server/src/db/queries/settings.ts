import type { AccessSettings } from '@arrivo/core';
import type { Sql, Tx } from '../client';

export async function getAccessSettings(sql: Sql | Tx, businessId: string): Promise<AccessSettings> {
  const [row] = await sql<AccessSettings[]>`
    SELECT auto_invite, invitation_ttl_hours, allowed_origins, portal_url
    FROM business_settings WHERE business_id = ${businessId}`;
  return row!;
}

export async function updateAccessSettings(sql: Sql | Tx, businessId: string, patch: Partial<AccessSettings>): Promise<AccessSettings> {
  const columns = Object.keys(patch) as (keyof AccessSettings)[];
  if (columns.length) {
    await sql`UPDATE business_settings SET ${sql(patch, ...columns)} WHERE business_id = ${businessId}`;
  }
  return getAccessSettings(sql, businessId);
}

/** Is `origin` allowed by this business (or, with no business, by any business)? */
export async function isOriginAllowed(sql: Sql, origin: string, businessSlug?: string): Promise<boolean> {
  const [row] = businessSlug
    ? await sql`
        SELECT 1 FROM business_settings s JOIN business b ON b.id = s.business_id
        WHERE b.slug = ${businessSlug} AND ${origin} = ANY (s.allowed_origins)`
    : await sql`SELECT 1 FROM business_settings WHERE ${origin} = ANY (allowed_origins) LIMIT 1`;
  return Boolean(row);
}

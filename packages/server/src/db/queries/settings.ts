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

/** The origins the business with this slug allows pages to call it from; undefined: no such business. */
export async function allowedOriginsBySlug(sql: Sql, businessSlug: string): Promise<string[] | undefined> {
  const [row] = await sql<{ allowedOrigins: string[] }[]>`
    SELECT s.allowed_origins FROM business_settings s JOIN business b ON b.id = s.business_id
    WHERE b.slug = ${businessSlug}`;
  return row?.allowedOrigins;
}

/** Does any business allow `origin`? (For routes of no business: health, the OpenAPI document.) */
export async function anyBusinessAllowsOrigin(sql: Sql, origin: string): Promise<boolean> {
  const [row] = await sql`SELECT 1 FROM business_settings WHERE ${origin} = ANY (allowed_origins) LIMIT 1`;
  return Boolean(row);
}

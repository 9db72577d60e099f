import type { Sql, Tx } from '../client';

export interface BusinessRow {
  id: string;
  slug: string;
  name: string;
  timeZone: string;
  phone: string | null;
  website: string | null;
}

export async function findBusinessBySlug(sql: Sql | Tx, slug: string): Promise<BusinessRow | undefined> {
  const [row] = await sql<BusinessRow[]>`
    SELECT id, slug, name, time_zone, phone, website FROM business WHERE slug = ${slug}`;
  return row;
}

export async function insertBusiness(
  sql: Sql | Tx,
  business: Omit<BusinessRow, 'id'>,
): Promise<BusinessRow> {
  // One statement, so a business never exists without its settings, whatever handle is passed.
  const [row] = await sql<BusinessRow[]>`
    WITH b AS (
      INSERT INTO business ${sql(business, 'slug', 'name', 'timeZone', 'phone', 'website')}
      RETURNING id, slug, name, time_zone, phone, website
    ), s AS (INSERT INTO business_settings (business_id) SELECT id FROM b)
    SELECT * FROM b`;
  return row!;
}

export async function findBusinessById(sql: Sql | Tx, id: string): Promise<BusinessRow | undefined> {
  const [row] = await sql<BusinessRow[]>`
    SELECT id, slug, name, time_zone, phone, website FROM business WHERE id = ${id}`;
  return row;
}

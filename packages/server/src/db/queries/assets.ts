import type { Asset } from '@arrivo/core';
import type { Sql, Tx } from '../client';

export type AssetFields = Pick<Asset, 'name' | 'serialNumber' | 'functionalLocationId'>;

// The address a visit goes to: the asset's functional location when it has one, else the account's.
const SELECT = (sql: Sql | Tx) => sql`
  SELECT a.id, a.account_id, a.name, a.serial_number, a.functional_location_id,
         json_build_object(
           'name', fl.name,
           'addressLine1', coalesce(fl.address_line1, ac.address_line1),
           'city', coalesce(fl.city, ac.city),
           'postalCode', CASE WHEN fl.id IS NULL THEN ac.postal_code ELSE fl.postal_code END,
           'lat', coalesce(fl.lat, ac.lat),
           'lon', coalesce(fl.lon, ac.lon)) AS location
  FROM asset a
  JOIN account ac ON ac.id = a.account_id
  LEFT JOIN functional_location fl ON fl.id = a.functional_location_id`;

export async function insertAsset(sql: Sql | Tx, businessId: string, accountId: string, asset: AssetFields): Promise<string> {
  const [row] = await sql<{ id: string }[]>`INSERT INTO asset ${sql({ businessId, accountId, ...asset })} RETURNING id`;
  return row!.id;
}

export async function updateAsset(sql: Sql | Tx, businessId: string, id: string, patch: Partial<AssetFields>): Promise<boolean> {
  const columns = Object.keys(patch) as (keyof AssetFields)[];
  if (!columns.length) return Boolean(await findAsset(sql, businessId, id));
  const rows = await sql`UPDATE asset SET ${sql(patch, ...columns)} WHERE business_id = ${businessId} AND id = ${id} RETURNING id`;
  return rows.length > 0;
}

export async function deleteAsset(sql: Sql | Tx, businessId: string, id: string): Promise<boolean> {
  const rows = await sql`DELETE FROM asset WHERE business_id = ${businessId} AND id = ${id} RETURNING id`;
  return rows.length > 0;
}

/** `accountId`, when given, also requires the asset to belong to that account (customers). */
export async function findAsset(sql: Sql | Tx, businessId: string, id: string, accountId?: string): Promise<Asset | undefined> {
  const [row] = await sql<Asset[]>`
    ${SELECT(sql)} WHERE a.business_id = ${businessId} AND a.id = ${id}
    ${accountId ? sql`AND a.account_id = ${accountId}` : sql``}`;
  return row;
}

export async function listAssets(sql: Sql | Tx, businessId: string, accountId: string): Promise<Asset[]> {
  return sql<Asset[]>`${SELECT(sql)} WHERE a.business_id = ${businessId} AND a.account_id = ${accountId} ORDER BY lower(a.name), a.id`;
}

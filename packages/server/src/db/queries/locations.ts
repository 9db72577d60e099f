import type { FunctionalLocation, Place } from '@arrivo/core';
import type { Sql, Tx } from '../client';

const COLUMNS = ['name', 'addressLine1', 'addressLine2', 'city', 'region', 'postalCode', 'country', 'lat', 'lon', 'territoryId'] as const;

/** An address with its coordinates and territory, as accounts and functional locations store it. */
export type PlaceColumns = Place;
export type LocationRow = FunctionalLocation;

type LocationFields = Omit<LocationRow, 'id' | 'accountId'>;

export async function insertLocation(
  sql: Sql | Tx,
  businessId: string,
  accountId: string,
  location: Partial<LocationFields> & Pick<LocationFields, 'name' | 'addressLine1' | 'city' | 'lat' | 'lon'>,
): Promise<LocationRow> {
  const row = { addressLine2: null, region: null, postalCode: null, country: 'US', territoryId: null, ...location, businessId, accountId };
  const [inserted] = await sql<LocationRow[]>`
    INSERT INTO functional_location ${sql(row, 'businessId', 'accountId', ...COLUMNS)}
    RETURNING id, account_id, ${sql(COLUMNS)}`;
  return inserted!;
}

export async function listLocations(sql: Sql | Tx, businessId: string, accountId: string): Promise<LocationRow[]> {
  return sql<LocationRow[]>`
    SELECT id, account_id, ${sql(COLUMNS)} FROM functional_location
    WHERE business_id = ${businessId} AND account_id = ${accountId} ORDER BY lower(name), id`;
}

export async function locationBelongsToAccount(sql: Sql | Tx, businessId: string, locationId: string, accountId: string): Promise<boolean> {
  const [row] = await sql`SELECT 1 FROM functional_location WHERE business_id = ${businessId} AND id = ${locationId} AND account_id = ${accountId}`;
  return Boolean(row);
}

/** The location, locked until the transaction ends (an asset being placed there waits, and sees it gone). */
export async function lockLocation(tx: Tx, businessId: string, id: string): Promise<LocationRow | undefined> {
  const [row] = await tx<LocationRow[]>`
    SELECT id, account_id, ${tx(COLUMNS)} FROM functional_location WHERE business_id = ${businessId} AND id = ${id} FOR UPDATE`;
  return row;
}

export async function updateLocation(sql: Sql | Tx, businessId: string, id: string, patch: Partial<LocationFields>): Promise<LocationRow | undefined> {
  const columns = Object.keys(patch) as (keyof LocationFields)[];
  const [row] = columns.length
    ? await sql<LocationRow[]>`
        UPDATE functional_location SET ${sql(patch, ...columns)} WHERE business_id = ${businessId} AND id = ${id}
        RETURNING id, account_id, ${sql(COLUMNS)}`
    : await sql<LocationRow[]>`SELECT id, account_id, ${sql(COLUMNS)} FROM functional_location WHERE business_id = ${businessId} AND id = ${id}`;
  return row;
}

/** How many assets are installed at the location. */
export async function countAssetsAtLocation(sql: Sql | Tx, businessId: string, id: string): Promise<number> {
  const [row] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM asset WHERE business_id = ${businessId} AND functional_location_id = ${id}`;
  return row!.n;
}

export async function deleteLocation(sql: Sql | Tx, businessId: string, id: string): Promise<boolean> {
  const rows = await sql`DELETE FROM functional_location WHERE business_id = ${businessId} AND id = ${id} RETURNING id`;
  return rows.length > 0;
}

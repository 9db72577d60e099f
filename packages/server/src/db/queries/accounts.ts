import type { Account } from '@arrivo/core';
import type { Sql, Tx } from '../client';

const COLUMNS = ['name', 'active', 'addressLine1', 'addressLine2', 'city', 'region', 'postalCode', 'country', 'lat', 'lon', 'territoryId'] as const;
type AccountFields = Omit<Account, 'id'>;

export async function insertAccount(sql: Sql | Tx, businessId: string, account: Partial<AccountFields> & Pick<AccountFields, 'name' | 'addressLine1' | 'city' | 'lat' | 'lon'>): Promise<Account> {
  const row = { addressLine2: null, region: null, postalCode: null, country: 'US', active: true, territoryId: null, ...account, businessId };
  const [inserted] = await sql<Account[]>`
    INSERT INTO account ${sql(row, 'businessId', ...COLUMNS)}
    RETURNING id, ${sql(COLUMNS)}`;
  return inserted!;
}

export async function updateAccount(sql: Sql | Tx, businessId: string, id: string, patch: Partial<AccountFields>): Promise<Account | undefined> {
  const columns = COLUMNS.filter((c) => c in patch);
  if (!columns.length) return findAccount(sql, businessId, id);
  const [row] = await sql<Account[]>`
    UPDATE account SET ${sql(patch, ...columns)} WHERE business_id = ${businessId} AND id = ${id}
    RETURNING id, ${sql(COLUMNS)}`;
  return row;
}

export async function findAccount(sql: Sql | Tx, businessId: string, id: string): Promise<Account | undefined> {
  const [row] = await sql<Account[]>`
    SELECT id, ${sql(COLUMNS)} FROM account WHERE business_id = ${businessId} AND id = ${id}`;
  return row;
}

export async function listAccounts(sql: Sql | Tx, businessId: string, filter: { q?: string; active?: boolean }): Promise<Account[]> {
  return sql<Account[]>`
    SELECT id, ${sql(COLUMNS)} FROM account
    WHERE business_id = ${businessId}
      ${filter.active === undefined ? sql`` : sql`AND active = ${filter.active}`}
      ${filter.q ? sql`AND name ILIKE ${'%' + filter.q.replace(/[\\%_]/g, (m) => '\\' + m) + '%'}` : sql``}
    ORDER BY lower(name), id LIMIT 500`;
}

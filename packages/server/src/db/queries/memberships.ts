import type { Role } from '@arrivo/core';
import type { Sql, Tx } from '../client';

export async function rolesOf(sql: Sql | Tx, businessId: string, userId: string): Promise<Role[]> {
  const rows = await sql<{ role: Role }[]>`
    SELECT role FROM membership WHERE business_id = ${businessId} AND user_id = ${userId} ORDER BY role`;
  return rows.map((r) => r.role);
}

export async function addMembership(sql: Sql | Tx, businessId: string, userId: string, role: Role): Promise<void> {
  await sql`
    INSERT INTO membership (business_id, user_id, role) VALUES (${businessId}, ${userId}, ${role})
    ON CONFLICT DO NOTHING`;
}

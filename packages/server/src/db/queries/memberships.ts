import type { Role } from '@arrivo/core';
import type { Sql, Tx } from '../client';

/** A user's roles in a business as a query fragment, one `role` per row (also embedded in `findSessionWithTechnician`). */
export const rolesQuery = (sql: Sql | Tx, businessId: string, userId: string | ReturnType<Sql>) => sql`
    SELECT role FROM membership WHERE business_id = ${businessId} AND user_id = ${userId} ORDER BY role`;

export async function rolesOf(sql: Sql | Tx, businessId: string, userId: string): Promise<Role[]> {
  const rows = await sql<{ role: Role }[]>`${rolesQuery(sql, businessId, userId)}`;
  return rows.map((r) => r.role);
}

export async function addMembership(sql: Sql | Tx, businessId: string, userId: string, role: Role): Promise<void> {
  await sql`
    INSERT INTO membership (business_id, user_id, role) VALUES (${businessId}, ${userId}, ${role})
    ON CONFLICT DO NOTHING`;
}

/** The email addresses of the business's admins (users with the admin role), sorted. */
export async function adminEmails(sql: Sql | Tx, businessId: string): Promise<string[]> {
  const rows = await sql<{ email: string }[]>`
    SELECT DISTINCT u.email FROM membership m JOIN auth_user u ON u.id = m.user_id
    WHERE m.business_id = ${businessId} AND m.role = 'admin' ORDER BY u.email`;
  return rows.map((r) => r.email);
}

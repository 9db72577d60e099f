import type { Person, Role } from '@arrivo/core';
import type { Sql, Tx } from '../client';

const like = (q: string) => `%${q.replace(/[\\%_]/g, (m) => '\\' + m)}%`;

// A person of the business: a user holding at least one role here, with whether a contact is theirs.
const PERSON = (sql: Sql | Tx, businessId: string) => sql`
  SELECT u.id AS user_id, u.name, u.email,
         array_agg(m.role ORDER BY m.role) AS roles,
         EXISTS (SELECT 1 FROM contact c WHERE c.business_id = ${businessId} AND c.user_id = u.id) AS contact
  FROM membership m JOIN auth_user u ON u.id = m.user_id
  WHERE m.business_id = ${businessId}`;

/** The business's people by name or email, optionally only those holding `role`; `limit + 1` of them. */
export async function searchPeople(
  sql: Sql | Tx,
  businessId: string,
  filter: { q?: string; role?: Role; limit: number; offset: number },
): Promise<Person[]> {
  return sql<Person[]>`
    ${PERSON(sql, businessId)}
      ${filter.q ? sql`AND (u.name ILIKE ${like(filter.q)} OR u.email ILIKE ${like(filter.q)})` : sql``}
    GROUP BY u.id
    ${filter.role ? sql`HAVING bool_or(m.role = ${filter.role})` : sql``}
    ORDER BY lower(u.name), u.email, u.id LIMIT ${filter.limit + 1} OFFSET ${filter.offset}`;
}

/** One person of the business (none: the user holds no role here). */
export async function findPerson(sql: Sql | Tx, businessId: string, userId: string): Promise<Person | undefined> {
  const [row] = await sql<Person[]>`${PERSON(sql, businessId)} AND u.id = ${userId} GROUP BY u.id`;
  return row;
}

/** Whether the user is linked to a contact of the business. */
export async function hasContactAt(sql: Sql | Tx, businessId: string, userId: string): Promise<boolean> {
  const [row] = await sql`SELECT 1 FROM contact WHERE business_id = ${businessId} AND user_id = ${userId}`;
  return Boolean(row);
}

/** Serialize role changes of one business (the last-admin guard reads, then writes). */
export async function lockBusinessRoles(tx: Tx, businessId: string): Promise<void> {
  await tx`SELECT 1 FROM business WHERE id = ${businessId} FOR UPDATE`;
}

export async function countAdmins(sql: Sql | Tx, businessId: string): Promise<number> {
  const [row] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM membership WHERE business_id = ${businessId} AND role = 'admin'`;
  return row!.n;
}

export async function setRoles(tx: Tx, businessId: string, userId: string, roles: readonly Role[]): Promise<void> {
  await tx`DELETE FROM membership WHERE business_id = ${businessId} AND user_id = ${userId} AND NOT (role = ANY(${roles as Role[]}::text[]))`;
  if (roles.length) {
    await tx`
      INSERT INTO membership (business_id, user_id, role)
      SELECT ${businessId}, ${userId}, r FROM unnest(${roles as Role[]}::text[]) r
      ON CONFLICT DO NOTHING`;
  }
}

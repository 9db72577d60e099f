import type { Sql, Tx } from '../client';

export interface TechnicianAccountRow {
  technicianId: string;
  userId: string | null;
  email: string | null;
}

/** A technician (resource) and the account linked to it, if any; locked when `forUpdate`. */
export async function findTechnicianAccount(sql: Sql | Tx, businessId: string, technicianId: string, forUpdate = false): Promise<TechnicianAccountRow | undefined> {
  const [row] = await sql<TechnicianAccountRow[]>`
    SELECT r.id AS technician_id, r.user_id, u.email
    FROM resource r LEFT JOIN auth_user u ON u.id = r.user_id
    WHERE r.business_id = ${businessId} AND r.id = ${technicianId}
    ${forUpdate ? sql`FOR UPDATE OF r` : sql``}`;
  return row;
}

/**
 * The technician record this account is linked to in this business, active or not: for the
 * one-link-per-account rule only. What a user may see or do as a technician goes by
 * `findTechnicianOfUser` (active records only), as the live stream and the technician API do.
 */
export async function technicianIdOfUser(sql: Sql | Tx, businessId: string, userId: string): Promise<string | undefined> {
  const [row] = await sql<{ id: string }[]>`SELECT id FROM resource WHERE business_id = ${businessId} AND user_id = ${userId}`;
  return row?.id;
}

export async function setTechnicianUser(tx: Tx, businessId: string, technicianId: string, userId: string | null): Promise<void> {
  await tx`UPDATE resource SET user_id = ${userId} WHERE business_id = ${businessId} AND id = ${technicianId}`;
}

import type { Role } from '@arrivo/core';
import type { Sql, Tx } from '../client';
import { customerIdentityQuery, type CustomerIdentity } from './contacts';
import { rolesQuery } from './memberships';
import { technicianOfUserQuery, type TechnicianRow } from './tracking';

/** A better-auth session with its user, as the per-request session check needs it. */
export interface SessionByToken {
  sessionId: string;
  businessId: string | null;
  createdAt: Date;
  expiresAt: Date;
  userId: string;
  email: string;
  name: string;
}

/**
 * The session behind a raw session token, with its user: one indexed lookup (auth_session.token is
 * unique). Aliases are spelled out so the answer is the same with or without a camelCase transform.
 */
export async function findSessionByToken(sql: Sql, token: string): Promise<SessionByToken | undefined> {
  const [row] = await sql<SessionByToken[]>`
    SELECT s.id AS "sessionId", s.business_id AS "businessId", s.created_at AS "createdAt", s.expires_at AS "expiresAt",
           u.id AS "userId", u.email, u.name
    FROM auth_session s JOIN auth_user u ON u.id = s.user_id
    WHERE s.token = ${token}`;
  return row;
}

/**
 * The same, with the customer the session's user is in `businessId` (null: none) in the same round
 * trip: what every customer route checks first.
 */
export async function findSessionWithCustomer(
  sql: Sql,
  token: string,
  businessId: string,
): Promise<(SessionByToken & { customer: CustomerIdentity | null }) | undefined> {
  const [row] = await sql<(SessionByToken & Partial<CustomerIdentity>)[]>`
    SELECT s.id AS "sessionId", s.business_id AS "businessId", s.created_at AS "createdAt", s.expires_at AS "expiresAt",
           u.id AS "userId", u.email, u.name, ci.*
    FROM auth_session s JOIN auth_user u ON u.id = s.user_id
    LEFT JOIN LATERAL (${customerIdentityQuery(sql, businessId, sql`u.id`)}) ci ON true
    WHERE s.token = ${token}`;
  if (!row) return undefined;
  const { contactId, accountId, accountActive, profileCompleted, ...session } = row;
  const customer = contactId ? { contactId, accountId: accountId!, accountActive: accountActive!, profileCompleted: profileCompleted! } : null;
  return { ...session, customer };
}

/** What every technician route checks after the session: the user's roles here and their technician record (null: none). */
export interface TechnicianAccess {
  roles: Role[];
  technician: TechnicianRow | null;
}

/**
 * The session with the user's roles in `businessId` and their active technician record there, in
 * one round trip: what every technician route (a location fix every few seconds) checks first.
 */
export async function findSessionWithTechnician(
  sql: Sql,
  token: string,
  businessId: string,
): Promise<(SessionByToken & { technicianAccess: TechnicianAccess }) | undefined> {
  const [row] = await sql<(SessionByToken & { roles: Role[]; technicianId: string | null; technicianName: string | null })[]>`
    SELECT s.id AS "sessionId", s.business_id AS "businessId", s.created_at AS "createdAt", s.expires_at AS "expiresAt",
           u.id AS "userId", u.email, u.name,
           ARRAY(SELECT r.role::text FROM (${rolesQuery(sql, businessId, sql`u.id`)}) r) AS roles,
           t.id AS "technicianId", t.name AS "technicianName"
    FROM auth_session s JOIN auth_user u ON u.id = s.user_id
    LEFT JOIN LATERAL (${technicianOfUserQuery(sql, businessId, sql`u.id`)}) t ON true
    WHERE s.token = ${token}`;
  if (!row) return undefined;
  const { roles, technicianId, technicianName, ...session } = row;
  return { ...session, technicianAccess: { roles, technician: technicianId ? { id: technicianId, name: technicianName! } : null } };
}

/** Sign the user out everywhere they signed in at this business (their sessions elsewhere stay). */
export async function deleteSessionsAt(sql: Sql | Tx, businessId: string, userId: string): Promise<number> {
  const rows = await sql`DELETE FROM auth_session WHERE business_id = ${businessId} AND user_id = ${userId} RETURNING id`;
  return rows.length;
}

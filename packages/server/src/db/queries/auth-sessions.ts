import type { Sql } from '../client';

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

import type { Sql, Tx } from '../client';

export async function findUserIdByEmail(sql: Sql | Tx, email: string): Promise<string | undefined> {
  const [row] = await sql<{ id: string }[]>`SELECT id FROM auth_user WHERE email = ${email.toLowerCase()}`;
  return row?.id;
}

/** Having received the invitation code by email proves the address. */
export async function markEmailVerified(sql: Sql | Tx, userId: string): Promise<void> {
  await sql`UPDATE auth_user SET email_verified = true, updated_at = now() WHERE id = ${userId}`;
}

import type { Sql, Tx } from '../client';

export interface InvitationRow {
  id: string;
  email: string;
  createdAt: Date;
  expiresAt: Date;
  redeemedAt: Date | null;
  revokedAt: Date | null;
}

export async function insertInvitation(
  sql: Sql | Tx,
  invitation: { businessId: string; contactId: string; email: string; codeHash: Buffer; createdByUserId: string | null; ttlHours: number },
): Promise<InvitationRow> {
  const [row] = await sql<InvitationRow[]>`
    INSERT INTO invitation (business_id, contact_id, email, code_hash, created_by_user_id, expires_at)
    VALUES (${invitation.businessId}, ${invitation.contactId}, ${invitation.email}, ${invitation.codeHash},
            ${invitation.createdByUserId}, now() + make_interval(hours => ${invitation.ttlHours}))
    RETURNING id, email, created_at, expires_at, redeemed_at, revoked_at`;
  return row!;
}

/** "Create Invitation" replaces every code still open for this email. */
export async function revokeOpenInvitations(sql: Sql | Tx, businessId: string, email: string): Promise<void> {
  await sql`
    UPDATE invitation SET revoked_at = now()
    WHERE business_id = ${businessId} AND lower(email) = lower(${email}) AND redeemed_at IS NULL AND revoked_at IS NULL`;
}

/**
 * Revoke one invitation of this business unless it was redeemed (then it is returned unchanged, and
 * the caller decides); revoking twice keeps the first time.
 */
export async function revokeInvitation(sql: Sql | Tx, businessId: string, id: string): Promise<InvitationRow | undefined> {
  const [row] = await sql<InvitationRow[]>`
    UPDATE invitation SET revoked_at = CASE WHEN redeemed_at IS NULL THEN coalesce(revoked_at, now()) END
    WHERE business_id = ${businessId} AND id = ${id}
    RETURNING id, email, created_at, expires_at, redeemed_at, revoked_at`;
  return row;
}

/** Invitations are remembered by email, so deleting and re-adding a contact does not re-invite. */
export async function wasEverInvited(sql: Sql | Tx, businessId: string, email: string): Promise<boolean> {
  const [row] = await sql`SELECT 1 FROM invitation WHERE business_id = ${businessId} AND lower(email) = lower(${email}) LIMIT 1`;
  return Boolean(row);
}

export interface LockedInvitation {
  id: string;
  contactId: string | null;
  expired: boolean;
  usable: boolean;
}

/**
 * The invitation with this code. Unlocked, for checking a code before the account step; with
 * `forUpdate` (inside the redeem transaction) locked, so concurrent redeems of it run one after
 * the other.
 */
export async function findInvitation(sql: Sql, businessId: string, codeHash: Buffer): Promise<LockedInvitation | undefined>;
export async function findInvitation(tx: Tx, businessId: string, codeHash: Buffer, options: { forUpdate: boolean }): Promise<LockedInvitation | undefined>;
export async function findInvitation(sql: Sql | Tx, businessId: string, codeHash: Buffer, options: { forUpdate?: boolean } = {}): Promise<LockedInvitation | undefined> {
  const [row] = await sql<LockedInvitation[]>`
    SELECT id, contact_id, expires_at <= now() AS expired, (redeemed_at IS NULL AND revoked_at IS NULL) AS usable
    FROM invitation WHERE business_id = ${businessId} AND code_hash = ${codeHash}
    ${options.forUpdate ? sql`FOR UPDATE` : sql``}`;
  return row;
}

export async function markInvitationRedeemed(tx: Tx, id: string, userId: string): Promise<void> {
  await tx`UPDATE invitation SET redeemed_at = now(), redeemed_by_user_id = ${userId} WHERE id = ${id}`;
}

export async function listInvitations(sql: Sql | Tx, businessId: string, contactId: string): Promise<InvitationRow[]> {
  return sql<InvitationRow[]>`
    SELECT id, email, created_at, expires_at, redeemed_at, revoked_at FROM invitation
    WHERE business_id = ${businessId} AND contact_id = ${contactId} ORDER BY created_at DESC`;
}

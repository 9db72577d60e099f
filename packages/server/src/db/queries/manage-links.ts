// "Manage your visit" links (0013_manage_links.sql): only token hashes are stored.
import type { Sql, Tx } from '../client';

export async function insertManageLink(tx: Tx, link: { tokenHash: string; businessId: string; bookingId: string; contactId: string; notificationId: string | null }): Promise<void> {
  await tx`
    INSERT INTO manage_link (token_hash, business_id, booking_id, contact_id, notification_id)
    VALUES (${link.tokenHash}, ${link.businessId}, ${link.bookingId}, ${link.contactId}, ${link.notificationId})`;
}

/** The visit a link opens, and who may act on it: the account the visit is for and the contact it was sent to. */
export interface ManageLinkRow {
  bookingId: string;
  contactId: string;
  accountId: string;
  /** The contact's portal user, if they have one (recorded as who made a change). */
  userId: string | null;
}

/**
 * A link of this business that works now: not revoked, its visit not over (neither ended nor
 * completed), the contact still of the visit's account and that account active. Anything else
 * (unknown, another business's, past, revoked) is no row. `lock` holds the link until the
 * transaction ends, so a revocation running meanwhile waits, or (committed first) wins.
 */
export async function findValidManageLink(sql: Sql | Tx, businessId: string, tokenHash: string, lock = false): Promise<ManageLinkRow | undefined> {
  const [row] = await sql<ManageLinkRow[]>`
    SELECT m.booking_id AS "bookingId", m.contact_id AS "contactId", w.account_id AS "accountId", c.user_id AS "userId"
    FROM manage_link m
    JOIN booking b ON b.business_id = m.business_id AND b.id = m.booking_id
    JOIN work_order w ON w.business_id = b.business_id AND w.id = b.work_order_id
    JOIN contact c ON c.business_id = m.business_id AND c.id = m.contact_id AND c.account_id = w.account_id
    JOIN account a ON a.business_id = w.business_id AND a.id = w.account_id AND a.active
    WHERE m.token_hash = ${tokenHash} AND m.business_id = ${businessId} AND m.revoked_at IS NULL
      AND b.ends_at > now() AND b.status <> 'completed'
    ${lock ? sql`FOR SHARE OF m` : sql``}`;
  return row;
}

/** Every unrevoked link sent to a contact that is this portal user, in any business (a password is the user's, not one business's). */
export async function revokeManageLinksOfUser(sql: Sql | Tx, userId: string): Promise<number> {
  const rows = await sql`
    UPDATE manage_link SET revoked_at = now()
    WHERE revoked_at IS NULL AND contact_id IN (SELECT id FROM contact WHERE user_id = ${userId})
    RETURNING 1`;
  return rows.length;
}

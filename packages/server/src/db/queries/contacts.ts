import { invitationStatus, type Contact } from '@arrivo/core';
import type { Sql, Tx } from '../client';

export type ContactFields = Pick<Contact, 'firstName' | 'lastName' | 'email' | 'phone'>;

// Portal state comes from the user link and the contact's newest invitation, read by core's
// `invitationStatus` like every other invitation.
export const SELECT_CONTACT = (sql: Sql | Tx) => sql`
  SELECT c.id, c.account_id, c.first_name, c.last_name, c.email, c.phone,
         c.user_id IS NOT NULL AS portal_user,
         i.redeemed_at, i.revoked_at, i.expires_at
  FROM contact c
  LEFT JOIN LATERAL (
    SELECT redeemed_at, revoked_at, expires_at FROM invitation
    WHERE contact_id = c.id ORDER BY created_at DESC LIMIT 1
  ) i ON true`;

export type ContactRow = Omit<Contact, 'invitation'> & { redeemedAt: Date | null; revokedAt: Date | null; expiresAt: Date | null };
export const contactOf = ({ redeemedAt, revokedAt, expiresAt, ...contact }: ContactRow): Contact => ({
  ...contact,
  invitation: expiresAt ? invitationStatus({ redeemedAt, revokedAt, expiresAt }) : 'none',
});

export async function insertContact(sql: Sql | Tx, businessId: string, accountId: string, contact: ContactFields): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    INSERT INTO contact ${sql({ businessId, accountId, ...contact })} RETURNING id`;
  return row!.id;
}

export async function updateContact(sql: Sql | Tx, businessId: string, id: string, patch: Partial<ContactFields>): Promise<boolean> {
  const columns = Object.keys(patch) as (keyof ContactFields)[];
  if (!columns.length) return Boolean(await findContact(sql, businessId, id));
  const rows = await sql`UPDATE contact SET ${sql(patch, ...columns)} WHERE business_id = ${businessId} AND id = ${id} RETURNING id`;
  return rows.length > 0;
}

export async function deleteContact(sql: Sql | Tx, businessId: string, id: string): Promise<boolean> {
  const rows = await sql`DELETE FROM contact WHERE business_id = ${businessId} AND id = ${id} RETURNING id`;
  return rows.length > 0;
}

/** One contact; with `accountId`, only if it is on that account (customers see their own account only). */
export async function findContact(sql: Sql | Tx, businessId: string, id: string, accountId?: string): Promise<Contact | undefined> {
  const [row] = await sql<ContactRow[]>`
    ${SELECT_CONTACT(sql)} WHERE c.business_id = ${businessId} AND c.id = ${id} ${accountId ? sql`AND c.account_id = ${accountId}` : sql``}`;
  return row && contactOf(row);
}

/** Contacts of one account; `accountId` scopes customers to their own account. */
export async function listContacts(sql: Sql | Tx, businessId: string, accountId: string): Promise<Contact[]> {
  const rows = await sql<ContactRow[]>`${SELECT_CONTACT(sql)} WHERE c.business_id = ${businessId} AND c.account_id = ${accountId} ORDER BY lower(c.last_name), lower(c.first_name), c.id`;
  return rows.map(contactOf);
}

export interface ContactForInvite {
  id: string;
  email: string;
  firstName: string;
  userId: string | null;
  accountActive: boolean;
}

export async function findContactForInvite(sql: Sql | Tx, businessId: string, id: string): Promise<ContactForInvite | undefined> {
  const [row] = await sql<ContactForInvite[]>`
    SELECT c.id, c.email, c.first_name, c.user_id, a.active AS account_active
    FROM contact c JOIN account a ON a.id = c.account_id
    WHERE c.business_id = ${businessId} AND c.id = ${id}`;
  return row;
}

export async function linkContactToUser(sql: Sql | Tx, businessId: string, contactId: string, userId: string, names: { firstName?: string; lastName?: string }): Promise<void> {
  await sql`
    UPDATE contact SET user_id = ${userId},
      first_name = coalesce(${names.firstName ?? null}, first_name),
      last_name = coalesce(${names.lastName ?? null}, last_name)
    WHERE business_id = ${businessId} AND id = ${contactId}`;
}

/** The contact a signed-in customer is, with what decides whether they may use the portal. */
export interface CustomerIdentity {
  contactId: string;
  accountId: string;
  accountActive: boolean;
  profileCompleted: boolean;
}

/**
 * The customer a user is in a business, as a query to embed (the session check joins it): `businessId`
 * and `userId` are values or columns (`sql\`u.id\``). Aliases are spelled out, so the answer is the same with or
 * without a camelCase transform.
 */
export const customerIdentityQuery = (sql: Sql | Tx, businessId: string | ReturnType<Sql>, userId: string | ReturnType<Sql>) => sql`
    SELECT c.id AS "contactId", c.account_id AS "accountId", a.active AS "accountActive",
           c.profile_completed_at IS NOT NULL AS "profileCompleted"
    FROM contact c JOIN account a ON a.id = c.account_id
    JOIN membership m ON m.business_id = c.business_id AND m.user_id = c.user_id AND m.role = 'customer'
    WHERE c.business_id = ${businessId} AND c.user_id = ${userId}`;

/** The customer this user is in this business: only with the customer role and a linked contact. */
export async function findCustomerIdentity(sql: Sql | Tx, businessId: string, userId: string): Promise<CustomerIdentity | undefined> {
  const [row] = await sql<CustomerIdentity[]>`${customerIdentityQuery(sql, businessId, userId)}`;
  return row;
}

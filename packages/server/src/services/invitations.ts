import { AppError, invitationStatus, type AutoInviteSkip, type Invitation, type InvitationCheck } from '@arrivo/core';
import type { Sql, Tx } from '../db/client';
import type { BusinessRow } from '../db/queries/businesses';
import { findContact as contactExists, findContactForInvite, linkContactToUser } from '../db/queries/contacts';
import {
  findInvitation,
  insertInvitation,
  listInvitations,
  markInvitationRedeemed,
  revokeInvitation,
  revokeOpenInvitations,
  wasEverInvited,
  type InvitationRow,
  type LockedInvitation,
} from '../db/queries/invitations';
import { addMembership } from '../db/queries/memberships';
import { getAccessSettings } from '../db/queries/settings';
import { findUserIdByEmail, markEmailVerified } from '../db/queries/users';
import type { AppDeps } from '../deps';
import { startingSessionsAt } from '../auth/session-business';
import { hashInvitationCode, newInvitationCode } from './invitation-code';
import { signInWithPassword, signUpWithPassword, type NewSession } from './auth-calls';
import { enforceRateLimits, RATE_RULES } from './rate-limit';
import { notFound } from './not-found';

type Deps = Pick<AppDeps, 'sql' | 'events' | 'secrets' | 'publicUrl'>;

/** Where a business's portal lives, for links in emails. */
export function portalUrlOf(portalUrl: string | null, publicUrl: string): string {
  if (!portalUrl) return `${publicUrl}/`;
  return portalUrl.startsWith('/') ? `${publicUrl}${portalUrl}` : portalUrl;
}

export interface InvitationResult {
  invitation: InvitationRow;
  /** The email is on the queue (sent after commit, retried if the mail server fails). */
  emailQueued: boolean;
}

/**
 * Staff's "Create Invitation": a fresh code for the contact, replacing any still open, emailed
 * with the portal link. Refused for contacts of inactive accounts.
 */
export async function createInvitation(deps: Deps, business: BusinessRow, contactId: string, createdByUserId: string | null): Promise<InvitationResult> {
  return deps.sql.begin((tx) => inviteContact(tx, deps, business, contactId, createdByUserId));
}

/**
 * The invitation inside the caller's transaction: with the contact it is sent to (adding a contact
 * invites in the same transaction), and with its `invitation.created` event — no invitation, no
 * email; an invitation, an email (at least once).
 *
 * `automatic`: the invitation that adding a contact may send, as the business's auto-invite
 * setting says. It is skipped (`{skipped: why}`) rather than refused: when the setting is off, for an
 * inactive account, and — the seeds' rule — for an email invited before, even under a contact
 * since deleted.
 */
/** Why adding a contact sent no invitation (the console tells staff). */
export interface AutoInviteSkipped {
  skipped: AutoInviteSkip;
}

export async function inviteContact(tx: Tx, deps: Deps, business: BusinessRow, contactId: string, createdByUserId: string | null): Promise<InvitationResult>;
export async function inviteContact(tx: Tx, deps: Deps, business: BusinessRow, contactId: string, createdByUserId: null, automatic: true): Promise<InvitationResult | AutoInviteSkipped>;
export async function inviteContact(
  tx: Tx,
  deps: Deps,
  business: BusinessRow,
  contactId: string,
  createdByUserId: string | null,
  automatic = false,
): Promise<InvitationResult | AutoInviteSkipped> {
  const code = newInvitationCode();
  const [contact, settings] = await Promise.all([findContactForInvite(tx, business.id, contactId), getAccessSettings(tx, business.id)]);
  if (!contact) throw notFound('contact');
  if (automatic) {
    if (settings.autoInvite === 'off') return { skipped: 'auto_invite_off' };
    if (!contact.accountActive) return { skipped: 'account_inactive' };
    if (settings.autoInvite === 'new_contacts' && (await wasEverInvited(tx, business.id, contact.email))) return { skipped: 'invited_before' };
  }
  if (!contact.accountActive) throw new AppError('contact_account_inactive');
  await revokeOpenInvitations(tx, business.id, contact.email);
  const invitation = await insertInvitation(tx, {
    businessId: business.id,
    contactId,
    email: contact.email,
    codeHash: hashInvitationCode(code),
    createdByUserId,
    ttlHours: settings.invitationTtlHours,
  });
  await deps.events.publish(tx, {
    name: 'invitation.created',
    businessId: business.id,
    actorUserId: createdByUserId,
    payload: {
      invitationId: invitation.id,
      contactId,
      email: contact.email,
      firstName: contact.firstName,
      expiresAt: invitation.expiresAt.toISOString(),
      portalUrl: portalUrlOf(settings.portalUrl, deps.publicUrl),
      sealedCode: deps.secrets.seal(code),
    },
  });
  return { invitation, emailQueued: true };
}

/** An invitation as staff see it (never its code). */
export function invitationView(row: InvitationRow): Invitation {
  return {
    id: row.id,
    email: row.email,
    status: invitationStatus(row),
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    redeemedAt: row.redeemedAt?.toISOString() ?? null,
  };
}

/** Invitations sent to a contact of this business, newest first. */
export async function contactInvitations(deps: Deps, business: BusinessRow, contactId: string): Promise<Invitation[]> {
  if (!(await contactExists(deps.sql, business.id, contactId))) throw notFound('contact');
  return (await listInvitations(deps.sql, business.id, contactId)).map(invitationView);
}

/** Staff withdraw a code before it is used: it can no longer be redeemed. A redeemed one cannot be revoked. */
export async function withdrawInvitation(deps: Pick<AppDeps, 'sql'>, business: BusinessRow, invitationId: string): Promise<Invitation> {
  const row = await revokeInvitation(deps.sql, business.id, invitationId);
  if (!row) throw notFound('invitation');
  if (row.redeemedAt) throw new AppError('conflict', 'This invitation was already redeemed; remove the person’s customer role instead.');
  return invitationView(row);
}

/** The contact an invitation is for, or the reason its code cannot be redeemed (the same for check and redeem). */
async function invitedContact(sql: Sql | Tx, businessId: string, invitation: LockedInvitation | undefined) {
  if (!invitation || !invitation.usable || !invitation.contactId) throw new AppError('invitation_invalid');
  if (invitation.expired) throw new AppError('invitation_expired');
  const contact = await findContactForInvite(sql, businessId, invitation.contactId);
  if (!contact) throw new AppError('invitation_invalid');
  if (!contact.accountActive) throw new AppError('account_inactive');
  return { invitation, contact };
}

/**
 * Check a code before the person chooses a password, so a wrong or expired code is said at once.
 * It counts against the same limit as redeeming: checking is guessing too.
 */
export async function checkInvitation(deps: Pick<AppDeps, 'sql'>, business: BusinessRow, code: string, ip: string): Promise<InvitationCheck> {
  await enforceRateLimits(deps.sql, RATE_RULES.redeem(ip));
  const { contact } = await invitedContact(deps.sql, business.id, await findInvitation(deps.sql, business.id, hashInvitationCode(code)));
  return { email: contact.email, firstName: contact.firstName };
}

export interface Redemption {
  code: string;
  password: string;
  firstName?: string;
  lastName?: string;
}

/**
 * Redeem an invitation: create the portal account (or, if this email already has one, prove it
 * with its password), link it to the contact and grant the customer role. The invitation row is
 * locked for the whole exchange, so a code can be redeemed exactly once even under a race.
 */
export async function redeemInvitation(
  deps: Pick<AppDeps, 'sql' | 'auth'>,
  business: BusinessRow,
  input: Redemption,
  request: { headers: Headers; ip: string },
): Promise<NewSession> {
  await enforceRateLimits(deps.sql, RATE_RULES.redeem(request.ip));
  const { headers } = request;
  return deps.sql.begin(async (tx) => {
    const { invitation, contact } = await invitedContact(tx, business.id, await findInvitation(tx, business.id, hashInvitationCode(input.code), { forUpdate: true }));

    const existingUserId = await findUserIdByEmail(tx, contact.email);
    // The session it starts belongs to this business only.
    const session = await startingSessionsAt(business.id, () =>
      existingUserId
        ? signInWithPassword(deps.auth, contact.email, input.password, headers).catch(() => {
            throw new AppError(
              'invalid_credentials',
              'You already have an account with this email. Enter its password to accept the invitation, or reset it.',
            );
          })
        : signUpWithPassword(deps.auth, {
            email: contact.email,
            password: input.password,
            name: [input.firstName ?? contact.firstName, input.lastName].filter(Boolean).join(' '),
            headers,
          }),
    );
    if (contact.userId && contact.userId !== session.userId) throw new AppError('invitation_invalid');

    await enrollCustomer(tx, business.id, contact.id, session.userId, { firstName: input.firstName, lastName: input.lastName });
    await markInvitationRedeemed(tx, invitation.id, session.userId);
    return session;
  });
}

/**
 * Make a user the portal account of a contact: the customer role (the seeds' "Web API User"),
 * the contact link, and a verified email (the invitation reached that address).
 */
export async function enrollCustomer(tx: Tx, businessId: string, contactId: string, userId: string, names: { firstName?: string; lastName?: string } = {}) {
  await markEmailVerified(tx, userId);
  await linkContactToUser(tx, businessId, contactId, userId, names);
  await addMembership(tx, businessId, userId, 'customer');
}

// "Manage your visit" links: confirmation, reminder and reschedule messages carry one. Anyone
// holding it may open that one visit without signing in and reschedule or cancel it under the same
// rules, through the same services, as the signed-in customer. The token is 256 bits from the
// CSPRNG; only its SHA-256 is stored. Opening it changes nothing: every change is a POST.
import { AppError, MANAGE_LINK_FRAGMENT, type CustomerBooking, type ManagedVisit, type SlotDays, type Slots } from '@arrivo/core';
import type { Tx } from '../db/client';
import type { BusinessRow } from '../db/queries/businesses';
import { findValidManageLink, insertManageLink, revokeManageLinksOfUser } from '../db/queries/manage-links';
import type { AppDeps } from '../deps';
import { hashLinkToken, linkUrl, newLinkToken } from './link-tokens';
import { enforceRateLimits, RATE_RULES } from './rate-limit';
import { cancel, getBooking, listSlotDays, listSlots, reschedule, type VisitContext } from './scheduling';

/** The portal URL with the token in the fragment, which browsers never send to a server. */
export const manageUrl = (portalUrl: string, token: string) => linkUrl(portalUrl, MANAGE_LINK_FRAGMENT, token);

/** The link a queued message carries (in the message's transaction). */
export async function recordManageLink(tx: Tx, link: { token: string; businessId: string; bookingId: string; contactId: string; notificationId: string | null }): Promise<void> {
  await insertManageLink(tx, { tokenHash: hashLinkToken(link.token), businessId: link.businessId, bookingId: link.bookingId, contactId: link.contactId, notificationId: link.notificationId });
}

/** A password reset: every link sent to the user's contacts stops working (the mailbox may be what was lost). */
export async function revokeManageLinks(deps: Pick<AppDeps, 'sql'>, userId: string): Promise<void> {
  await revokeManageLinksOfUser(deps.sql, userId);
}

type Deps = Pick<AppDeps, 'sql' | 'scheduleCache' | 'events' | 'secrets' | 'plugins'>;

/**
 * The visit a valid token of this business opens, as the context the customer's own services take:
 * the visit's account, the contact the link was sent to. Every request counts against the client
 * address's limit; unknown, revoked, past or another business's tokens are all `manage_link_invalid`.
 */
async function open(deps: Pick<AppDeps, 'sql'>, business: BusinessRow, token: string, ip: string): Promise<{ ctx: VisitContext; bookingId: string }> {
  await enforceRateLimits(deps.sql, RATE_RULES.manageLink(ip));
  const tokenHash = hashLinkToken(token);
  const link = await findValidManageLink(deps.sql, business.id, tokenHash);
  if (!link) throw new AppError('manage_link_invalid');
  const ctx: VisitContext = {
    business,
    customer: { contactId: link.contactId, accountId: link.accountId, accountActive: true, profileCompleted: true },
    userId: link.userId,
    // Again inside the change's transaction, holding the link: a revocation is either seen or waits.
    recheck: async (tx) => {
      const again = await findValidManageLink(tx, business.id, tokenHash, true);
      if (again?.bookingId !== link.bookingId) throw new AppError('manage_link_invalid');
    },
  };
  return { ctx, bookingId: link.bookingId };
}

/** Opening the link: the visit, with what may be done with it now. Reads only. */
export async function managedVisit(deps: Deps, business: BusinessRow, token: string, ip: string): Promise<ManagedVisit> {
  const { ctx, bookingId } = await open(deps, business, token, ip);
  return { timeZone: business.timeZone, booking: await getBooking(deps.sql, ctx, bookingId) };
}

/** The visit's own service type and product: free days, as the customer's booking form asks. */
export async function manageSlotDays(deps: Deps, business: BusinessRow, token: string, ip: string, q: { from: string; to: string }): Promise<SlotDays> {
  const { ctx, bookingId } = await open(deps, business, token, ip);
  const visit = await getBooking(deps.sql, ctx, bookingId);
  return listSlotDays(deps, ctx, { serviceTypeId: visit.serviceType.id, assetId: visit.asset?.id, bookingId: visit.id, ...q });
}

export async function manageSlots(deps: Deps, business: BusinessRow, token: string, ip: string, q: { date: string }): Promise<Slots> {
  const { ctx, bookingId } = await open(deps, business, token, ip);
  const visit = await getBooking(deps.sql, ctx, bookingId);
  return listSlots(deps, ctx, { serviceTypeId: visit.serviceType.id, assetId: visit.asset?.id, date: q.date, bookingId: visit.id });
}

/** Modify: the customer's own reschedule (cut-off, horizon, status machine, `booking.rescheduled`). */
export async function manageReschedule(deps: Deps, business: BusinessRow, token: string, ip: string, arrivalAt: string, locale?: string): Promise<CustomerBooking> {
  const { ctx, bookingId } = await open(deps, business, token, ip);
  return reschedule(deps, { ...ctx, locale }, bookingId, arrivalAt);
}

/** Cancel, with a reason: the customer's own cancel (cut-off, status machine, `booking.canceled`). */
export async function manageCancel(deps: Deps, business: BusinessRow, token: string, ip: string, reason: string, locale?: string): Promise<CustomerBooking> {
  const { ctx, bookingId } = await open(deps, business, token, ip);
  return cancel(deps, { ...ctx, locale }, bookingId, reason);
}

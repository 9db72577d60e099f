// Tracking links: a page anyone holding the link may open, without signing in, to follow one visit
// while it is Traveling (and a grace period after). The token is 256 bits from the CSPRNG; only
// its SHA-256 is stored. A link is made in the same transaction that moves the visit to Traveling
// (see booking-status.ts); staff may replace, extend, expire or block it.
import { AppError, TRACKING_LINK_MAX_AHEAD_MINUTES, type BookingStatus, type TrackingLink } from '@arrivo/core';
import type { Tx } from '../db/client';
import type { BusinessRow } from '../db/queries/businesses';
import { lockBookingStatus } from '../db/queries/booking-status';
import { getSchedulingSettings } from '../db/queries/schedule';
import { getAccessSettings } from '../db/queries/settings';
import {
  addTrackingToken,
  findTrackingLink,
  findValidTrackingLink,
  followTrackingLink,
  replaceTrackingLink,
  updateTrackingLink,
  type TrackingLinkRow,
} from '../db/queries/tracking';
import type { AppDeps } from '../deps';
import { portalUrlOf } from './invitations';
import { hashLinkToken, linkUrl, newLinkToken } from './link-tokens';
import { notFound } from './not-found';

/** The request header that carries a tracking token (never the URL: URLs end up in logs). */
export const TRACKING_TOKEN_HEADER = 'x-arrivo-tracking-token';

/** The portal URL with the token in the fragment, which browsers never send to a server. */
export const trackingUrl = (portalUrl: string, token: string) => linkUrl(portalUrl, 'arrivo-track', token);

/**
 * Make (or replace) the visit's link inside `tx` and return its token: every earlier token stops
 * working and a block is lifted (staff asked for it). While the visit is scheduled or Traveling the
 * link follows it; for a visit already past Traveling it runs for the grace period.
 */
export async function issueTrackingLink(
  tx: Tx,
  link: { businessId: string; bookingId: string; status: BookingStatus; graceMinutes: number; userId: string | null },
): Promise<{ token: string; row: TrackingLinkRow }> {
  const token = newLinkToken();
  const follows = link.status === 'scheduled' || link.status === 'traveling';
  const row = await replaceTrackingLink(tx, {
    businessId: link.businessId,
    bookingId: link.bookingId,
    tokenHash: hashLinkToken(token),
    userId: link.userId,
    expiresInMinutes: follows ? null : link.graceMinutes,
  });
  return { token, row };
}

/**
 * The visit set off (inside `tx`, which holds the booking's lock): a token for the "on the way"
 * message, or null when staff blocked the visit's link. A link that is still valid (one staff made
 * and sent before departure, say) keeps its tokens and its extra minutes and gains one more; an
 * expired link, or none, is made afresh. A block is never lifted here: only staff creating a new
 * link does that.
 */
export async function issueTravelingToken(tx: Tx, link: { businessId: string; bookingId: string; userId: string | null; now?: number }): Promise<string | null> {
  const current = await findTrackingLink(tx, link.businessId, link.bookingId, true);
  if (current?.blockedAt) return null;
  const token = newLinkToken();
  if (current && (!current.expiresAt || current.expiresAt.getTime() > (link.now ?? Date.now()))) {
    await addTrackingToken(tx, link.businessId, link.bookingId, hashLinkToken(token));
    await followTrackingLink(tx, link.businessId, link.bookingId);
  } else {
    await replaceTrackingLink(tx, { businessId: link.businessId, bookingId: link.bookingId, tokenHash: hashLinkToken(token), userId: link.userId, expiresInMinutes: null });
  }
  return token;
}

function linkView(bookingId: string, row: TrackingLinkRow | undefined, url: string | null = null, now = Date.now()): TrackingLink {
  if (!row) return { bookingId, url: null, expiresAt: null, state: 'expired' };
  const state = row.blockedAt ? 'blocked' : row.expiresAt && row.expiresAt.getTime() <= now ? 'expired' : 'active';
  return { bookingId, url, expiresAt: row.expiresAt?.toISOString() ?? null, state };
}

async function lockVisit(tx: Tx, business: BusinessRow, bookingId: string) {
  const booking = await lockBookingStatus(tx, business.id, bookingId);
  if (!booking) throw notFound('booking');
  return booking;
}

/** Staff: the visit's link as it stands (never its URL: only a hash is kept). No link yet → `expired`. */
export async function getTrackingLink(deps: Pick<AppDeps, 'sql'>, business: BusinessRow, bookingId: string): Promise<TrackingLink> {
  return deps.sql.begin(async (tx) => {
    await lockVisit(tx, business, bookingId);
    return linkView(bookingId, await findTrackingLink(tx, business.id, bookingId));
  });
}

/** Staff: a new link for the visit, replacing the old one; the answer is the only place its URL appears. */
export async function createTrackingLink(deps: Pick<AppDeps, 'sql' | 'publicUrl'>, business: BusinessRow, bookingId: string, userId: string): Promise<TrackingLink> {
  return deps.sql.begin(async (tx) => {
    const booking = await lockVisit(tx, business, bookingId);
    if (booking.status === 'canceled') throw new AppError('conflict', 'This visit was canceled; there is nothing to track.');
    const [settings, access] = await Promise.all([getSchedulingSettings(tx, business.id), getAccessSettings(tx, business.id)]);
    const { token, row } = await issueTrackingLink(tx, { businessId: business.id, bookingId, status: booking.status, graceMinutes: settings.trackingLinkGraceMinutes, userId });
    return linkView(bookingId, row, trackingUrl(portalUrlOf(access.portalUrl, deps.publicUrl), token));
  });
}

/** Staff: extend by some minutes, expire now, or block (for good: only a new link works after). */
export async function changeTrackingLink(
  deps: Pick<AppDeps, 'sql'>,
  business: BusinessRow,
  bookingId: string,
  action: { action: 'extend' | 'expire' | 'block'; minutes?: number },
): Promise<TrackingLink> {
  return deps.sql.begin(async (tx) => {
    await lockVisit(tx, business, bookingId);
    const current = await findTrackingLink(tx, business.id, bookingId, true);
    if (!current) throw new AppError('not_found', 'This visit has no tracking link yet.');
    if (current.blockedAt && action.action === 'extend') throw new AppError('conflict', 'This link is blocked; create a new one instead.');
    if (action.action === 'extend' && !action.minutes) {
      throw new AppError('validation_failed', 'Say by how many minutes to extend.', { issues: [{ path: ['json', 'minutes'], message: 'required to extend' }] });
    }
    if (action.action === 'extend') checkExtension(current, action.minutes!);
    const change = action.action === 'extend' ? { kind: 'extend' as const, minutes: action.minutes! } : { kind: action.action };
    return linkView(bookingId, await updateTrackingLink(tx, business.id, bookingId, change));
  });
}

/**
 * A link never runs more than TRACKING_LINK_MAX_AHEAD_MINUTES past now: an expiring link's new end,
 * or (while it still follows the visit) what staff added to the grace period, is capped there.
 */
function checkExtension(current: TrackingLinkRow, minutes: number, now = Date.now()): void {
  const max = TRACKING_LINK_MAX_AHEAD_MINUTES;
  const over = current.expiresAt
    ? Math.max(current.expiresAt.getTime(), now) + minutes * 60_000 > now + max * 60_000
    : current.extraMinutes + minutes > max;
  if (over) {
    throw new AppError('validation_failed', `A tracking link runs at most ${max / 60} hours past now; extend it by fewer minutes, or create a new link later.`, {
      issues: [{ path: ['json', 'minutes'], message: `would run the link more than ${max / 60} hours past now` }],
    });
  }
}

/** The visit a valid token of this business opens; anything else (unknown, expired, blocked, another business's) → 404. */
export async function resolveTrackingToken(deps: Pick<AppDeps, 'sql'>, business: BusinessRow, token: string): Promise<string> {
  const link = await findValidTrackingLink(deps.sql, business.id, hashLinkToken(token));
  if (!link) throw new AppError('tracking_link_invalid');
  return link.bookingId;
}

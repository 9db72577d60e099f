// Who may read which live stream: a signed-in customer hears their account, a technician their own
// visits, staff their business, and a tracking link's holder that one visit. Decided when a stream
// opens and again, for every open stream at once, at each of the streams' re-checks.
import { AppError, STAFF_ROLES } from '@arrivo/core';
import type { BusinessRow } from '../db/queries/businesses';
import { findLiveAudiences, findValidSessionIds, type LiveAudienceRow } from '../db/queries/live';
import { findValidTrackingLinksByHash } from '../db/queries/tracking';
import type { AppDeps } from '../deps';
import type { LiveTopic } from '../live/bus';
import type { AccessVerdict, StreamAccess, StreamSubject } from '../live/streams';
import { subjectKey } from '../live/streams';
import { sessionFromRequest } from './auth-calls';
import { enforceRateLimits, RATE_RULES } from './rate-limit';
import { hashLinkToken } from './link-tokens';
import { resolveTrackingToken, TRACKING_TOKEN_HEADER } from './tracking-links';

type Deps = Pick<AppDeps, 'sql' | 'auth' | 'liveStreams'>;

export interface LiveSubscription {
  topic: LiveTopic;
  access: StreamAccess;
}

/**
 * The topic a user may follow in a business, from what the database says of them: staff roles win
 * over technician (an active, linked technician record), technician over customer (an active account).
 * Used when a stream opens and at every re-check, so the two cannot disagree.
 */
function topicOf(businessId: string, who: LiveAudienceRow | undefined): LiveTopic {
  const roles = who?.roles ?? [];
  if (roles.some((r) => (STAFF_ROLES as readonly string[]).includes(r))) return `business:${businessId}`;
  if (roles.includes('technician')) {
    if (!who?.technicianId) throw new AppError('forbidden', 'This account is not linked to an active technician.');
    return `technician:${who.technicianId}`;
  }
  if (roles.includes('customer')) {
    if (!who?.accountId) throw new AppError('not_a_customer');
    if (!who.accountActive) throw new AppError('account_inactive');
    return `account:${who.accountId}`;
  }
  throw new AppError('forbidden');
}

/**
 * The topic this request may follow, decided before the stream starts (so refusals are ordinary
 * JSON errors): `X-Arrivo-Tracking-Token` for a tracking link, else the session (bearer token or
 * same-site cookie) made at this business. Opening streams is rate-limited per client address.
 */
export async function liveSubscription(deps: Deps, business: BusinessRow, headers: Headers, clientIp: string): Promise<LiveSubscription> {
  const perMinute = deps.liveStreams.opensPerMinute;
  if (perMinute > 0) await enforceRateLimits(deps.sql, RATE_RULES.liveStream(clientIp, perMinute));
  const trackingToken = headers.get(TRACKING_TOKEN_HEADER);
  if (trackingToken !== null) {
    if (!trackingToken) throw new AppError('tracking_link_invalid');
    const bookingId = await resolveTrackingToken(deps, business, trackingToken);
    const tokenHash = hashLinkToken(trackingToken);
    // When the link runs out (null while the visit is still Traveling): the stream ends then.
    const [link] = await findValidTrackingLinksByHash(deps.sql, [tokenHash]);
    if (!link || link.bookingId !== bookingId) throw new AppError('tracking_link_invalid');
    return { topic: `booking:${bookingId}`, access: { subject: { kind: 'link', tokenHash }, expiresAt: link.expiresAt?.getTime() } };
  }
  const session = await sessionFromRequest(deps.auth, headers);
  if (!session) throw new AppError('unauthenticated');
  if (session.businessId !== business.id) throw new AppError('unauthenticated', 'This sign-in was made for another business. Sign in here to continue.');
  const [who] = await findLiveAudiences(deps.sql, [{ businessId: business.id, userId: session.user.id }]);
  const topic = topicOf(business.id, who);
  return { topic, access: { subject: { kind: 'session', sessionId: session.sessionId, businessId: business.id, userId: session.user.id } } };
}

/** Open a stream for a request that passed `liveSubscription`. */
export function openLiveStream(deps: Pick<AppDeps, 'liveStreams'>, subscription: LiveSubscription, lastEventId: string | undefined): ReadableStream<Uint8Array> {
  return deps.liveStreams.open(subscription.topic, subscription.access, lastEventId);
}

/** Subjects per query: a pass over 10,000 streams is 20 small batches, each failing on its own. */
const BATCH = 500;

/**
 * For the streams' periodic re-check: resolve every open stream's access again, in batches (three
 * queries per batch of sessions or links, not one per stream). A batch whose query fails is logged
 * and left out of the answer, so its streams stay open until the next pass; the others go on.
 */
export function recheckLiveAccess(deps: Pick<AppDeps, 'sql' | 'log'>): (subjects: StreamSubject[]) => Promise<Map<string, AccessVerdict>> {
  return async (subjects) => {
    const verdicts = new Map<string, AccessVerdict>();
    const sessions = subjects.filter((s) => s.kind === 'session');
    const links = subjects.filter((s) => s.kind === 'link');
    for (let i = 0; i < sessions.length; i += BATCH) {
      const batch = sessions.slice(i, i + BATCH);
      try {
        const valid = await findValidSessionIds(deps.sql, batch.map((s) => s.sessionId));
        const live = batch.filter((s) => valid.has(s.sessionId));
        for (const s of batch) if (!valid.has(s.sessionId)) verdicts.set(subjectKey(s), { end: 'expired' });
        const rows = await findLiveAudiences(deps.sql, live.map((s) => ({ businessId: s.businessId, userId: s.userId })));
        const byPair = new Map(rows.map((r) => [`${r.businessId} ${r.userId}`, r]));
        for (const s of live) {
          try {
            verdicts.set(subjectKey(s), { topic: topicOf(s.businessId, byPair.get(`${s.businessId} ${s.userId}`)) });
          } catch {
            verdicts.set(subjectKey(s), { end: 'forbidden' });
          }
        }
      } catch (err) {
        deps.log.warn({ err, sessions: batch.length }, 'live streams: re-checking sessions failed; their streams stay until the next pass');
      }
    }
    for (let i = 0; i < links.length; i += BATCH) {
      const batch = links.slice(i, i + BATCH);
      try {
        const rows = await findValidTrackingLinksByHash(deps.sql, batch.map((s) => s.tokenHash));
        const byHash = new Map(rows.map((r) => [r.tokenHash, r]));
        for (const s of batch) {
          const link = byHash.get(s.tokenHash);
          verdicts.set(subjectKey(s), link ? { topic: `booking:${link.bookingId}`, expiresAt: link.expiresAt?.getTime() } : { end: 'expired' });
        }
      } catch (err) {
        deps.log.warn({ err, links: batch.length }, 'live streams: re-checking tracking links failed; their streams stay until the next pass');
      }
    }
    return verdicts;
  };
}

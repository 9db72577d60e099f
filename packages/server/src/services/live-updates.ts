// Who may read which live stream: a signed-in customer hears their account, a technician their own
// visits, staff their business, and a tracking link's holder that one visit.
import { AppError, STAFF_ROLES } from '@arrivo/core';
import type { BusinessRow } from '../db/queries/businesses';
import { findValidSessionIds } from '../db/queries/live';
import { technicianIdOfUser } from '../db/queries/technician-accounts';
import type { AppDeps } from '../deps';
import type { LiveTopic } from '../live/bus';
import type { StreamAccess } from '../live/streams';
import { customerIdentity, rolesInBusiness } from './access';
import { sessionFromRequest } from './auth-calls';
import { resolveTrackingToken, TRACKING_TOKEN_HEADER } from './tracking-links';

type Deps = Pick<AppDeps, 'sql' | 'auth'>;

export interface LiveSubscription {
  topic: LiveTopic;
  access: StreamAccess;
}

/**
 * The topic this request may follow, decided before the stream starts (so refusals are ordinary
 * JSON errors): `X-Arrivo-Tracking-Token` for a tracking link, else the session (bearer token or
 * same-site cookie) made at this business. Staff roles win over technician, technician over customer.
 */
export async function liveSubscription(deps: Deps, business: BusinessRow, headers: Headers): Promise<LiveSubscription> {
  const trackingToken = headers.get(TRACKING_TOKEN_HEADER);
  if (trackingToken !== null) {
    if (!trackingToken) throw new AppError('tracking_link_invalid');
    const bookingId = await resolveTrackingToken(deps, business, trackingToken);
    return {
      topic: `booking:${bookingId}`,
      access: {
        // The link ends when the visit moves past Traveling and its grace period, or staff expire
        // or block it: asked again at every re-check.
        recheck: () =>
          resolveTrackingToken(deps, business, trackingToken).then(
            (again) => again === bookingId,
            (err: unknown) => {
              if (err instanceof AppError && err.code === 'tracking_link_invalid') return false;
              throw err;
            },
          ),
      },
    };
  }
  const session = await sessionFromRequest(deps.auth, headers);
  if (!session) throw new AppError('unauthenticated');
  if (session.businessId !== business.id) throw new AppError('unauthenticated', 'This sign-in was made for another business. Sign in here to continue.');
  const access = { sessionId: session.sessionId };
  const roles = await rolesInBusiness(deps.sql, business.id, session.user.id);
  if (roles.some((r) => (STAFF_ROLES as readonly string[]).includes(r))) return { topic: `business:${business.id}`, access };
  if (roles.includes('technician')) {
    const technicianId = await technicianIdOfUser(deps.sql, business.id, session.user.id);
    if (!technicianId) throw new AppError('forbidden', 'This account is not linked to a technician yet.');
    return { topic: `technician:${technicianId}`, access };
  }
  if (roles.includes('customer')) {
    const identity = await customerIdentity(deps.sql, business.id, session.user.id);
    if (!identity) throw new AppError('not_a_customer');
    if (!identity.accountActive) throw new AppError('account_inactive');
    return { topic: `account:${identity.accountId}`, access };
  }
  throw new AppError('forbidden');
}

/** Open a stream for a request that passed `liveSubscription`. */
export function openLiveStream(deps: Pick<AppDeps, 'liveStreams'>, subscription: LiveSubscription, lastEventId: string | undefined): ReadableStream<Uint8Array> {
  return deps.liveStreams.open(subscription.topic, subscription.access, lastEventId);
}

/** For the streams' periodic re-check: which sessions are still signed in. */
export function validSessions(deps: Pick<AppDeps, 'sql'>): (ids: string[]) => Promise<Set<string>> {
  return (ids) => findValidSessionIds(deps.sql, ids);
}

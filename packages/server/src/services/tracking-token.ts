// A tracking link's token → the visit it shows. The tracking-link table and its rules (hashed
// ≥ 128-bit tokens, valid while Traveling plus a grace period, revocable by staff) belong to the
// tracking links; the live stream only asks this one question.
import type { BusinessRow } from '../db/queries/businesses';
import type { AppDeps } from '../deps';

export interface ResolvedTrackingToken {
  bookingId: string;
  /** When the link stops working unless staff extend it. */
  expiresAt: Date;
}

/**
 * The visit a tracking token opens, if the token is valid at this business now; undefined for an
 * unknown, expired, blocked or revoked one. Until tracking links exist, no token is valid.
 */
export async function resolveTrackingToken(_deps: Pick<AppDeps, 'sql'>, _business: BusinessRow, _token: string): Promise<ResolvedTrackingToken | undefined> {
  return undefined;
}

// Tracking area: where the technician is on the way to a visit (the live map), for the signed-in
// customer or through a tracking link, and the page's live stream.
import type { TrackingView } from '@arrivo/core';
import type { Connection } from './http';
import type { LiveSource } from '../live/controller';

export const TRACKING_TOKEN_HEADER = 'X-Arrivo-Tracking-Token';

/** The signed-in customer's visit (404 for anyone else's). */
export const bookingTracking = (c: Connection, bookingId: string, signal?: AbortSignal) =>
  c.call<TrackingView>(`me/bookings/${encodeURIComponent(bookingId)}/tracking`, { signal });

/** Through a tracking link: the token goes in a header, never in the URL. */
export const linkTracking = (c: Connection, token: string, signal?: AbortSignal) =>
  c.call<TrackingView>('tracking', { signal, headers: { [TRACKING_TOKEN_HEADER]: token } });

/** The business's live stream, read with the session's token or a tracking link's token. */
export function liveSource(c: Connection, credential: { session?: string; trackingToken?: string }): LiveSource {
  const headers: Record<string, string> | undefined = credential.trackingToken
    ? { [TRACKING_TOKEN_HEADER]: credential.trackingToken }
    : credential.session
      ? { authorization: `Bearer ${credential.session}` }
      : undefined;
  return headers && { url: c.url('live'), headers };
}

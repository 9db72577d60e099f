// Limits of location sharing, shared by the server (validation) and the technician app (throttle,
// queue); no zod here, so a browser bundle that needs only these numbers stays small.

/** A fix is refused when older than this, or later than the server's clock plus the skew. */
export const LOCATION_MAX_AGE_MS = 10 * 60_000;
export const LOCATION_MAX_CLOCK_SKEW_MS = 30_000;
/** The app sends at most one fix per this many ms, or per this many metres moved. */
export const LOCATION_MIN_INTERVAL_MS = 5_000;
export const LOCATION_MIN_DISTANCE_M = 50;
/** The most fixes one request may carry (an offline queue is flushed in chunks of this size). */
export const LOCATION_BATCH_MAX = 50;

/** Why a fix of a batch was not stored (the others were). */
export const LOCATION_REFUSAL_REASONS = ['future', 'too_old', 'before_traveling'] as const;
export type LocationRefusalReason = (typeof LOCATION_REFUSAL_REASONS)[number];

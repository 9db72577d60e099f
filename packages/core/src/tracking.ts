// Live tracking: what a technician's app sends, what a customer (signed in, or through a tracking
// link) sees, and the messages the live stream carries. Server and elements both derive from here.
import { z } from 'zod';
import { BOOKING_STATUSES } from './booking-status';
import { latitudeSchema, longitudeSchema } from './schemas';
import { LOCATION_BATCH_MAX, LOCATION_REFUSAL_REASONS } from './tracking-limits';

// The limits live in a module without zod, so the technician app can use them without loading zod.
export * from './tracking-limits';

const status = z.enum(BOOKING_STATUSES);
const instant = z.iso.datetime({ offset: true });

/** One geolocation fix, as `navigator.geolocation` reports it. */
export const locationFixSchema = z
  .object({
    lat: latitudeSchema,
    lon: longitudeSchema,
    accuracyM: z.number().min(0).max(100_000),
    headingDeg: z.number().min(0).lt(360).nullable().optional(),
    speedMps: z.number().min(0).max(150).nullable().optional(),
    recordedAt: instant,
  })
  .strict()
  .meta({ id: 'LocationFix' });
export type LocationFix = z.infer<typeof locationFixSchema>;

/** Fixes in the order they were taken (oldest first); the app sends its offline queue this way. */
export const locationBatchSchema = z
  .object({ fixes: z.array(locationFixSchema).min(1).max(LOCATION_BATCH_MAX) })
  .strict()
  .meta({ id: 'LocationBatch' });
export type LocationBatch = z.infer<typeof locationBatchSchema>;

export const etaSchema = z
  .object({
    /** Whole minutes of travel left, from the latest fix to the visit's place. */
    minutes: z.number().int().min(0),
    at: instant,
    /** Within the arriving radius (a business setting, 300 m by default). */
    arriving: z.boolean(),
  })
  .meta({ id: 'Eta' });
export type Eta = z.infer<typeof etaSchema>;

export const trackedPositionSchema = z
  .object({
    lat: latitudeSchema,
    lon: longitudeSchema,
    accuracyM: z.number(),
    headingDeg: z.number().nullable(),
    recordedAt: instant,
  })
  .meta({ id: 'TrackedPosition' });
export type TrackedPosition = z.infer<typeof trackedPositionSchema>;

/**
 * What a batch came to. Fixes the server will never take are listed in `refused` (by their index in
 * the batch) and the rest are stored: `future` is beyond the server's clock plus the skew (the
 * device's clock is off), `too_old` older than the age limit, `before_traveling` taken before the
 * visit set off. A retried or duplicate fix is neither accepted nor refused.
 */
export const locationAcceptedSchema = z
  .object({
    accepted: z.number().int().min(0),
    eta: etaSchema.nullable(),
    refused: z.array(z.object({ index: z.number().int().min(0), reason: z.enum(LOCATION_REFUSAL_REASONS) })),
  })
  .meta({ id: 'LocationAccepted' });
export type LocationAccepted = z.infer<typeof locationAcceptedSchema>;

/**
 * What a live map shows. `position` and `eta` are null unless the visit is Traveling: a customer
 * never sees where a technician is before they set off or after they arrive.
 */
export const trackingViewSchema = z
  .object({
    bookingId: z.uuid(),
    status,
    arrivalAt: instant,
    arrivalWindowEndsAt: instant.nullable(),
    /** The place's IANA zone, for showing times as the customer lives them. */
    timeZone: z.string(),
    destination: z.object({ lat: latitudeSchema, lon: longitudeSchema, label: z.string() }),
    position: trackedPositionSchema.nullable(),
    /** The most recent fixes, oldest first, for the route line; empty when position is null. */
    trail: z.array(z.object({ lat: latitudeSchema, lon: longitudeSchema })),
    eta: etaSchema.nullable(),
    /** Only what the business allows customers to see. */
    technician: z.object({ name: z.string().nullable(), phone: z.string().nullable(), photoUrl: z.string().nullable() }),
    business: z.object({ name: z.string(), phone: z.string().nullable() }),
  })
  .meta({ id: 'TrackingView' });
export type TrackingView = z.infer<typeof trackingViewSchema>;

/** A visit as the technician's app lists it: everything needed on the doorstep. */
export const technicianVisitSchema = z
  .object({
    id: z.uuid(),
    workOrderNumber: z.string(),
    status,
    next: z.array(status),
    arrivalAt: instant,
    arrivalWindowEndsAt: instant.nullable(),
    endsAt: instant,
    timeZone: z.string(),
    serviceType: z.object({ id: z.uuid(), name: z.string(), durationMinutes: z.number().int() }),
    asset: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    customer: z.object({ accountName: z.string(), contactName: z.string().nullable(), phone: z.string().nullable() }),
    address: z.object({ line1: z.string(), city: z.string().nullable(), postalCode: z.string().nullable(), lat: latitudeSchema, lon: longitudeSchema }),
    /** A `geo:` URI and a web maps URL for turn-by-turn directions. */
    directions: z.object({ geo: z.string(), web: z.string() }),
    comments: z.string().nullable(),
    intakeAnswers: z.array(z.object({ label: z.string(), value: z.string() })),
    /** Whether the app should be sharing location now (the visit is Traveling). */
    sharingLocation: z.boolean(),
  })
  .meta({ id: 'TechnicianVisit' });
export type TechnicianVisit = z.infer<typeof technicianVisitSchema>;

/** Which days the technician app lists: from a date (today in the business's zone by default), for some days (7 by default). */
export const TECHNICIAN_VISITS_MAX_DAYS = 31;
/** How far from today (either way) the technician app may ask for. */
export const TECHNICIAN_VISITS_MAX_REACH_DAYS = 366;
const DAY_MS = 86_400_000;
export const technicianVisitsQuerySchema = z.object({
  from: z.iso
    .date()
    .refine((date) => Math.abs(Date.parse(`${date}T00:00:00Z`) - Date.now()) <= (TECHNICIAN_VISITS_MAX_REACH_DAYS + 1) * DAY_MS, {
      message: `must be within ${TECHNICIAN_VISITS_MAX_REACH_DAYS} days of today`,
    })
    .optional(),
  days: z.coerce.number().int().min(1).max(TECHNICIAN_VISITS_MAX_DAYS).optional(),
});
export type TechnicianVisitsQuery = z.infer<typeof technicianVisitsQuerySchema>;

/** How many fixes of a visit are kept (and shown as its route line). */
export const TRACKING_TRAIL_MAX = 50;

export const technicianVisitsSchema = z
  .object({ technician: z.object({ id: z.uuid(), name: z.string() }), visits: z.array(technicianVisitSchema) })
  .meta({ id: 'TechnicianVisits' });
export type TechnicianVisits = z.infer<typeof technicianVisitsSchema>;

/** A visit on its way, as staff see it on the live map: who is driving where, the latest fix and the ETA. */
export const liveTravelSchema = z
  .object({
    bookingId: z.uuid(),
    workOrderNumber: z.string(),
    technician: z.object({ id: z.uuid(), name: z.string() }),
    accountName: z.string(),
    destination: z.object({ lat: latitudeSchema, lon: longitudeSchema, label: z.string() }),
    arrivalAt: instant,
    /** Null until the technician's app sends a fix (or while tracking is off). */
    position: trackedPositionSchema.nullable(),
    eta: etaSchema.nullable(),
  })
  .meta({ id: 'LiveTravel' });
export type LiveTravel = z.infer<typeof liveTravelSchema>;
export const liveTravelsSchema = z
  .object({ timeZone: z.string(), trackingEnabled: z.boolean(), visits: z.array(liveTravelSchema) })
  .meta({ id: 'LiveTravels' });
export type LiveTravels = z.infer<typeof liveTravelsSchema>;

/** A tracking link never runs more than this many minutes past now, however often staff extend it. */
export const TRACKING_LINK_MAX_AHEAD_MINUTES = 1440;

/** Staff manage a visit's tracking link as Dynamics 365 does: extend, expire now, or block. */
export const trackingLinkActionSchema = z
  .object({ action: z.enum(['extend', 'expire', 'block']), minutes: z.number().int().min(5).max(1440).optional() })
  .strict()
  .meta({ id: 'TrackingLinkAction' });
export const trackingLinkSchema = z
  .object({
    bookingId: z.uuid(),
    /** Only in the answer that created it: the server keeps a hash. */
    url: z.string().nullable(),
    expiresAt: instant.nullable(),
    state: z.enum(['active', 'expired', 'blocked']),
  })
  .meta({ id: 'TrackingLink' });
export type TrackingLink = z.infer<typeof trackingLinkSchema>;

/**
 * Messages on the live stream (SSE `event:` = `type`, `data:` = JSON of `data`). A page opens one
 * stream for all its elements; each element filters by `bookingId`.
 */
export const liveMessageSchemas = {
  /** A visit moved in the status machine: lists re-sort into Active / Upcoming / Past. */
  'booking.status': z.object({ bookingId: z.uuid(), status, at: instant }),
  /** Something else about a visit changed (booked, moved, canceled): refetch it. */
  'booking.changed': z.object({ bookingId: z.uuid() }),
  'tracking.position': z.object({ bookingId: z.uuid(), position: trackedPositionSchema, eta: etaSchema.nullable() }),
  /** The technician entered the arriving radius. */
  'tracking.arriving': z.object({ bookingId: z.uuid(), eta: etaSchema }),
} as const;
export type LiveMessageType = keyof typeof liveMessageSchemas;
export type LiveMessage = { [K in LiveMessageType]: { type: K; data: z.infer<(typeof liveMessageSchemas)[K]> } }[LiveMessageType];

// Domain events: what happened, published by services in the same transaction as the change and
// delivered after commit to every subscriber (notifications, live updates, plugin after-hooks,
// webhooks). Names and payloads are defined once, here; they are stable API for subscribers.
import { z } from 'zod';
import { BOOKING_STATUSES } from './booking-status';

const status = z.enum(BOOKING_STATUSES);
const instant = z.iso.datetime({ offset: true });

export const domainEventPayloadSchemas = {
  'booking.created': z.object({
    bookingId: z.uuid(),
    workOrderId: z.uuid(),
    resourceId: z.uuid(),
    arrivalAt: instant,
    source: z.enum(['portal', 'staff']),
  }),
  'booking.rescheduled': z.object({
    bookingId: z.uuid(),
    resourceId: z.uuid(),
    arrivalAt: instant,
    previous: z.object({ resourceId: z.uuid(), arrivalAt: instant }),
  }),
  /** Also published as `booking.status_changed` (to `canceled`); this one carries the reason. */
  'booking.canceled': z.object({ bookingId: z.uuid(), resourceId: z.uuid(), from: status, reason: z.string() }),
  'booking.status_changed': z.object({
    bookingId: z.uuid(),
    resourceId: z.uuid(),
    from: status,
    to: status,
    note: z.string().nullable(),
    /**
     * Set when the visit became Traveling and live tracking is on: a token of the visit's
     * tracking link (for the "on the way" message), sealed with the server's secret; only its hash
     * is stored anywhere else. The link is `<portal URL>#arrivo-track=<token>`. A link staff sent
     * before keeps working beside it. Absent when staff blocked the visit's link.
     */
    sealedTrackingToken: z.string().optional(),
    /**
     * Set when the visit became Completed and surveys are on: a token of the visit's survey link
     * (for the Completed message), sealed like the tracking token; only its hash is stored. The
     * link is `<portal URL>#arrivo-survey=<token>`.
     */
    sealedSurveyToken: z.string().optional(),
  }),
  /**
   * The technician first came within the arriving radius of a Traveling visit (once per visit), for
   * an arrival notice. Published in the transaction that stored the fix.
   */
  'booking.arriving': z.object({
    bookingId: z.uuid(),
    resourceId: z.uuid(),
    /** When the fix inside the radius was taken. */
    at: instant,
    lat: z.number(),
    lon: z.number(),
  }),
  /** A customer rated a completed visit (once per visit). */
  'feedback.submitted': z.object({
    feedbackId: z.uuid(),
    bookingId: z.uuid(),
    resourceId: z.uuid(),
    serviceTypeId: z.uuid(),
    rating: z.number().int().min(1).max(5),
    recommend: z.number().int().min(0).max(10).nullable(),
  }),
  /** The rating was at or below the business's low-score threshold; published beside `feedback.submitted`. */
  'feedback.low_score': z.object({
    feedbackId: z.uuid(),
    bookingId: z.uuid(),
    resourceId: z.uuid(),
    serviceTypeId: z.uuid(),
    rating: z.number().int().min(1).max(5),
    threshold: z.number().int(),
  }),
  'invitation.created': z.object({
    invitationId: z.uuid(),
    contactId: z.uuid(),
    email: z.email(),
    firstName: z.string().nullable(),
    expiresAt: instant,
    portalUrl: z.string(),
    /** The invitation code, sealed with the server's secret: only its hash is stored anywhere else. */
    sealedCode: z.string(),
  }),
  'password_reset.requested': z.object({
    email: z.email(),
    /** The reset link (it carries the token), sealed with the server's secret. */
    sealedLink: z.string(),
  }),
} as const;

export type DomainEventName = keyof typeof domainEventPayloadSchemas;
export const DOMAIN_EVENT_NAMES = Object.keys(domainEventPayloadSchemas) as DomainEventName[];
export type DomainEventPayload<N extends DomainEventName> = z.infer<(typeof domainEventPayloadSchemas)[N]>;

/** Everything every event carries besides its payload. */
export const domainEventEnvelopeSchema = z.object({
  /** Unique per event; with a subscriber's key, what makes handling idempotent. */
  id: z.uuid(),
  name: z.enum(DOMAIN_EVENT_NAMES as [DomainEventName, ...DomainEventName[]]),
  businessId: z.uuid(),
  occurredAt: instant,
  /** Who caused it: a user, or null for the system (automatic invitations, jobs). */
  actorUserId: z.string().nullable(),
  payload: z.unknown(),
});

export type DomainEvent<N extends DomainEventName = DomainEventName> = {
  [K in N]: Omit<z.infer<typeof domainEventEnvelopeSchema>, 'name' | 'payload'> & { name: K; payload: DomainEventPayload<K> };
}[N];

/** Check an event read back from the queue: the envelope, then the payload its name calls for. */
export function parseDomainEvent(value: unknown): DomainEvent {
  const envelope = domainEventEnvelopeSchema.parse(value);
  const payload = domainEventPayloadSchemas[envelope.name].parse(envelope.payload);
  return { ...envelope, payload } as DomainEvent;
}

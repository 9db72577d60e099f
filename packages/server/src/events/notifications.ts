// Booking notifications: the customer-facing messages a visit's events call for. Two steps, both
// after the booking's transaction committed:
//  1. the `notifications` event subscriber decides (portal-made visit, business switch, contact's
//     choice), renders the message in the contact's language and queues it: a `notification_log`
//     row (unique per event × message × recipient) and a job, in the subscriber's transaction;
//  2. one job per message sends it through its channel; a temporary failure is retried with the
//     queue's backoff, and after the last attempt the message is `dead`.
import type { DomainEvent } from '@arrivo/core';
import type { ChannelMessage, NotificationEvent } from '@arrivo/sdk/server';
import { z } from 'zod';
import type { Tx } from '../db/client';
import { findBusinessById } from '../db/queries/businesses';
import { bumpCalendarSequence, findVisitNotice, insertNotification, type VisitNoticeRow } from '../db/queries/notifications';
import type { AppDeps } from '../deps';
import { bookingMessage, messageLanguage, type BookingMessageKind, type VisitFacts } from '../email/booking-messages';
import { portalUrlOf } from '../services/invitations';
import { deliverNotification } from '../services/notifications';
import { trackingUrl } from '../services/tracking-links';
import type { EventSubscriber } from './dispatcher';
import { NOTIFICATIONS_QUEUE, type JobQueue } from './queue';

/** A move of the arrival by this much or less is not worth a message (as Dynamics 365 does). */
export const RESCHEDULE_THRESHOLD_MINUTES = 10;

export const CHANNEL_EVENT: Record<BookingMessageKind, NotificationEvent> = {
  confirmation: 'booking.created',
  rescheduled: 'booking.rescheduled',
  canceled: 'booking.canceled',
  on_the_way: 'booking.status.traveling',
};

const jobSchema = z.object({ notificationId: z.uuid() });
type Deps = Pick<AppDeps, 'sql' | 'mailer' | 'secrets' | 'publicUrl' | 'queue'>;

/** Queue one message: its log row and its job, in `tx`. Nothing when it was queued before. */
async function queueMessage(tx: Tx, deps: Deps, n: { businessId: string; bookingId: string; contactId: string; event: string; kind: BookingMessageKind; language: string; key: string; message: ChannelMessage }) {
  const id = await insertNotification(tx, {
    businessId: n.businessId,
    bookingId: n.bookingId,
    contactId: n.contactId,
    channel: 'email',
    event: n.event,
    message: n.kind,
    language: n.language,
    recipient: n.message.to,
    idempotencyKey: n.key,
    sealedContent: deps.secrets.seal(JSON.stringify(n.message)),
  });
  if (id) await deps.queue.send(tx, NOTIFICATIONS_QUEUE, { notificationId: id });
}

function kindOf(event: DomainEvent): BookingMessageKind | null {
  switch (event.name) {
    case 'booking.created':
      return event.payload.source === 'portal' ? 'confirmation' : null;
    case 'booking.rescheduled': {
      const moved = Math.abs(Date.parse(event.payload.arrivalAt) - Date.parse(event.payload.previous.arrivalAt));
      return moved > RESCHEDULE_THRESHOLD_MINUTES * 60_000 ? 'rescheduled' : null;
    }
    case 'booking.canceled':
      return 'canceled';
    case 'booking.status_changed':
      return event.payload.to === 'traveling' ? 'on_the_way' : null;
    default:
      return null;
  }
}

const switchOf: Record<BookingMessageKind, keyof VisitNoticeRow> = {
  confirmation: 'notifyConfirmation',
  rescheduled: 'notifyRescheduled',
  canceled: 'notifyCanceled',
  on_the_way: 'notifyOnTheWay',
};

export function notificationsSubscriber(deps: Deps): EventSubscriber {
  return {
    key: 'notifications',
    events: ['booking.created', 'booking.rescheduled', 'booking.canceled', 'booking.status_changed'],
    async handle(event, { tx }) {
      const kind = kindOf(event);
      if (!kind) return;
      const bookingId = (event.payload as { bookingId: string }).bookingId;
      const visit = await findVisitNotice(tx, event.businessId, bookingId);
      const business = await findBusinessById(tx, event.businessId);
      // Only visits booked through the portal notify; the business may switch a message off; the
      // contact may have chosen no email.
      if (!visit || !business || visit.source !== 'portal' || !visit[switchOf[kind]]) return;
      if (!visit.contactId || !visit.contactEmail || !visit.contactNotifyEmail) return;
      const language = messageLanguage(visit.contactLanguage);
      const facts: VisitFacts = {
        bookingId,
        to: visit.contactEmail,
        firstName: visit.contactFirstName ?? '',
        business: { name: business.name, phone: business.phone },
        serviceName: visit.serviceTypeName,
        workOrderNumber: visit.workOrderNumber,
        address: `${visit.addressLine1}, ${visit.city}`,
        technicianName: visit.technicianName,
        arrivalAt: visit.arrivalAt,
        windowEndsAt: visit.arrivalWindowMinutes > 0 ? new Date(visit.arrivalAt.getTime() + visit.arrivalWindowMinutes * 60_000) : null,
        endsAt: visit.endsAt,
        timeZone: business.timeZone,
        language,
        portalUrl: portalUrlOf(visit.portalUrl, deps.publicUrl),
        organizerEmail: /<([^>]+)>/.exec(deps.mailer.from)?.[1] ?? deps.mailer.from,
      };
      let message;
      // Per event × message × recipient; the on-the-way message once per visit, however often
      // the visit goes back and forth to Traveling (the burst guard).
      let key = `${event.id}:${kind}:${visit.contactId}`;
      switch (kind) {
        case 'confirmation':
          message = bookingMessage(kind, facts, { sequence: visit.calendarSequence });
          break;
        case 'rescheduled':
          // The event's own arrival: a later move has its own event and message.
          facts.arrivalAt = new Date((event as DomainEvent<'booking.rescheduled'>).payload.arrivalAt);
          message = bookingMessage(kind, facts, { sequence: await bumpCalendarSequence(tx, event.businessId, bookingId) });
          break;
        case 'canceled':
          message = bookingMessage(kind, facts, {
            sequence: await bumpCalendarSequence(tx, event.businessId, bookingId),
            reason: (event as DomainEvent<'booking.canceled'>).payload.reason,
          });
          break;
        case 'on_the_way': {
          const sealed = (event as DomainEvent<'booking.status_changed'>).payload.sealedTrackingToken;
          const url = sealed ? trackingUrl(facts.portalUrl, deps.secrets.open(sealed)) : undefined;
          message = bookingMessage(kind, facts, { eta: visit.arrivalAt, trackingUrl: url });
          key = `visit:${bookingId}:${kind}:${visit.contactId}`;
          break;
        }
      }
      await queueMessage(tx, deps, {
        businessId: event.businessId,
        bookingId,
        contactId: visit.contactId,
        event: event.name,
        kind,
        language,
        key,
        message: { ...message, event: CHANNEL_EVENT[kind] },
      });
    },
    jobs: [{ queue: NOTIFICATIONS_QUEUE, handle: (data, ctx) => deliverNotification({ ...deps, sql: ctx.sql }, jobSchema.parse(data).notificationId) }],
  };
}


// Booking notifications: the customer-facing messages a visit's events call for. Two steps, both
// after the booking's transaction committed:
//  1. the `notifications` event subscriber decides (portal-made visit, business switch, contact's
//     choice), renders the message in the contact's language and queues it: a `notification_log`
//     row (unique per event × message × recipient) and a job, in the subscriber's transaction;
//     a booked or moved visit also gets its reminder job, due at arrival − the reminder lead
//     (none when that is already past);
//  2. one job per message sends it through its channel; a temporary failure is retried with the
//     queue's backoff, and after the last attempt the message is `dead`.
import { estimateArrival, type DomainEvent } from '@arrivo/core';
import { z } from 'zod';
import { findTravelMinutes } from '../db/queries/notification-templates';
import { bumpCalendarSequence, findVisitNotice } from '../db/queries/notifications';
import type { AppDeps } from '../deps';
import { bookingMessage, type BookingMessageKind } from '../email/booking-messages';
import type { MailMessage } from '../email/mailer';
import { deliverNotification, queueVisitMessage, recipientChoice, remindVisit, reminderJobSchema, scheduleReminder, visitFacts, wants } from '../services/notifications';
import { surveyUrl } from '../services/feedback';
import { trackingUrl } from '../services/tracking-links';
import type { EventSubscriber } from './dispatcher';
import { NOTIFICATIONS_QUEUE, REMINDERS_QUEUE } from './queue';

/** A move of the arrival by this much or less is not worth a message (as Dynamics 365 does). */
export const RESCHEDULE_THRESHOLD_MINUTES = 10;

const jobSchema = z.object({ notificationId: z.uuid() });
type Deps = Pick<AppDeps, 'sql' | 'mailer' | 'secrets' | 'publicUrl' | 'queue' | 'plugins'>;

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
      return event.payload.to === 'traveling' ? 'on_the_way' : event.payload.to === 'completed' ? 'completed' : null;
    case 'booking.arriving':
      return 'arriving';
    default:
      return null;
  }
}

export function notificationsSubscriber(deps: Deps): EventSubscriber {
  return {
    key: 'notifications',
    events: ['booking.created', 'booking.rescheduled', 'booking.canceled', 'booking.status_changed', 'booking.arriving'],
    async handle(event, { tx }) {
      const bookingId = (event.payload as { bookingId: string }).bookingId;
      // Every booked or moved portal visit gets a reminder at its (new) arrival − the lead, unless
      // that time has passed; the old one, when it comes due, finds the visit moved and stays silent.
      if (event.name === 'booking.created' || event.name === 'booking.rescheduled') {
        if (event.name === 'booking.rescheduled' || event.payload.source === 'portal') {
          await scheduleReminder(tx, deps, { businessId: event.businessId, bookingId, arrivalAt: event.payload.arrivalAt }, new Date(event.occurredAt));
        }
      }
      const kind = kindOf(event);
      if (!kind) return;
      const visit = await findVisitNotice(tx, event.businessId, bookingId);
      if (!visit || !wants(visit, kind)) return;
      // The arrival notice only while the technician is still on the way (not for a visit
      // canceled or already started by the time the event is handled).
      if (kind === 'arriving' && visit.status !== 'traveling') return;
      const facts = await visitFacts(tx, deps, event.businessId, visit);
      if (!facts) return;
      let message: ((manageUrl: string | undefined) => MailMessage) | MailMessage;
      // Per event × message × recipient; the on-the-way message once per visit, however many
      // Traveling events there are (the burst guard).
      let key = `${event.id}:${kind}:${visit.contactId}`;
      switch (kind) {
        case 'confirmation': {
          const sequence = visit.calendarSequence;
          message = (manageUrl) => bookingMessage(kind, facts, { sequence, manageUrl });
          break;
        }
        case 'rescheduled': {
          // Handled after a newer move (events may be handled out of order): a newer move beyond
          // the threshold has its own event and message, so this one says nothing — else it would
          // bump SEQUENCE last with a stale time. A newer small move sends nothing of its own, so
          // this one still tells. Either way the message shows the visit as it is now.
          const eventArrival = Date.parse((event as DomainEvent<'booking.rescheduled'>).payload.arrivalAt);
          if (Math.abs(visit.arrivalAt.getTime() - eventArrival) > RESCHEDULE_THRESHOLD_MINUTES * 60_000) return;
          const sequence = await bumpCalendarSequence(tx, event.businessId, bookingId);
          message = (manageUrl) => bookingMessage(kind, facts, { sequence, manageUrl });
          break;
        }
        case 'canceled':
          message = bookingMessage(kind, facts, {
            sequence: await bumpCalendarSequence(tx, event.businessId, bookingId),
            reason: (event as DomainEvent<'booking.canceled'>).payload.reason,
          });
          break;
        case 'arriving':
          // Once per visit, like the on-the-way message (the event itself is once per visit).
          message = bookingMessage(kind, facts);
          key = `visit:${bookingId}:${kind}:${visit.contactId}`;
          break;
        case 'completed': {
          // Once per visit; the survey link only when the visit's survey was made (surveys on).
          const sealed = (event as DomainEvent<'booking.status_changed'>).payload.sealedSurveyToken;
          message = bookingMessage(kind, facts, { surveyUrl: sealed ? surveyUrl(facts.portalUrl, deps.secrets.open(sealed)) : undefined });
          key = `visit:${bookingId}:${kind}:${visit.contactId}`;
          break;
        }
        default: {
          const sealed = (event as DomainEvent<'booking.status_changed'>).payload.sealedTrackingToken;
          const url = sealed ? trackingUrl(facts.portalUrl, deps.secrets.open(sealed)) : undefined;
          // Estimated as the technician set off: the event's time + the visit's travel, or the booked arrival when later.
          const travelMinutes = (await findTravelMinutes(tx, event.businessId, bookingId)) ?? null;
          const eta = estimateArrival({ departedAt: new Date(event.occurredAt), travelMinutes, bookedArrival: visit.arrivalAt });
          message = bookingMessage(kind, facts, { eta: eta.at, etaBasis: eta, trackingUrl: url });
          key = `visit:${bookingId}:${kind}:${visit.contactId}`;
          break;
        }
      }
      // Confirmation and rescheduled messages carry a manage link made for them (see queueVisitMessage).
      const render = typeof message === 'function' ? message : () => message as MailMessage;
      const n = { businessId: event.businessId, bookingId, contactId: visit.contactId!, event: event.name, kind, language: facts.language, key, portalUrl: facts.portalUrl };
      await queueVisitMessage(tx, deps, n, render, recipientChoice(visit));
    },
    jobs: [
      { queue: NOTIFICATIONS_QUEUE, handle: (data, ctx) => deliverNotification({ ...deps, sql: ctx.sql }, jobSchema.parse(data).notificationId) },
      { queue: REMINDERS_QUEUE, concurrency: 1, handle: (data, ctx) => remindVisit({ ...deps, sql: ctx.sql }, reminderJobSchema.parse(data)) },
    ],
  };
}

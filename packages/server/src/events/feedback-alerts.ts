// Closing the loop on a low score: `feedback.low_score` sends the business's alert address (or,
// when it set none, each of its admins) an email through the notifications pipeline (delivery
// log, retries, resend), once per event and recipient.
import type { DomainEvent } from '@arrivo/core';
import { findBusinessById } from '../db/queries/businesses';
import { getSurveySettings, listFeedback } from '../db/queries/feedback';
import { adminEmails } from '../db/queries/memberships';
import type { AppDeps } from '../deps';
import { lowScoreAlert } from '../email/low-score-alert';
import { queueNotification } from '../services/notifications';
import type { EventSubscriber } from './dispatcher';

export function feedbackAlertsSubscriber(deps: Pick<AppDeps, 'secrets' | 'queue'>): EventSubscriber {
  return {
    key: 'feedback-alerts',
    events: ['feedback.low_score'],
    async handle(event, { tx }) {
      const { payload } = event as DomainEvent<'feedback.low_score'>;
      const settings = await getSurveySettings(tx, event.businessId);
      // No alert address: the business's admins, so a low score never goes unseen by default.
      const recipients = settings.alertEmail ? [settings.alertEmail] : await adminEmails(tx, event.businessId);
      if (!recipients.length) return; // the event stands; nobody to tell
      const [business, [row]] = await Promise.all([
        findBusinessById(tx, event.businessId),
        listFeedback(tx, event.businessId, { feedbackId: payload.feedbackId, limit: 1 }),
      ]);
      if (!business || !row) return; // deleted since
      for (const to of recipients) {
        const message = lowScoreAlert({
          to,
          businessName: business.name,
          rating: row.rating,
          threshold: payload.threshold,
          recommend: row.recommend,
          comment: row.comment,
          workOrderNumber: row.workOrderNumber,
          accountName: row.accountName,
          contactName: row.contactName,
          technicianName: row.technicianName,
          serviceTypeName: row.serviceTypeName,
          arrivalAt: row.arrivalAt.toISOString(),
          timeZone: business.timeZone,
        });
        await queueNotification(tx, deps, {
          businessId: event.businessId,
          bookingId: payload.bookingId,
          contactId: null,
          event: event.name,
          kind: 'low_score_alert',
          language: 'en',
          key: `${event.id}:low_score_alert:${to.toLowerCase()}`,
          message: { ...message, event: 'feedback.low_score' },
        });
      }
    },
  };
}

// Closing the loop on a low score: `feedback.low_score` sends the business's alert address an
// email through the notifications pipeline (delivery log, retries, resend), once per event.
import type { DomainEvent } from '@arrivo/core';
import { findBusinessById } from '../db/queries/businesses';
import { getSurveySettings, listFeedback } from '../db/queries/feedback';
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
      if (!settings.alertEmail) return; // the event stands; nobody asked for an email
      const [business, [row]] = await Promise.all([
        findBusinessById(tx, event.businessId),
        listFeedback(tx, event.businessId, { feedbackId: payload.feedbackId, limit: 1 }),
      ]);
      if (!business || !row) return; // deleted since
      const message = lowScoreAlert({
        to: settings.alertEmail,
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
        key: `${event.id}:low_score_alert`,
        message: { ...message, event: 'feedback.low_score' },
      });
    },
  };
}

// Events are split by area, so an element's bundle carries only the ones it sends.
import type { FollowUpOffer } from '@arrivo/core';
import { ArrivoEvent } from './arrivo-event';

/** A customer sent their feedback on a visit (once per visit). */
export class ArrivoFeedbackSubmittedEvent extends ArrivoEvent<{ bookingId: string; rating: number }> {
  static readonly type = 'arrivo-feedback-submitted';
  constructor(detail: ArrivoFeedbackSubmittedEvent['detail']) {
    super(ArrivoFeedbackSubmittedEvent.type, detail);
  }
}

/**
 * After a low score, the customer chose "Book a follow-up visit": open a booking form with the
 * offer's service type and asset (`<arrivo-booking-form service-type-id asset-id>`).
 */
export class ArrivoFollowUpRequestedEvent extends ArrivoEvent<{ bookingId: string; offer: FollowUpOffer }> {
  static readonly type = 'arrivo-follow-up-requested';
  constructor(detail: ArrivoFollowUpRequestedEvent['detail']) {
    super(ArrivoFollowUpRequestedEvent.type, detail);
  }
}

declare global {
  interface HTMLElementEventMap {
    'arrivo-feedback-submitted': ArrivoFeedbackSubmittedEvent;
    'arrivo-follow-up-requested': ArrivoFollowUpRequestedEvent;
  }
}

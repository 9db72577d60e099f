// Events are split by area, so an element's bundle carries only the ones it sends.
import type { CustomerBooking } from '@arrivo/core';
import { ArrivoEvent } from './arrivo-event';

/** A visit was booked. */
export class ArrivoBookedEvent extends ArrivoEvent<{ booking: CustomerBooking }> {
  static readonly type = 'arrivo-booked';
  constructor(detail: { booking: CustomerBooking }) {
    super(ArrivoBookedEvent.type, detail);
  }
}

/** A visit was moved to another time ("Modify"). */
export class ArrivoRescheduledEvent extends ArrivoEvent<{ booking: CustomerBooking }> {
  static readonly type = 'arrivo-rescheduled';
  constructor(detail: { booking: CustomerBooking }) {
    super(ArrivoRescheduledEvent.type, detail);
  }
}

/** A visit was canceled (with its reason). */
export class ArrivoCanceledEvent extends ArrivoEvent<{ booking: CustomerBooking }> {
  static readonly type = 'arrivo-canceled';
  constructor(detail: { booking: CustomerBooking }) {
    super(ArrivoCanceledEvent.type, detail);
  }
}

/**
 * "View Live Map" was chosen for a traveling visit. Cancelable: the portal shows its map; a page
 * using the list alone can handle it itself.
 */
export class ArrivoViewLiveMapEvent extends ArrivoEvent<{ booking: CustomerBooking }> {
  static readonly type = 'arrivo-view-live-map';
  constructor(detail: { booking: CustomerBooking }) {
    super(ArrivoViewLiveMapEvent.type, detail, true);
  }
}

/**
 * "Send feedback" was chosen on a completed visit in the appointment list: the portal opens its
 * survey page; a page using the list alone shows `<arrivo-feedback-survey booking-id=…>` itself.
 * (The survey's own events are in `feedback.ts`.)
 */
export class ArrivoFeedbackRequestedEvent extends ArrivoEvent<{ booking: CustomerBooking }> {
  static readonly type = 'arrivo-feedback-requested';
  constructor(detail: { booking: CustomerBooking }) {
    super(ArrivoFeedbackRequestedEvent.type, detail);
  }
}

declare global {
  interface HTMLElementEventMap {
    'arrivo-booked': ArrivoBookedEvent;
    'arrivo-rescheduled': ArrivoRescheduledEvent;
    'arrivo-canceled': ArrivoCanceledEvent;
    'arrivo-view-live-map': ArrivoViewLiveMapEvent;
    'arrivo-feedback-requested': ArrivoFeedbackRequestedEvent;
  }
}

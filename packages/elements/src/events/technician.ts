// Events are split by area, so an element's bundle carries only the ones it sends.
import type { TechnicianVisit } from '@arrivo/core';
import { ArrivoEvent } from './arrivo-event';

/** The technician moved a visit along (Start traveling, Arrived / Start work, Complete, Cancel). */
export class ArrivoVisitStatusChangedEvent extends ArrivoEvent<{ visit: TechnicianVisit; from: TechnicianVisit['status'] }> {
  static readonly type = 'arrivo-visit-status-changed';
  constructor(detail: ArrivoVisitStatusChangedEvent['detail']) {
    super(ArrivoVisitStatusChangedEvent.type, detail);
  }
}

/** Location sharing turned on or off (`bookingId` null when off), or hit a problem. */
export class ArrivoLocationSharingChangedEvent extends ArrivoEvent<{ bookingId: string | null; problem: string | null }> {
  static readonly type = 'arrivo-location-sharing-changed';
  constructor(detail: ArrivoLocationSharingChangedEvent['detail']) {
    super(ArrivoLocationSharingChangedEvent.type, detail);
  }
}

declare global {
  interface HTMLElementEventMap {
    'arrivo-visit-status-changed': ArrivoVisitStatusChangedEvent;
    'arrivo-location-sharing-changed': ArrivoLocationSharingChangedEvent;
  }
}

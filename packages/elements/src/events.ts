import type { CustomerBooking, ErrorBody, Profile, Session } from '@arrivo/core';

/** Base of every Arrivo DOM event: bubbles out of shadow roots so the host page can listen. */
export class ArrivoEvent<T> extends Event {
  readonly detail: T;
  constructor(type: string, detail: T, cancelable = false) {
    super(type, { bubbles: true, composed: true, cancelable });
    this.detail = detail;
  }
}

/** Something went wrong that the element already shows to the user; hosts may log or report it. */
export class ArrivoErrorEvent extends ArrivoEvent<{ code: string; message: string }> {
  static readonly type = 'arrivo-error';
  constructor(detail: Pick<ErrorBody, 'message'> & { code: string }) {
    super(ArrivoErrorEvent.type, detail);
  }
}

/** Someone signed in (password, redeemed invitation or external provider). */
export class ArrivoSignedInEvent extends ArrivoEvent<{ session: Session; via: 'password' | 'invitation' | 'external' }> {
  static readonly type = 'arrivo-signed-in';
  constructor(detail: ArrivoSignedInEvent['detail']) {
    super(ArrivoSignedInEvent.type, detail);
  }
}

export class ArrivoSignedOutEvent extends ArrivoEvent<Record<string, never>> {
  static readonly type = 'arrivo-signed-out';
  constructor() {
    super(ArrivoSignedOutEvent.type, {});
  }
}

/** The profile was saved (or its first-run step skipped). */
export class ArrivoProfileSavedEvent extends ArrivoEvent<{ profile: Profile; skipped: boolean }> {
  static readonly type = 'arrivo-profile-saved';
  constructor(detail: ArrivoProfileSavedEvent['detail']) {
    super(ArrivoProfileSavedEvent.type, detail);
  }
}

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

declare global {
  interface HTMLElementEventMap {
    'arrivo-error': ArrivoErrorEvent;
    'arrivo-signed-in': ArrivoSignedInEvent;
    'arrivo-signed-out': ArrivoSignedOutEvent;
    'arrivo-profile-saved': ArrivoProfileSavedEvent;
    'arrivo-booked': ArrivoBookedEvent;
    'arrivo-rescheduled': ArrivoRescheduledEvent;
    'arrivo-canceled': ArrivoCanceledEvent;
    'arrivo-view-live-map': ArrivoViewLiveMapEvent;
  }
}

// Events are split by area, so an element's bundle carries only the ones it sends.
import type { Session } from '@arrivo/core';
import { ArrivoEvent } from './arrivo-event';

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

declare global {
  interface HTMLElementEventMap {
    'arrivo-signed-in': ArrivoSignedInEvent;
    'arrivo-signed-out': ArrivoSignedOutEvent;
  }
}

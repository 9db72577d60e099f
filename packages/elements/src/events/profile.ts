// Events are split by area, so an element's bundle carries only the ones it sends.
import type { Profile } from '@arrivo/core';
import { ArrivoEvent } from './arrivo-event';

/** The profile was saved (or its first-run step skipped). */
export class ArrivoProfileSavedEvent extends ArrivoEvent<{ profile: Profile; skipped: boolean }> {
  static readonly type = 'arrivo-profile-saved';
  constructor(detail: ArrivoProfileSavedEvent['detail']) {
    super(ArrivoProfileSavedEvent.type, detail);
  }
}

declare global {
  interface HTMLElementEventMap {
    'arrivo-profile-saved': ArrivoProfileSavedEvent;
  }
}

// Events are split by area, so an element's bundle carries only the ones it sends.
import type { ErrorBody } from '@arrivo/core';

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

declare global {
  interface HTMLElementEventMap {
    'arrivo-error': ArrivoErrorEvent;
  }
}

import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { LiveEvent } from './stream';

export type { LiveEvent };

/** Which stream to read: its URL and the credential headers (a bearer token or a tracking token). */
export type LiveSource = { url: string; headers: Record<string, string> } | undefined;

/**
 * Live messages for an element, from the page's one shared stream (live/stream.ts, loaded on
 * first use). `source` is read on every update: a change (another person signs in, another
 * link) moves the element to that stream; `undefined` unsubscribes. `bookingId`, when given,
 * keeps only that visit's messages (and `resync` and `ended`). On `ended` (signed out, no longer
 * allowed, link invalid) the stream has stopped for good: reload once, and the API's answer (401,
 * 403, 404 `tracking_link_invalid`) shows the element's signed-out or invalid-link state.
 */
export class LiveController implements ReactiveController {
  private key?: string;
  private unsubscribe?: () => void;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly source: () => LiveSource,
    private readonly onEvent: (event: LiveEvent) => void,
    private readonly bookingId?: () => string | undefined,
  ) {
    host.addController(this);
  }

  private connected = false;

  hostConnected(): void {
    this.connected = true;
    this.host.requestUpdate(); // subscribes again after the element was moved or re-attached
  }

  hostUpdated(): void {
    // A detached element still updates (a load finishing): it must not open a stream again.
    if (!this.connected) return;
    const source = this.source();
    const key = source && `${source.url}\n${JSON.stringify(source.headers)}`;
    if (key === this.key) return;
    this.unsubscribe?.();
    this.key = key;
    if (!source) return;
    let off: (() => void) | undefined;
    let gone = false;
    this.unsubscribe = () => ((gone = true), off?.());
    void import('./stream').then(({ liveStream }) => {
      if (gone) return;
      off = liveStream(source.url, source.headers).subscribe((event) => {
        const id = this.bookingId?.();
        if (!id || event.type === 'resync' || event.type === 'ended' || event.data.bookingId === id) this.onEvent(event);
      });
    });
  }

  hostDisconnected(): void {
    this.connected = false;
    this.unsubscribe?.();
    this.unsubscribe = this.key = undefined;
  }
}

/**
 * `run` (a reload) now, or once more after the one running ends: a burst of live messages makes
 * at most two loads, the last one after the last message, and never two at once.
 */
export function coalesce(run: () => Promise<unknown>): () => void {
  let running: Promise<unknown> | undefined;
  let again = false;
  const next = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = run()
      .catch(() => undefined)
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          next();
        }
      });
  };
  return next;
}

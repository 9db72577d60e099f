// Location sharing for the technician app: watches the device's position only while a visit is
// Traveling, keeps at most one fix per LOCATION_MIN_INTERVAL_MS or per LOCATION_MIN_DISTANCE_M
// moved (whichever comes first), queues fixes while offline or while a send fails, and sends them
// oldest first in chunks of LOCATION_BATCH_MAX. No DOM and no element: the geolocation source, the
// clock, the network state and the sender are injected, so every rule is testable on its own.
import { distanceKm, LOCATION_BATCH_MAX, LOCATION_MAX_AGE_MS, LOCATION_MIN_DISTANCE_M, LOCATION_MIN_INTERVAL_MS, type LocationFix } from '@arrivo/core';
import { ApiError } from '../../api/api-error';

/** What `navigator.geolocation.watchPosition` reports (a subset, so tests can fake it). */
export interface Position {
  coords: { latitude: number; longitude: number; accuracy: number; heading?: number | null; speed?: number | null };
  timestamp: number;
}

/** A failed position request: 1 permission denied, 2 position unavailable, 3 timeout. */
export interface PositionError {
  code: number;
}

/** Where positions come from; `watch` returns a function that stops watching. */
export interface GeolocationSource {
  watch(onPosition: (p: Position) => void, onError: (e: PositionError) => void): () => void;
}

/** The device's geolocation: high accuracy, no cached fix older than 5 s. */
export const browserGeolocation: GeolocationSource = {
  watch(onPosition, onError) {
    if (!('geolocation' in navigator)) {
      onError({ code: 2 });
      return () => undefined;
    }
    const id = navigator.geolocation.watchPosition(onPosition, onError, { enableHighAccuracy: true, maximumAge: 5_000, timeout: 30_000 });
    return () => navigator.geolocation.clearWatch(id);
  },
};

/** Why sharing is not working as it should (shown to the technician). */
export type SharingProblem =
  /** The browser or the person refused access to the location. */
  | 'denied'
  /** The device cannot find its position right now (indoors, no GPS). */
  | 'unavailable'
  /** The visit is no longer Traveling: the server refused the fixes and sharing stopped. */
  | 'not_traveling'
  /** Sending failed for another reason (the session ended, the visit is gone): sharing stopped. */
  | 'failed'
  /**
   * The server refused fixes as taken in the future: the device's clock is ahead. Sharing goes on
   * (the customer sees nothing new until the clock is right); cleared by a batch with none refused so.
   */
  | 'clock';

export interface SharingState {
  /** Watching the position for this visit. */
  bookingId: string | null;
  /** Accuracy of the latest fix in metres; null before the first fix. */
  accuracyM: number | null;
  /** Fixes waiting to be sent (offline, or a send failed). */
  queued: number;
  /** The device is offline (fixes are kept and sent when it is back). */
  offline: boolean;
  problem: SharingProblem | null;
  /** The error of the last failed send, when it stopped sharing (for its translated message). */
  error: unknown;
}

export interface LocationSharingOptions {
  /**
   * Send fixes for a visit, oldest first (at most LOCATION_BATCH_MAX). Rejects with ApiError.
   * Resolves with the server's answer (`refused`: the fixes it will never take, and why).
   */
  send: (bookingId: string, fixes: LocationFix[]) => Promise<{ refused?: { index: number; reason: string }[] } | void>;
  /** Called whenever the state changes. */
  onChange?: (state: SharingState) => void;
  geolocation?: GeolocationSource;
  /** Milliseconds since the epoch. */
  now?: () => number;
  /** Whether the device is online, and a way to hear when it comes back. */
  network?: { online(): boolean; onOnline(listener: () => void): () => void };
  /** Timers, for retries after a failed send. */
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  /** The most fixes kept while they cannot be sent; older ones are dropped first. */
  maxQueue?: number;
  /** Wait this long before trying again after a failed send (doubles up to maxRetryMs). */
  retryMs?: number;
  maxRetryMs?: number;
}

export const browserNetwork = {
  online: () => navigator.onLine,
  onOnline(listener: () => void) {
    window.addEventListener('online', listener);
    return () => window.removeEventListener('online', listener);
  },
};

/** Turn a browser position into the fix the API takes (or null when it cannot be one). */
export function toFix(p: Position): LocationFix | null {
  const { latitude: lat, longitude: lon, accuracy, heading, speed } = p.coords;
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
  if (!Number.isFinite(accuracy) || accuracy < 0 || accuracy > 100_000) return null;
  const headingDeg = heading != null && Number.isFinite(heading) ? ((heading % 360) + 360) % 360 : null;
  const speedMps = speed != null && Number.isFinite(speed) && speed >= 0 ? Math.min(speed, 150) : null;
  return { lat, lon, accuracyM: Math.round(accuracy * 10) / 10, headingDeg, speedMps, recordedAt: new Date(p.timestamp).toISOString() };
}

/**
 * Shares the device's location for one visit at a time. `start(bookingId)` when a visit is
 * Traveling, `stop()` when it is not; nothing is watched while stopped.
 */
export class LocationSharing {
  private readonly geolocation: GeolocationSource;
  private readonly now: () => number;
  private readonly network: NonNullable<LocationSharingOptions['network']>;
  private readonly setTimer: NonNullable<LocationSharingOptions['setTimer']>;
  private readonly clearTimer: NonNullable<LocationSharingOptions['clearTimer']>;
  private readonly maxQueue: number;
  private readonly retryMs: number;
  private readonly maxRetryMs: number;

  private bookingId: string | null = null;
  private unwatch?: () => void;
  private unlisten?: () => void;
  private queue: LocationFix[] = [];
  /** The last fix kept, and when (by the injected clock): the throttle compares with it. */
  private last?: { fix: LocationFix; at: number };
  private accuracyM: number | null = null;
  private problem: SharingProblem | null = null;
  private error: unknown = undefined;
  private sending?: Promise<void>;
  private flushWanted = false;
  private retryTimer?: unknown;
  private retryDelay: number;

  constructor(private readonly options: LocationSharingOptions) {
    this.geolocation = options.geolocation ?? browserGeolocation;
    this.now = options.now ?? Date.now;
    this.network = options.network ?? browserNetwork;
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as number));
    this.maxQueue = options.maxQueue ?? 500;
    this.retryMs = this.retryDelay = options.retryMs ?? 5_000;
    this.maxRetryMs = options.maxRetryMs ?? 60_000;
  }

  get state(): SharingState {
    return {
      bookingId: this.bookingId,
      accuracyM: this.accuracyM,
      queued: this.queue.length,
      offline: !this.network.online(),
      problem: this.problem,
      error: this.error,
    };
  }

  /** Fixes waiting to be sent, oldest first (a copy). */
  get pending(): LocationFix[] {
    return [...this.queue];
  }

  /**
   * Share for this visit: a no-op when already sharing for it (even if permission was denied:
   * `retry` asks again), another visit replaces it.
   */
  start(bookingId: string): void {
    if (this.bookingId === bookingId) return;
    this.stop();
    this.bookingId = bookingId;
    this.problem = null;
    this.error = undefined;
    this.unlisten = this.network.onOnline(() => {
      this.retryDelay = this.retryMs;
      if (this.retryTimer !== undefined) this.clearTimer(this.retryTimer);
      this.retryTimer = undefined;
      void this.flush();
    });
    this.watch();
    this.changed();
  }

  /** Ask for the position again (after the person allowed it in the browser's settings). */
  retry(): void {
    if (!this.bookingId) return;
    this.problem = null;
    this.watch();
    this.changed();
  }

  /** Stop watching and forget what was not sent (the visit is no longer Traveling). */
  stop(): void {
    this.unwatch?.();
    this.unlisten?.();
    this.unwatch = this.unlisten = undefined;
    if (this.retryTimer !== undefined) this.clearTimer(this.retryTimer);
    this.retryTimer = undefined;
    const was = this.bookingId;
    this.bookingId = null;
    this.queue = [];
    this.last = undefined;
    this.accuracyM = null;
    this.retryDelay = this.retryMs;
    if (was) this.changed();
  }

  /**
   * Send what is queued now (before the technician marks the visit Arrived, say). Resolves when
   * the queue is empty or a send failed; never rejects.
   */
  flush(): Promise<void> {
    // Asked again while a round is running (a fix arrived, the device came back online): go again.
    this.flushWanted = true;
    this.sending ??= (async () => {
      while (this.flushWanted) {
        this.flushWanted = false;
        await this.sendQueued();
      }
    })().finally(() => (this.sending = undefined));
    return this.sending;
  }

  private watch() {
    this.unwatch?.();
    this.unwatch = this.geolocation.watch(
      (p) => this.onPosition(p),
      (e) => this.onPositionError(e),
    );
  }

  private onPosition(p: Position) {
    if (!this.bookingId) return;
    const fix = toFix(p);
    if (!fix) return;
    this.accuracyM = fix.accuracyM;
    if (this.problem === 'unavailable') this.problem = null;
    const at = this.now();
    // At most one fix per interval, unless the technician moved far enough since the last one.
    const keep =
      !this.last || at - this.last.at >= LOCATION_MIN_INTERVAL_MS || distanceKm(this.last.fix, fix) * 1000 >= LOCATION_MIN_DISTANCE_M;
    if (keep) {
      this.last = { fix, at };
      this.queue.push(fix);
      if (this.queue.length > this.maxQueue) this.queue.splice(0, this.queue.length - this.maxQueue);
      // After a failed send the retry timer (or coming back online) sends it with the rest.
      if (this.retryTimer === undefined) void this.flush();
    }
    this.changed();
  }

  private onPositionError(e: PositionError) {
    if (!this.bookingId) return;
    if (e.code === 1) {
      // Denied: watching again would fail the same way until the person allows it.
      this.unwatch?.();
      this.unwatch = undefined;
      this.problem = 'denied';
    } else {
      this.problem = 'unavailable';
    }
    this.changed();
  }

  private async sendQueued(): Promise<void> {
    while (this.bookingId && this.queue.length) {
      if (!this.network.online()) return this.changed(); // sent when the device is back online
      // Fixes the server would refuse as too old are of no use to anyone.
      const oldest = this.now() - LOCATION_MAX_AGE_MS;
      const fresh = this.queue.filter((f) => Date.parse(f.recordedAt) >= oldest);
      if (fresh.length !== this.queue.length) this.queue = fresh;
      if (!this.queue.length) break;
      const bookingId = this.bookingId;
      const chunk = this.queue.slice(0, LOCATION_BATCH_MAX);
      let answer;
      try {
        answer = await this.options.send(bookingId, chunk);
      } catch (err) {
        if (this.bookingId !== bookingId) return;
        if (!this.onSendError(err, chunk)) return;
        continue;
      }
      if (this.bookingId !== bookingId) return;
      // The queue may have grown (and been trimmed) meanwhile: remove exactly the fixes sent.
      const sent = new Set(chunk);
      this.queue = this.queue.filter((f) => !sent.has(f));
      this.retryDelay = this.retryMs;
      // Refused as from the future: the device's clock is ahead (they are dropped, like any refused fix).
      if (answer?.refused?.some((r) => r.reason === 'future')) this.problem = 'clock';
      else if (this.problem === 'clock') this.problem = null;
      this.changed();
    }
    this.changed();
  }

  /** Decide what a failed send means; true to go on with the rest of the queue. */
  private onSendError(err: unknown, chunk: LocationFix[]): boolean {
    const code = err instanceof ApiError ? err.code : undefined;
    if (code === 'not_traveling') {
      this.stopWith('not_traveling', err);
      return false;
    }
    if (code === 'validation_failed' && err instanceof ApiError && err.status === 400) {
      // Fixes the server will never take (a clock far off, say): drop them, keep the rest going.
      const bad = new Set(chunk);
      this.queue = this.queue.filter((f) => !bad.has(f));
      return true;
    }
    const transient = !(err instanceof ApiError) || err.status === 0 || err.status === 429 || err.status >= 500 || code === 'timeout' || code === 'network_error';
    if (!transient) {
      // Signed out, the visit gone, no longer this technician's: nothing to retry.
      this.stopWith('failed', err);
      return false;
    }
    // Keep the fixes and try again later (or as soon as the device is back online).
    if (this.retryTimer !== undefined) this.clearTimer(this.retryTimer);
    this.retryTimer = this.setTimer(() => {
      this.retryTimer = undefined;
      void this.flush();
    }, this.retryDelay);
    this.retryDelay = Math.min(this.retryDelay * 2, this.maxRetryMs);
    this.changed();
    return false;
  }

  private stopWith(problem: SharingProblem, err: unknown) {
    this.stop();
    this.problem = problem;
    this.error = err;
    this.changed();
  }

  private changed() {
    this.options.onChange?.(this.state);
  }
}

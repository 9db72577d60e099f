// The page's live stream: one SSE connection per API, business and credential, shared by every
// element on the page (ARCHITECTURE §7). Read with fetch, because EventSource cannot send headers
// and a token must never sit in a URL. Loaded lazily (through live/controller.ts), so an element
// pays for it only once it subscribes.
import type { LiveMessage } from '@arrivo/core';

/**
 * Why the stream stopped for good: the session is over (`expired`: signed out, expired), the
 * person may no longer follow it (`forbidden`: account deactivated, role removed), or the
 * tracking link is no longer valid (`invalid`). Nothing reconnects or polls after it.
 */
export type LiveEndReason = 'expired' | 'forbidden' | 'invalid';

/**
 * A message of the stream; `resync`: what you show may be stale, fetch it again; `ended`: the
 * stream stopped for good, fetch once more to show why (the API answers with the error to show).
 */
export type LiveEvent = LiveMessage | { type: 'resync' } | { type: 'ended'; reason: LiveEndReason };
export type LiveListener = (event: LiveEvent) => void;

/** How the stream behaves; tests shorten these. */
export const liveTiming = {
  /** Nothing at all (not even a heartbeat, sent every ≤ 25 s) for this long: the connection is dead. */
  watchdogMs: 45_000,
  retryMinMs: 1_000,
  retryMaxMs: 30_000,
  /** This many connections in a row that never delivered a byte: streams are blocked here, poll. */
  failuresBeforePolling: 3,
  pollMs: 15_000,
  /** While polling, try the stream again this often. */
  probeMs: 120_000,
  /** A `resync` from the server is passed on after a random 0–this delay: after a bus outage every page gets one at once. */
  resyncJitterMs: 2_000,
};

const KNOWN = new Set(['booking.status', 'booking.changed', 'tracking.position', 'tracking.arriving']);

export type LiveState = 'connecting' | 'open' | 'polling' | 'closed';

export class LiveStream {
  state: LiveState = 'connecting';
  /** The id of the last message, sent back as `Last-Event-ID` on reconnection. */
  lastEventId?: string;
  /** Connections in a row that failed before their first byte. */
  private failures = 0;
  private readonly listeners = new Set<LiveListener>();
  private abort?: AbortController;
  private retry?: ReturnType<typeof setTimeout>;
  private poll?: ReturnType<typeof setInterval>;
  private resyncing?: ReturnType<typeof setTimeout>;

  constructor(
    readonly url: string,
    private readonly headers: Record<string, string>,
    private readonly onClosed: () => void,
  ) {}

  /** Listen; the stream opens with its first listener and closes after its last one leaves. */
  subscribe(listener: LiveListener): () => void {
    this.listeners.add(listener);
    if (this.listeners.size === 1) void this.connect();
    return () => {
      if (this.listeners.delete(listener) && !this.listeners.size) this.close();
    };
  }

  private emit(event: LiveEvent) {
    for (const listener of [...this.listeners]) listener(event);
  }

  private close() {
    this.state = 'closed';
    this.abort?.abort();
    clearTimeout(this.retry);
    clearInterval(this.poll);
    clearTimeout(this.resyncing);
    this.onClosed();
  }

  /** Stop for good (no reconnection, no polling) and say why. */
  private end(reason: LiveEndReason) {
    if (this.state === 'closed') return;
    this.close();
    this.emit({ type: 'ended', reason });
  }

  /** A server's `resync`, spread over `resyncJitterMs` so pages do not all refetch at the same instant. */
  private resyncSoon() {
    if (this.resyncing !== undefined) return;
    this.resyncing = setTimeout(() => {
      this.resyncing = undefined;
      if (this.state !== 'closed') this.emit({ type: 'resync' });
    }, Math.random() * liveTiming.resyncJitterMs);
  }

  private async connect(): Promise<void> {
    if (this.state === 'closed') return;
    const abort = (this.abort = new AbortController());
    let watchdog: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => abort.abort(), liveTiming.watchdogMs);
    };
    let received = false;
    /** Why it stopped, when that decides what comes next (otherwise: reconnect). */
    let outcome: Outcome;
    arm();
    try {
      const headers: Record<string, string> = { ...this.headers, accept: 'text/event-stream' };
      if (this.lastEventId) headers['last-event-id'] = this.lastEventId;
      const response = await fetch(this.url, { headers, signal: abort.signal, cache: 'no-store' });
      // The credential is refused: retrying will not help; the elements' own requests show why.
      if (response.status === 401) outcome = { end: 'expired' };
      else if (response.status === 403) outcome = { end: 'forbidden' };
      else if (response.status === 404 && (await errorCode(response)) === 'tracking_link_invalid') outcome = { end: 'invalid' };
      // Too many streams opened from here: poll for a while rather than hammer.
      else if (response.status === 429) outcome = 'rate_limited';
      if (!response.ok || !response.body) throw new Error(`live stream: ${response.status}`);
      await readEvents(response.body, abort.signal, (id, type, data) => {
        if (!received) {
          received = true;
          this.failures = 0;
          if (this.state === 'polling') this.emit({ type: 'resync' }); // catch up once, then live
          clearInterval(this.poll);
          this.state = 'open';
        }
        arm();
        if (id !== undefined) this.lastEventId = id;
        if (type === 'resync') this.resyncSoon();
        else if (type === 'end') outcome = endOutcome(data);
        else if (type && KNOWN.has(type) && data) {
          try {
            this.emit({ type, data: JSON.parse(data) } as LiveMessage);
          } catch {
            // Not ours; skip it.
          }
        }
      });
    } catch {
      // Dropped, refused or timed out: handled below.
    } finally {
      clearTimeout(watchdog);
    }
    if ((this.state as LiveState) === 'closed') return;
    if (typeof outcome === 'object') return this.end(outcome.end);
    // Replaced by a newer stream of the same person (another tab): poll, and never probe, which
    // would only push the newer tab out in turn.
    if (outcome === 'replaced') return this.startPolling(false);
    if (!received) this.failures++;
    // Too many streams opened from this address: poll and probe later, rather than hammer.
    if (outcome === 'rate_limited' || this.failures >= liveTiming.failuresBeforePolling) this.startPolling(true);
    const delay =
      this.state === 'polling'
        ? liveTiming.probeMs
        : Math.min(liveTiming.retryMaxMs, liveTiming.retryMinMs * 2 ** Math.min(this.failures, 10)) * (0.75 + Math.random() / 2);
    if (this.state !== 'polling') this.state = 'connecting';
    this.retry = setTimeout(() => void this.connect(), delay);
  }

  /** Streams do not get through: tell the elements to fetch again every `pollMs` instead. */
  private startPolling(probe: boolean) {
    if (this.state === 'polling') return;
    this.state = 'polling';
    this.emit({ type: 'resync' });
    this.poll = setInterval(() => this.emit({ type: 'resync' }), liveTiming.pollMs);
    if (!probe) clearTimeout(this.retry);
  }
}

type Outcome = { end: LiveEndReason } | 'replaced' | 'rate_limited' | undefined;

/** What the server's `event: end` asks of the client (see the server's live route). */
function endOutcome(data: string | undefined): Outcome {
  let reason: unknown;
  try {
    reason = (JSON.parse(data ?? '{}') as { reason?: unknown }).reason;
  } catch {
    return undefined;
  }
  if (reason === 'expired' || reason === 'forbidden') return { end: reason };
  if (reason === 'replaced') return 'replaced';
  return undefined; // shutdown, too_slow, changed: reconnect
}

async function errorCode(response: Response): Promise<string | undefined> {
  try {
    return ((await response.json()) as { code?: string }).code;
  } catch {
    return undefined;
  }
}

/**
 * Parse `text/event-stream` (id, event, data, comments) and call `onEvent` for each event; also
 * once per chunk with no event, so every byte (a heartbeat comment too) feeds the watchdog.
 */
async function readEvents(body: ReadableStream<Uint8Array>, signal: AbortSignal, onEvent: (id: string | undefined, type: string | undefined, data: string | undefined) => void) {
  const reader = body.pipeThrough(new TextDecoderStream() as unknown as ReadableWritablePair<string, Uint8Array>).getReader();
  signal.addEventListener('abort', () => void reader.cancel().catch(() => undefined));
  let buffer = '';
  let id: string | undefined;
  let type: string | undefined;
  let data: string[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    onEvent(undefined, undefined, undefined);
    const lines = (buffer + value).split(/\r\n|\r|\n/);
    buffer = lines.pop()!;
    for (const line of lines) {
      if (!line) {
        if (data.length || type) onEvent(id, type, data.join('\n'));
        id = type = undefined;
        data = [];
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') id = value;
      else if (field === 'event') type = value;
      else if (field === 'data') data.push(value);
    }
  }
}

// Shared by every Arrivo bundle on the page (a Symbol.for key, as the contexts use).
const registry: Map<string, LiveStream> = ((globalThis as Record<symbol, unknown>)[Symbol.for('arrivo.live-streams')] ??= new Map()) as Map<string, LiveStream>;

/**
 * The page's stream for `url` with these credentials (`Authorization` or `X-Arrivo-Tracking-Token`):
 * every element asking for the same one shares a single connection.
 */
export function liveStream(url: string, headers: Record<string, string>): LiveStream {
  const key = `${url}\n${JSON.stringify(headers)}`;
  let stream = registry.get(key);
  if (!stream || stream.state === 'closed') registry.set(key, (stream = new LiveStream(url, headers, () => registry.get(key) === stream && registry.delete(key))));
  return stream;
}

// Server-sent event streams for the live bus: one topic per stream, a short replay buffer per topic
// for `Last-Event-ID` resume, one heartbeat timer and one access re-check timer per process.
import type { Logger } from '../log';
import type { LiveBus, LiveEnvelope, LiveTopic } from './bus';

/** Who may keep a stream open, re-checked while it is. */
export interface StreamAccess {
  /** The sign-in session behind the stream: ended when the session is signed out or expires. */
  sessionId?: string;
  /** When the stream must end whatever happens (a tracking link's expiry), ms since the epoch. */
  expiresAt?: number;
  /** Ask again whether access still holds (a tracking link that may be revoked); false ends the stream. */
  recheck?: () => Promise<boolean>;
}

export interface LiveStreamsOptions {
  /** A comment line this often keeps proxies from closing a quiet stream (≤ 25 s). */
  heartbeatMs?: number;
  /** The reconnect delay suggested to clients (`retry:`). */
  retryMs?: number;
  /** Replay buffer per topic: at most this many messages, none older than `replayMs`. */
  replaySize?: number;
  replayMs?: number;
  /** How often sessions and tracking links of open streams are checked again. */
  recheckMs?: number;
  /** A client this far behind (bytes queued for it) is dropped; it reconnects and resumes. */
  maxQueuedBytes?: number;
  /** Which of these session ids are still valid (one query for every open stream). */
  validSessions: (ids: string[]) => Promise<Set<string>>;
  log: Logger;
}

export type EndReason = 'expired' | 'shutdown' | 'too_slow';

interface Frame {
  id: string;
  at: number;
  bytes: Uint8Array;
}

interface Connection {
  topic: LiveTopic;
  /** Which tenth of the heartbeat period this stream's heartbeat falls in. */
  slot: number;
  controller: ReadableStreamDefaultController<Uint8Array>;
  access: StreamAccess;
}

interface Topic {
  connections: Set<Connection>;
  frames: Frame[];
  unsubscribe: () => void;
  /** When the last stream left (the topic keeps buffering for resumes until replayMs later). */
  idleSince?: number;
}

const encoder = new TextEncoder();
const HEARTBEAT = encoder.encode(':\n\n');
const HEARTBEAT_SLOTS = 10;
const RESYNC = encoder.encode('event: resync\ndata: {}\n\n');
// Bytes queued for a client, not chunks: a default stream would count every chunk as 1.
const QUEUE_STRATEGY: QueuingStrategy<Uint8Array> = { highWaterMark: 0, size: (chunk) => chunk.byteLength };

/** One SSE frame: `id`, `event` (the message type), `data` (JSON of the message's data). */
export function sseFrame(envelope: LiveEnvelope): Uint8Array {
  return encoder.encode(`id: ${envelope.id}\nevent: ${envelope.type}\ndata: ${JSON.stringify(envelope.data)}\n\n`);
}

export class LiveStreams {
  readonly #bus: LiveBus;
  readonly #options: Required<Omit<LiveStreamsOptions, 'validSessions' | 'log'>> & Pick<LiveStreamsOptions, 'validSessions' | 'log'>;
  readonly #topics = new Map<LiveTopic, Topic>();
  readonly #connections = new Set<Connection>();
  readonly #timers: NodeJS.Timeout[];
  readonly #stopGaps?: () => void;
  readonly #retry: Uint8Array;
  #closed = false;
  #checking = false;
  #opened = 0;
  #tick = 0;

  constructor(bus: LiveBus, options: LiveStreamsOptions) {
    this.#bus = bus;
    this.#options = {
      heartbeatMs: 25_000,
      retryMs: 3000,
      replaySize: 200,
      replayMs: 5 * 60_000,
      recheckMs: 60_000,
      maxQueuedBytes: 256 * 1024,
      ...options,
    };
    this.#retry = encoder.encode(`retry: ${this.#options.retryMs}\n\n`);
    this.#timers = [
      // A tenth of the streams per tick: 10,000 heartbeats at once would stall every message behind them.
      setInterval(() => this.#heartbeat(), this.#options.heartbeatMs / HEARTBEAT_SLOTS),
      setInterval(() => void this.#recheck(), this.#options.recheckMs),
    ];
    for (const timer of this.#timers) timer.unref();
    this.#stopGaps = bus.onGap?.(() => this.#resyncAll());
  }

  /** Open streams now. */
  get size(): number {
    return this.#connections.size;
  }

  /** Topics with a stream or a replay buffer on this process. */
  get topicCount(): number {
    return this.#topics.size;
  }

  /**
   * A stream of `topic` for one client. With `lastEventId` (the client's `Last-Event-ID`), what
   * followed that message is replayed first, or `resync` is sent when it is no longer known.
   */
  open(topic: LiveTopic, access: StreamAccess, lastEventId?: string): ReadableStream<Uint8Array> {
    let connection: Connection | undefined;
    return new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          if (this.#closed) return controller.close();
          controller.enqueue(this.#retry);
          const state = this.#topic(topic);
          if (lastEventId !== undefined) {
            this.#trim(state, Date.now());
            const at = state.frames.findIndex((f) => f.id === lastEventId);
            if (at < 0) controller.enqueue(RESYNC);
            else for (const frame of state.frames.slice(at + 1)) controller.enqueue(frame.bytes);
          }
          connection = { topic, slot: this.#opened++ % HEARTBEAT_SLOTS, controller, access };
          state.connections.add(connection);
          state.idleSince = undefined;
          this.#connections.add(connection);
        },
        cancel: () => {
          // The client went away (or the server's socket closed).
          if (connection) this.#forget(connection);
        },
      },
      QUEUE_STRATEGY,
    );
  }

  #topic(topic: LiveTopic): Topic {
    let state = this.#topics.get(topic);
    if (!state) {
      const created: Topic = { connections: new Set(), frames: [], unsubscribe: () => {} };
      created.unsubscribe = this.#bus.subscribe(topic, (envelope) => this.#deliver(created, envelope));
      this.#topics.set(topic, (state = created));
    }
    return state;
  }

  #deliver(state: Topic, envelope: LiveEnvelope): void {
    const now = Date.now();
    const frame = { id: envelope.id, at: now, bytes: sseFrame(envelope) };
    state.frames.push(frame);
    this.#trim(state, now);
    for (const connection of state.connections) {
      if (connection.access.expiresAt !== undefined && connection.access.expiresAt <= now) this.#end(connection, 'expired');
      else this.#write(connection, frame.bytes);
    }
  }

  #trim(state: Topic, now: number): void {
    const { replaySize, replayMs } = this.#options;
    let drop = Math.max(0, state.frames.length - replaySize);
    while (drop < state.frames.length && state.frames[drop]!.at < now - replayMs) drop++;
    if (drop) state.frames.splice(0, drop);
  }

  #write(connection: Connection, bytes: Uint8Array): void {
    const queued = -(connection.controller.desiredSize ?? 0);
    if (queued > this.#options.maxQueuedBytes) return this.#end(connection, 'too_slow');
    try {
      connection.controller.enqueue(bytes);
    } catch {
      this.#forget(connection); // closed underneath us
    }
  }

  /** End one stream, telling the client why (`event: end`). */
  #end(connection: Connection, reason: EndReason): void {
    if (!this.#forget(connection)) return;
    try {
      connection.controller.enqueue(encoder.encode(`event: end\ndata: ${JSON.stringify({ reason })}\n\n`));
      connection.controller.close();
    } catch {
      // already closed by the client
    }
  }

  #forget(connection: Connection): boolean {
    if (!this.#connections.delete(connection)) return false;
    const state = this.#topics.get(connection.topic);
    if (state) {
      state.connections.delete(connection);
      if (!state.connections.size) state.idleSince = Date.now();
    }
    return true;
  }

  #heartbeat(): void {
    const slot = this.#tick++ % HEARTBEAT_SLOTS;
    for (const connection of this.#connections) if (connection.slot === slot) this.#write(connection, HEARTBEAT);
  }

  /** The bus may have missed messages: replay buffers are no longer whole, and clients refetch. */
  #resyncAll(): void {
    for (const state of this.#topics.values()) state.frames = [];
    for (const connection of this.#connections) this.#write(connection, RESYNC);
  }

  /** End streams whose session or link has ended; forget topics nobody has read for a while. */
  async #recheck(): Promise<void> {
    if (this.#checking || this.#closed) return;
    this.#checking = true;
    try {
      const now = Date.now();
      for (const [topic, state] of this.#topics) {
        this.#trim(state, now);
        if (!state.connections.size && state.idleSince !== undefined && state.idleSince <= now - this.#options.replayMs) {
          state.unsubscribe();
          this.#topics.delete(topic);
        }
      }
      const open = [...this.#connections];
      for (const c of open) if (c.access.expiresAt !== undefined && c.access.expiresAt <= now) this.#end(c, 'expired');
      const sessions = [...new Set(open.flatMap((c) => (c.access.sessionId ? [c.access.sessionId] : [])))];
      if (sessions.length) {
        const valid = await this.#options.validSessions(sessions);
        for (const c of open) if (c.access.sessionId && !valid.has(c.access.sessionId)) this.#end(c, 'expired');
      }
      for (const c of open) {
        if (c.access.recheck && this.#connections.has(c) && !(await c.access.recheck())) this.#end(c, 'expired');
      }
    } catch (err) {
      // The database may be away: keep the streams, try again next time.
      this.#options.log.warn({ err }, 'live streams: access re-check failed');
    } finally {
      this.#checking = false;
    }
  }

  /** Check access of every open stream now (tests; the timer does it every `recheckMs`). */
  recheckNow(): Promise<void> {
    return this.#recheck();
  }

  /** End every stream (`event: end`, reason `shutdown`) so the HTTP server can close. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const timer of this.#timers) clearInterval(timer);
    this.#stopGaps?.();
    for (const connection of [...this.#connections]) this.#end(connection, 'shutdown');
    for (const state of this.#topics.values()) state.unsubscribe();
    this.#topics.clear();
  }
}

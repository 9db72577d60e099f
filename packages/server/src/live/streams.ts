// Server-sent event streams for the live bus: one topic per stream, a short replay buffer per topic
// for `Last-Event-ID` resume, one heartbeat timer and one access re-check timer per process (the
// re-check resolves every open stream's access again in batches, see services/live-updates).
import type { Logger } from '../log';
import type { LiveBus, LiveEnvelope, LiveTopic } from './bus';

/**
 * Who a stream is for: a sign-in session (a user at a business) or a tracking link (by its token's
 * hash). Streams of one subject are checked together, and at most `maxPerSubject` are open at once.
 */
export type StreamSubject =
  | { kind: 'session'; sessionId: string; businessId: string; userId: string }
  | { kind: 'link'; tokenHash: string };

export const subjectKey = (subject: StreamSubject): string => (subject.kind === 'session' ? `session:${subject.sessionId}` : `link:${subject.tokenHash}`);

/** Who may keep a stream open, re-checked while it is. */
export interface StreamAccess {
  subject: StreamSubject;
  /** When the stream must end whatever happens (a tracking link's expiry), ms since the epoch. */
  expiresAt?: number;
}

/**
 * What a re-check found for one subject: the topic it may follow now (and until when), or why it
 * may follow none. A stream whose topic is no longer the one found ends with `changed` (reconnect).
 */
export type AccessVerdict = { topic: LiveTopic; expiresAt?: number } | { end: 'expired' | 'forbidden' };

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
  /** New streams a client address may open per minute (counted by the service; 0: no limit). */
  opensPerMinute?: number;
  /** Streams one subject (a session, a tracking link) may hold open; opening one more ends the oldest (`replaced`). */
  maxPerSubject?: number;
  /**
   * Resolve access again for these subjects, in as few queries as it likes. Subjects missing from
   * the answer (their query failed) keep their streams until the next pass.
   */
  recheckAccess: (subjects: StreamSubject[]) => Promise<Map<string, AccessVerdict>>;
  log: Logger;
}

/**
 * Why a stream ended (`event: end`): `expired` (session or link over: sign in again),
 * `forbidden` (no longer allowed: a role removed, an account deactivated), `changed` (the
 * person may now follow something else: reconnect), `replaced` (more than `maxPerSubject`
 * streams: this, the oldest, made way), `shutdown` and `too_slow` (reconnect).
 */
export type EndReason = 'expired' | 'forbidden' | 'changed' | 'replaced' | 'shutdown' | 'too_slow';

interface Frame {
  id: string;
  at: number;
  bytes: Uint8Array;
}

interface Connection {
  topic: LiveTopic;
  key: string;
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
  readonly #options: Required<Omit<LiveStreamsOptions, 'recheckAccess' | 'log'>> & Pick<LiveStreamsOptions, 'recheckAccess' | 'log'>;
  readonly #topics = new Map<LiveTopic, Topic>();
  readonly #connections = new Set<Connection>();
  /** Open streams by subject key, oldest first. */
  readonly #bySubject = new Map<string, Connection[]>();
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
      recheckMs: 30_000,
      maxQueuedBytes: 256 * 1024,
      maxPerSubject: 10,
      opensPerMinute: 60,
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

  /** New streams a client address may open per minute (0: no limit). */
  get opensPerMinute(): number {
    return this.#options.opensPerMinute;
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
          const key = subjectKey(access.subject);
          connection = { topic, key, slot: this.#opened++ % HEARTBEAT_SLOTS, controller, access };
          state.connections.add(connection);
          state.idleSince = undefined;
          this.#connections.add(connection);
          const same = this.#bySubject.get(key) ?? [];
          same.push(connection);
          this.#bySubject.set(key, same);
          // Another tab of the same person: the oldest of theirs makes way (its client falls back to polling).
          while (same.length > this.#options.maxPerSubject) this.#end(same[0]!, 'replaced');
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
    const same = this.#bySubject.get(connection.key);
    if (same) {
      same.splice(same.indexOf(connection), 1);
      if (!same.length) this.#bySubject.delete(connection.key);
    }
    const state = this.#topics.get(connection.topic);
    if (state) {
      state.connections.delete(connection);
      if (!state.connections.size) state.idleSince = Date.now();
    }
    return true;
  }

  #heartbeat(): void {
    const slot = this.#tick++ % HEARTBEAT_SLOTS;
    const now = Date.now();
    for (const connection of this.#connections) {
      // A link's end is known ahead: every tick (a tenth of the heartbeat period) ends those past it.
      if (connection.access.expiresAt !== undefined && connection.access.expiresAt <= now) this.#end(connection, 'expired');
      else if (connection.slot === slot) this.#write(connection, HEARTBEAT);
    }
  }

  /** The bus may have missed messages: replay buffers are no longer whole, and clients refetch. */
  #resyncAll(): void {
    for (const state of this.#topics.values()) state.frames = [];
    for (const connection of this.#connections) this.#write(connection, RESYNC);
  }

  /**
   * Resolve access again for every open stream's subject (one batch for all of them) and end the
   * streams whose session or link has ended, whose person may no longer follow anything
   * (`forbidden`) or may now follow another topic (`changed`); forget topics nobody has read for a
   * while. A failed query keeps the streams it was about until the next pass.
   */
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
      for (const c of [...this.#connections]) if (c.access.expiresAt !== undefined && c.access.expiresAt <= now) this.#end(c, 'expired');
      const subjects = [...this.#bySubject.values()].map((same) => same[0]!.access.subject);
      if (!subjects.length) return;
      const verdicts = await this.#options.recheckAccess(subjects);
      const at = Date.now();
      for (const [key, verdict] of verdicts) {
        for (const c of [...(this.#bySubject.get(key) ?? [])]) {
          if ('end' in verdict) this.#end(c, verdict.end);
          else if (verdict.topic !== c.topic) this.#end(c, 'changed');
          else if (verdict.expiresAt !== undefined && verdict.expiresAt <= at) this.#end(c, 'expired');
          else c.access.expiresAt = verdict.expiresAt;
        }
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

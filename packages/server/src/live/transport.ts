// What the cross-process transports share: local fan-out through a MemoryLiveBus, the wire format,
// and "messages may have been missed" notices for open streams.
import { randomBytes } from 'node:crypto';
import type { LiveMessage } from '@arrivo/core';
import type { Logger } from '../log';
import { liveMessageId, MemoryLiveBus, type LiveBus, type LiveEnvelope, type LiveListener, type LiveTopic } from './bus';

/** NOTIFY payloads must stay under 8,000 bytes; ours are a few hundred. Refuse anything near the limit. */
export const MAX_WIRE_BYTES = 7_000;

/** On the wire: the envelope and the process it came from (that process has delivered it already). */
interface Wire {
  o: string;
  e: LiveEnvelope;
}

/**
 * A bus that reaches other processes. `publish` hands the message to this process's listeners at
 * once (so they get it once, and even while the transport is down) and sends it to the others;
 * what arrives from the transport is delivered unless this process sent it.
 */
export abstract class RemoteLiveBus implements LiveBus {
  abstract readonly kind: LiveBus['kind'];
  /** This process, on the wire. */
  readonly origin = randomBytes(6).toString('base64url');
  protected readonly local = new MemoryLiveBus();
  protected closed = false;
  readonly #gapListeners = new Set<() => void>();
  #lastComplaint = 0;

  constructor(protected readonly log: Logger) {}

  /** Send a serialised message to every process, in call order; may reject (logged). */
  protected abstract send(payload: string): Promise<void>;

  async publish(topic: LiveTopic, message: LiveMessage): Promise<void> {
    if (this.closed) return;
    const envelope: LiveEnvelope = { ...message, topic, id: liveMessageId() };
    this.local.deliver(envelope);
    const payload = JSON.stringify({ o: this.origin, e: envelope } satisfies Wire);
    if (Buffer.byteLength(payload) > MAX_WIRE_BYTES) {
      this.log.error({ topic, type: message.type, bytes: Buffer.byteLength(payload) }, 'live message too large for the bus; delivered on this process only');
      return;
    }
    // Handed to the transport's connection, which sends in order; not awaited, so a caller
    // publishing to several topics does not wait a round trip for each. Live messages are
    // notifications (clients refetch): a failure is logged, never the caller's error.
    this.send(payload).catch((err: unknown) => this.complain(err, 'live message not sent to other processes'));
  }

  subscribe(topic: LiveTopic, listener: LiveListener): () => void {
    return this.local.subscribe(topic, listener);
  }

  onGap(listener: () => void): () => void {
    this.#gapListeners.add(listener);
    return () => this.#gapListeners.delete(listener);
  }

  /** A payload arrived from the transport. */
  protected received(payload: string): void {
    let wire: Wire;
    try {
      wire = JSON.parse(payload) as Wire;
    } catch {
      return this.complain(new Error('unparseable payload'), 'live message dropped');
    }
    if (wire.o === this.origin || typeof wire.e?.topic !== 'string' || typeof wire.e.id !== 'string') return;
    this.local.deliver(wire.e);
  }

  /** The transport was away: messages from other processes may have been missed meanwhile. */
  protected gap(): void {
    for (const listener of this.#gapListeners) {
      try {
        listener();
      } catch (err) {
        this.log.error({ err }, 'live gap listener failed');
      }
    }
  }

  /** Log a transport problem, at most once a second (an outage would otherwise flood the log). */
  protected complain(err: unknown, message: string): void {
    const now = Date.now();
    if (now - this.#lastComplaint < 1000) return;
    this.#lastComplaint = now;
    this.log.warn({ err, bus: this.kind }, message);
  }

  abstract ready(): Promise<void>;

  async close(): Promise<void> {
    this.closed = true;
    this.#gapListeners.clear();
    await this.local.close();
  }
}

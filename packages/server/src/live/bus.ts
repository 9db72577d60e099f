// The live bus: messages for open streams (SSE), published by whichever server process saw the
// change and delivered to subscribers on every process. In-process for one server; PostgreSQL
// LISTEN/NOTIFY across servers by default; Redis pub/sub when REDIS_URL is set.
import type { LiveMessage } from '@arrivo/core';

/**
 * Who a message is for. A stream subscribes to the topics its reader may see:
 * - `booking:<bookingId>`  — one visit (a tracking link's stream);
 * - `account:<accountId>`  — every visit of a customer account (the customer's elements);
 * - `technician:<resourceId>` — a technician's visits (the technician app);
 * - `business:<businessId>` — everything in a business (staff screens).
 */
export type LiveTopic = `booking:${string}` | `account:${string}` | `technician:${string}` | `business:${string}`;

/** A message as it travels: `id` is set once by the publisher, so every process sees the same id (SSE `id:`). */
export type LiveEnvelope = LiveMessage & { id: string; topic: LiveTopic };

export type LiveListener = (message: LiveEnvelope) => void;

export interface LiveBus {
  readonly kind: 'memory' | 'postgres' | 'redis';
  /** Deliver to subscribers of `topic` on every process. Resolves once handed to the transport; never throws for lack of subscribers. */
  publish(topic: LiveTopic, message: LiveMessage): Promise<void>;
  /** Listen on this process; returns the unsubscribe function. */
  subscribe(topic: LiveTopic, listener: LiveListener): () => void;
  close(): Promise<void>;
  /** Resolves once this process receives other processes' messages (cross-process transports). */
  ready?(): Promise<void>;
  /**
   * Called when messages from other processes may have been missed (the transport reconnected):
   * open streams tell their clients to refetch. Returns the unsubscribe function.
   */
  onGap?(listener: () => void): () => void;
}

let sequence = 0;
/** Ordered within a process, unique across processes: `<ms since epoch base36>-<counter>-<random>`. */
export function liveMessageId(now = Date.now()): string {
  sequence = (sequence + 1) % 1_679_616;
  return `${now.toString(36)}-${sequence.toString(36).padStart(4, '0')}-${Math.random().toString(36).slice(2, 6)}`;
}

/** One process: a map of topic → listeners. Also the local fan-out every other transport uses. */
export class MemoryLiveBus implements LiveBus {
  readonly kind: LiveBus['kind'] = 'memory';
  readonly #listeners = new Map<LiveTopic, Set<LiveListener>>();

  async publish(topic: LiveTopic, message: LiveMessage): Promise<void> {
    this.deliver({ ...message, topic, id: liveMessageId() });
  }

  /** Hand a message that arrived (from this process or another) to this process's listeners. */
  deliver(envelope: LiveEnvelope): void {
    for (const listener of this.#listeners.get(envelope.topic) ?? []) {
      try {
        listener(envelope);
      } catch {
        // One broken listener must not keep the message from the others.
      }
    }
  }

  subscribe(topic: LiveTopic, listener: LiveListener): () => void {
    let set = this.#listeners.get(topic);
    if (!set) this.#listeners.set(topic, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (!set.size && this.#listeners.get(topic) === set) this.#listeners.delete(topic);
    };
  }

  get topicCount(): number {
    return this.#listeners.size;
  }

  async close(): Promise<void> {
    this.#listeners.clear();
  }
}

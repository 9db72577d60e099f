import { randomUUID } from 'node:crypto';
import { domainEventPayloadSchemas, type DomainEvent, type DomainEventName, type DomainEventPayload } from '@arrivo/core';
import type { Sql, Tx } from '../db/client';
import { EVENTS_QUEUE, type JobQueue } from './queue';

export interface NewEvent<N extends DomainEventName> {
  name: N;
  businessId: string;
  actorUserId: string | null;
  payload: DomainEventPayload<N>;
}

/** What services use to say what happened. */
export interface EventPublisher {
  /**
   * Publish inside `tx`, the transaction making the change: rolled back, the event never
   * existed; committed, it is delivered at least once. (Given the pool, it commits on its own.)
   */
  publish<N extends DomainEventName>(tx: Sql | Tx, event: NewEvent<N>): Promise<DomainEvent<N>>;
}

export function createEventPublisher(queue: JobQueue): EventPublisher {
  return {
    async publish(tx, event) {
      const full = {
        id: randomUUID(),
        name: event.name,
        businessId: event.businessId,
        occurredAt: new Date().toISOString(),
        actorUserId: event.actorUserId,
        // A payload that breaks its schema is a bug here, not at delivery time.
        payload: domainEventPayloadSchemas[event.name].parse(event.payload),
      } as DomainEvent<typeof event.name>;
      await queue.send(tx, EVENTS_QUEUE, full);
      return full;
    },
  };
}

import { DOMAIN_EVENT_NAMES, parseDomainEvent, type DomainEvent, type DomainEventName } from '@arrivo/core';
import { connect, type Sql, type Tx } from '../db/client';
import { claimEventDelivery } from '../db/queries/event-deliveries';
import type { Logger } from '../log';
import { EVENTS_QUEUE, type JobQueue } from './queue';

/**
 * Something that reacts to domain events after they commit: notifications, the live bus, plugin
 * after-hooks, webhooks. Each (event, subscriber) is handled at most once: `handle` runs inside
 * the transaction that claims it, so its database writes commit with the claim; its effects
 * outside the database (an email) happen at least once — exactly once unless the commit fails.
 * Throwing rolls the claim back and the event is retried later, with backoff.
 */
export interface EventSubscriber {
  /** Stable name; part of the idempotency key, so never rename one. */
  readonly key: string;
  readonly events: readonly DomainEventName[];
  handle(event: DomainEvent, ctx: { tx: Tx; log: Logger }): Promise<void>;
  /**
   * Queues of the subscriber's own that the worker also runs (e.g. one job per notification, so
   * each message retries on its own). A throwing handler is retried with the queue's backoff.
   */
  readonly jobs?: readonly { queue: string; concurrency?: number; handle(data: unknown, ctx: { sql: Sql; log: Logger }): Promise<void> }[];
}

export interface DispatchResult {
  handled: string[];
  skipped: string[];
}

/**
 * Hand one event to every subscriber that wants it, in parallel, each in its own transaction.
 * If any failed, throw after the others finished: the job is retried and subscribers that
 * succeeded skip it then.
 */
export async function dispatchEvent(deps: { sql: Sql; log: Logger }, subscribers: readonly EventSubscriber[], raw: unknown): Promise<DispatchResult> {
  let event: DomainEvent;
  try {
    event = parseDomainEvent(raw);
  } catch (err) {
    // Retrying cannot make a malformed event valid: log it and let it go.
    deps.log.error({ err, event: raw }, 'malformed domain event dropped');
    return { handled: [], skipped: [] };
  }
  const result: DispatchResult = { handled: [], skipped: [] };
  const wanted = subscribers.filter((s) => s.events.includes(event.name));
  const outcomes = await Promise.allSettled(
    wanted.map((s) =>
      deps.sql.begin(async (tx) => {
        const claimed = await claimEventDelivery(tx, { eventId: event.id, subscriber: s.key, eventName: event.name, businessId: event.businessId });
        if (!claimed) return result.skipped.push(s.key);
        await s.handle(event, { tx, log: deps.log });
        result.handled.push(s.key);
      }),
    ),
  );
  const failures = outcomes.flatMap((o, i) => (o.status === 'rejected' ? [{ subscriber: wanted[i]!.key, err: o.reason as unknown }] : []));
  for (const f of failures) deps.log.warn({ err: f.err, subscriber: f.subscriber, eventId: event.id, event: event.name }, 'event subscriber failed; will retry');
  if (failures.length) throw new AggregateError(failures.map((f) => f.err), `${failures.map((f) => f.subscriber).join(', ')} failed on ${event.name} ${event.id}`);
  return result;
}

/** Connections the event worker's own pool may open (see `startEventWorker`). */
export const EVENT_POOL_SIZE = 3;

export interface EventWorker {
  /** The worker's own pool, which holds subscribers' transactions. */
  readonly sql: Sql;
  /** Close the pool: call after the queue has stopped (its jobs in progress use the pool). */
  close(): Promise<void>;
}

/**
 * Start the dispatcher on this process: it takes events off the queue and fans them out. Each
 * subscriber's transaction stays open while it works (an email waits on the SMTP server inside
 * it), so the transactions run on a small pool of the worker's own, never on the pool that serves
 * requests: a stalled mail server can hold at most these connections. Subscribers' own writes
 * outside their transaction (the delivery log) are short and go through the pool they were built
 * with.
 */
export async function startEventWorker(
  queue: JobQueue,
  deps: { databaseUrl: string; log: Logger },
  subscribers: readonly EventSubscriber[],
  options: { concurrency?: number; poolSize?: number } = {},
): Promise<EventWorker> {
  const keys = subscribers.map((s) => s.key);
  if (new Set(keys).size !== keys.length) throw new Error(`event subscribers must have distinct keys: ${keys.join(', ')}`);
  for (const s of subscribers) {
    const unknown = s.events.filter((e) => !DOMAIN_EVENT_NAMES.includes(e));
    if (unknown.length) throw new Error(`event subscriber ${s.key} listens to unknown events: ${unknown.join(', ')}`);
  }
  const sql = connect(deps.databaseUrl, { max: options.poolSize ?? EVENT_POOL_SIZE, applicationName: 'arrivo-events' });
  try {
    await queue.work(EVENTS_QUEUE, async (data) => void (await dispatchEvent({ sql, log: deps.log }, subscribers, data)), options.concurrency);
    for (const job of subscribers.flatMap((s) => s.jobs ?? [])) {
      await queue.ensureQueue(job.queue);
      await queue.work(job.queue, (data) => job.handle(data, { sql, log: deps.log }), job.concurrency);
    }
  } catch (err) {
    await sql.end({ timeout: 5 });
    throw err;
  }
  return { sql, close: () => sql.end({ timeout: 5 }) };
}

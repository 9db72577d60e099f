import type { Sql } from '../db/client';
import { pruneExpired } from '../db/queries/housekeeping';
import type { Logger } from '../log';

/** A retried booking is recognised for this long; after that its Idempotency-Key is forgotten. */
export const IDEMPOTENCY_HOURS = 24;
/**
 * A subscriber's "already handled" mark must outlive every redelivery of its event: queued jobs
 * live at most 7 days (events/queue.ts), so two weeks is safe.
 */
export const EVENT_DELIVERY_DAYS = 14;
export const KEEP = { idempotencyHours: IDEMPOTENCY_HOURS, eventDeliveryDays: EVENT_DELIVERY_DAYS };
export const HOUSEKEEPING_INTERVAL_MS = 10 * 60 * 1000;

/**
 * Delete ended rate-limit windows, forgotten idempotency keys, stale external sign-in flows, old
 * event-delivery marks, technicians' location fixes past the business's retention (or of visits
 * that left Traveling longer ago than the tracking link's grace period), long-ended tracking links
 * and the manage links of visits long over,
 * now and then every `intervalMs` (every instance does it; the deletes are idempotent). The
 * timer never keeps the process alive. Returns the function that stops it.
 */
export function startHousekeeping(sql: Sql, log: Logger, intervalMs = HOUSEKEEPING_INTERVAL_MS): () => void {
  let running: Promise<unknown> | undefined;
  const run = () => {
    running ??= pruneExpired(sql, KEEP)
      .then((pruned) => log.debug({ pruned }, 'housekeeping'))
      .catch((err: unknown) => log.warn({ err }, 'housekeeping failed; will retry'))
      .finally(() => (running = undefined));
  };
  const timer = setInterval(run, intervalMs);
  timer.unref();
  run();
  return () => clearInterval(timer);
}

// Delivering the notifications events queued (see events/notifications.ts), and the delivery log
// for staff: list and filter it, resend one message.
import type { ChannelMessage, NotificationChannel } from '@arrivo/sdk/server';
import type { NotificationLogEntry, NotificationLogQuery, NotificationSettings } from '@arrivo/core';
import { z } from 'zod';
import type { BusinessRow } from '../db/queries/businesses';
import {
  getNotificationSwitches,
  listNotifications,
  lockNotification,
  recordNotificationAttempt,
  requeueNotification,
  updateNotificationSwitches,
  type NotificationRow,
} from '../db/queries/notifications';
import type { AppDeps } from '../deps';
import type { Mailer } from '../email/mailer';
import { NOTIFICATIONS_QUEUE, type JobQueue } from '../events/queue';
import { found } from './not-found';

/** Attempts before a message is `dead`: the queue's first try and its retries. */
export const maxAttempts = (queue: JobQueue) => queue.retryLimit + 1;

/** The built-in email channel, written against the plugins' channel contract (SDK). */
export function emailChannel(mailer: Mailer): NotificationChannel {
  return {
    key: 'email',
    events: ['booking.created', 'booking.rescheduled', 'booking.canceled', 'booking.status.traveling'],
    async send(message) {
      try {
        await mailer.send({ to: message.to, subject: message.subject, text: message.text, html: message.html, attachments: message.attachments });
        return { ok: true };
      } catch (err) {
        // An SMTP 5xx answer is permanent (unknown mailbox, rejected content); anything else
        // (refused connection, timeout, 4xx) may pass later.
        const code = (err as { responseCode?: number }).responseCode;
        return { ok: false, retryable: !(typeof code === 'number' && code >= 500), error: err instanceof Error ? err.message : String(err) };
      }
    },
  };
}

const contentSchema = z.object({
  event: z.string(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string().optional(),
  attachments: z.array(z.object({ filename: z.string(), content: z.string(), contentType: z.string() })).optional(),
});

/**
 * One attempt at one message. Holds the row's lock while it sends, so a resend or a redelivered
 * job waits and then sees it `sent`: never two copies. A retryable failure throws (the queue
 * retries with backoff) until the last attempt, which leaves the message `dead`.
 */
export async function deliverNotification(deps: Pick<AppDeps, 'sql' | 'mailer' | 'secrets' | 'queue'>, notificationId: string, channels = [emailChannel(deps.mailer)]): Promise<void> {
  const retry = await deps.sql.begin(async (tx) => {
    const row = await lockNotification(tx, notificationId);
    if (!row || !row.sealedContent || row.status === 'sent' || row.status === 'dead') return null;
    const channel = channels.find((c) => c.key === row.channel);
    const message = contentSchema.parse(JSON.parse(deps.secrets.open(row.sealedContent))) as ChannelMessage;
    const result = channel ? await channel.send(message) : { ok: false as const, retryable: false, error: `no channel ${row.channel}` };
    if (result.ok) {
      await recordNotificationAttempt(tx, row.id, { status: 'sent', error: null });
      return null;
    }
    const error = result.error ?? 'delivery failed';
    const last = !result.retryable || row.attempts + 1 >= maxAttempts(deps.queue);
    await recordNotificationAttempt(tx, row.id, { status: last ? 'dead' : 'failed', error });
    return last ? null : error;
  });
  if (retry) throw new Error(`notification ${notificationId} not delivered: ${retry}`);
}

// ───── staff: the delivery log and the switches ─────

const entryOf = (r: NotificationRow): NotificationLogEntry => ({
  id: r.id,
  bookingId: r.bookingId,
  contactId: r.contactId,
  channel: r.channel,
  event: r.event,
  message: r.message as NotificationLogEntry['message'],
  language: r.language,
  recipient: r.recipient,
  state: r.status,
  attempts: r.attempts,
  lastError: r.lastError,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
  sentAt: r.sentAt?.toISOString() ?? null,
  resendable: r.resendable,
});

/** The business's delivery log, newest first. */
export async function notificationLog(deps: Pick<AppDeps, 'sql'>, business: BusinessRow, q: NotificationLogQuery): Promise<NotificationLogEntry[]> {
  const rows = await listNotifications(deps.sql, business.id, {
    status: q.state,
    bookingId: q.bookingId,
    recipient: q.recipient,
    from: q.from ? new Date(q.from) : undefined,
    to: q.to ? new Date(q.to) : undefined,
    limit: q.limit,
  });
  return rows.map(entryOf);
}

/**
 * Send one logged message again, as it was rendered (a customer lost it, or it died while the
 * mail server was down): back to queued with its attempts reset, and a new job.
 */
export async function resendNotification(deps: Pick<AppDeps, 'sql' | 'queue'>, business: BusinessRow, notificationId: string): Promise<NotificationLogEntry> {
  return deps.sql.begin(async (tx) => {
    const row = found(await requeueNotification(tx, business.id, notificationId), 'message that can be resent');
    await deps.queue.send(tx, NOTIFICATIONS_QUEUE, { notificationId: row.id });
    return entryOf(row);
  });
}

export async function notificationSettings(deps: Pick<AppDeps, 'sql'>, business: BusinessRow): Promise<NotificationSettings> {
  return getNotificationSwitches(deps.sql, business.id);
}

export async function updateNotificationSettings(deps: Pick<AppDeps, 'sql'>, business: BusinessRow, patch: Partial<NotificationSettings>): Promise<NotificationSettings> {
  await updateNotificationSwitches(deps.sql, business.id, patch);
  return getNotificationSwitches(deps.sql, business.id);
}

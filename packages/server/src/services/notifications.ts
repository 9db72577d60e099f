// Delivering the notifications events queued (see events/notifications.ts), and the delivery log
// for staff: list and filter it, resend one message.
import type { ChannelMessage, NotificationChannel } from '@arrivo/sdk/server';
import { z } from 'zod';
import { lockNotification, recordNotificationAttempt } from '../db/queries/notifications';
import type { AppDeps } from '../deps';
import type { Mailer } from '../email/mailer';
import type { JobQueue } from '../events/queue';

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

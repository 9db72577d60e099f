// Delivering the notifications events queued (see events/notifications.ts), and the delivery log
// for staff: list and filter it, resend one message.
import type { ChannelMessage, NotificationChannel, NotificationEvent } from '@arrivo/sdk/server';
import type { NotificationLanguage, NotificationLogEntry, NotificationLogMessage, NotificationLogQuery, NotificationMessage, NotificationPreview, NotificationSettings } from '@arrivo/core';
import { z } from 'zod';
import type { Tx } from '../db/client';
import { findBusinessById, type BusinessRow } from '../db/queries/businesses';
import {
  findVisitNotice,
  getPreviewSettings,
  getReminderLeadMinutes,
  insertNotification,
  type VisitNoticeRow,
  getNotificationSwitches,
  listNotifications,
  lockNotification,
  recordNotificationAttempt,
  requeueNotification,
  unknownIds,
  updateNotificationSwitches,
  type NotificationRow,
} from '../db/queries/notifications';
import type { AppDeps } from '../deps';
import { bookingMessage, messageLanguage, type BookingMessageKind, type VisitFacts } from '../email/booking-messages';
import type { Mailer } from '../email/mailer';
import type { BusinessBrand } from '../email/templates';
import { NOTIFICATIONS_QUEUE, REMINDERS_QUEUE, type JobQueue } from '../events/queue';
import { surveyUrl } from './feedback';
import { portalUrlOf } from './invitations';
import { newLinkToken } from './link-tokens';
import { trackingUrl } from './tracking-links';
import { manageUrl, recordManageLink } from './manage-links';
import { businessBrand } from './notification-templates';
import { found, notFound } from './not-found';
import { pluginChannelFor, queuePluginChannelCopies, type DeliveryChannel, type RecipientChoice } from './plugin-channels';

/** Attempts before a message is `dead`: the queue's first try and its retries. */
export const maxAttempts = (queue: JobQueue) => queue.retryLimit + 1;

/** The built-in email channel, written against the plugins' channel contract (SDK). */
export function emailChannel(mailer: Mailer) {
  return {
    key: 'email',
    address: 'email',
    events: [
      'booking.created',
      'booking.rescheduled',
      'booking.canceled',
      'booking.status.traveling',
      'booking.status.completed',
      'booking.arriving',
      'booking.reminder',
      'feedback.low_score',
      'invitation.created',
      'password_reset.requested',
    ],
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
  } satisfies NotificationChannel;
}

const contentSchema = z.object({
  event: z.string(),
  to: z.string(),
  phone: z.string().optional(),
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
export async function deliverNotification(
  deps: Pick<AppDeps, 'sql' | 'mailer' | 'secrets' | 'queue' | 'plugins'>,
  notificationId: string,
  channels: DeliveryChannel[] = [emailChannel(deps.mailer)],
): Promise<void> {
  const retry = await deps.sql.begin(async (tx) => {
    const row = await lockNotification(tx, notificationId);
    if (!row || !row.sealedContent || row.status === 'sent' || row.status === 'dead') return null;
    const channel = channels.find((c) => c.key === row.channel) ?? (await pluginChannelFor(tx, deps, row.businessId, row.channel));
    let message: ChannelMessage;
    try {
      message = contentSchema.parse(JSON.parse(deps.secrets.open(row.sealedContent))) as ChannelMessage;
    } catch (err) {
      // Content that cannot be opened (sealed under another AUTH_SECRET, damaged) never will be:
      // retrying would leave the row queued forever.
      await recordNotificationAttempt(tx, row.id, { status: 'dead', error: `unreadable content: ${err instanceof Error ? err.message : String(err)}` });
      return null;
    }
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
  const accounts = patch.excludedAccountIds ? [...new Set(patch.excludedAccountIds)] : undefined;
  const serviceTypes = patch.excludedServiceTypeIds ? [...new Set(patch.excludedServiceTypeIds)] : undefined;
  if (accounts && (await unknownIds(deps.sql, business.id, 'account', accounts)).length) throw notFound('account');
  if (serviceTypes && (await unknownIds(deps.sql, business.id, 'service_type', serviceTypes)).length) throw notFound('service type');
  await updateNotificationSwitches(deps.sql, business.id, { ...patch, excludedAccountIds: accounts, excludedServiceTypeIds: serviceTypes });
  return getNotificationSwitches(deps.sql, business.id);
}

// ───── composing and queueing booking messages ─────

export const CHANNEL_EVENT: Record<BookingMessageKind, NotificationEvent> = {
  confirmation: 'booking.created',
  rescheduled: 'booking.rescheduled',
  canceled: 'booking.canceled',
  on_the_way: 'booking.status.traveling',
  arriving: 'booking.arriving',
  reminder: 'booking.reminder',
  completed: 'booking.status.completed',
};

const SWITCH: Record<BookingMessageKind, keyof VisitNoticeRow> = {
  confirmation: 'notifyConfirmation',
  rescheduled: 'notifyRescheduled',
  canceled: 'notifyCanceled',
  on_the_way: 'notifyOnTheWay',
  arriving: 'notifyArriving',
  reminder: 'notifyReminder',
  completed: 'notifyCompleted',
};

/** The Reported By contact's choices: email, and SMS (with a phone to send it to). */
export function recipientChoice(visit: VisitNoticeRow): RecipientChoice {
  const phone = visit.contactPhone?.trim();
  return { email: Boolean(visit.contactEmail && visit.contactNotifyEmail), phone: visit.contactNotifySms && phone ? phone : null };
}

/**
 * Whether this visit sends this message: only visits booked through the portal notify, the
 * business may switch a message off, and the Reported By contact must want it some way (email,
 * SMS); which channels carry it follows {@link recipientChoice}.
 */
export function wants(visit: VisitNoticeRow, kind: BookingMessageKind): boolean {
  if (visit.source !== 'portal' || visit.excluded || !visit[SWITCH[kind]] || !visit.contactId) return false;
  const choice = recipientChoice(visit);
  return choice.email || choice.phone !== null;
}

/** What every booking message says about the visit, in the contact's language and the business's zone. */
export async function visitFacts(tx: Tx, deps: Pick<AppDeps, 'mailer' | 'publicUrl'>, businessId: string, visit: VisitNoticeRow): Promise<VisitFacts | null> {
  const business = await findBusinessById(tx, businessId);
  if (!business) return null;
  const language = messageLanguage(visit.contactLanguage);
  return {
    bookingId: visit.bookingId,
    to: visit.contactEmail!,
    firstName: visit.contactFirstName ?? '',
    business: await businessBrand(tx, business, language),
    serviceName: visit.serviceTypeName,
    workOrderNumber: visit.workOrderNumber,
    address: `${visit.addressLine1}, ${visit.city}`,
    technicianName: visit.technicianName,
    arrivalAt: visit.arrivalAt,
    windowEndsAt: visit.arrivalWindowMinutes > 0 ? new Date(visit.arrivalAt.getTime() + visit.arrivalWindowMinutes * 60_000) : null,
    endsAt: visit.endsAt,
    timeZone: business.timeZone,
    language,
    portalUrl: portalUrlOf(visit.portalUrl, deps.publicUrl),
    organizerEmail: /<([^>]+)>/.exec(deps.mailer.from)?.[1] ?? deps.mailer.from,
  };
}

/**
 * Queue one message in `tx`: a log row (content sealed) and a delivery job per channel the
 * recipient chose — the email when `choice.email`, and a copy per enabled plugin channel (see
 * queuePluginChannelCopies). Without `choice` (account emails, staff alerts: no contact's
 * choice applies) the email and email-address channels. Returns the first row queued now, or
 * nothing when none was (all queued before, or nothing chosen).
 */
export async function queueNotification(
  tx: Tx,
  // `plugins`: every caller's deps carry them; optional so a caller without plugins queues email only.
  deps: Pick<AppDeps, 'secrets' | 'queue'> & Partial<Pick<AppDeps, 'plugins'>>,
  n: { businessId: string; bookingId: string | null; contactId: string | null; event: string; kind: NotificationLogMessage; language: string; key: string; message: ChannelMessage },
  choice: RecipientChoice = { email: true, phone: null },
): Promise<string | undefined> {
  const queued: string[] = [];
  if (choice.email) {
    const id = await insertNotification(tx, {
      businessId: n.businessId,
      bookingId: n.bookingId,
      contactId: n.contactId,
      channel: 'email',
      event: n.event,
      message: n.kind,
      language: n.language,
      recipient: n.message.to,
      idempotencyKey: n.key,
      sealedContent: deps.secrets.seal(JSON.stringify(n.message)),
    });
    if (id) {
      await deps.queue.send(tx, NOTIFICATIONS_QUEUE, { notificationId: id });
      queued.push(id);
    }
  }
  // Copies do not depend on the email: a contact who chose SMS only still gets the SMS.
  if (deps.plugins) queued.push(...(await queuePluginChannelCopies(tx, { plugins: deps.plugins, queue: deps.queue, secrets: deps.secrets }, n, n.message, choice)));
  return queued[0];
}

/** A booking message, with the channel event its kind stands for. */
export function queueBookingMessage(
  tx: Tx,
  deps: Pick<AppDeps, 'secrets' | 'queue'>,
  n: { businessId: string; bookingId: string; contactId: string; event: string; kind: BookingMessageKind; language: string; key: string; message: Omit<ChannelMessage, 'event'> },
  choice: RecipientChoice,
): Promise<string | undefined> {
  return queueNotification(tx, deps, { ...n, message: { ...n.message, event: CHANNEL_EVENT[n.kind] } }, choice);
}

/** The messages that carry "Manage your visit", each with a manage link of its own. */
export const CARRIES_MANAGE_LINK: ReadonlySet<BookingMessageKind> = new Set(['confirmation', 'reminder', 'rescheduled']);

/**
 * Render a booking message and queue it; for a kind in {@link CARRIES_MANAGE_LINK}, with a new
 * manage link, stored only if the message was queued. The link lives in the sealed message, so a
 * retry or a staff resend sends the same link, and a message never queued leaves no link behind.
 */
export async function queueVisitMessage(
  tx: Tx,
  deps: Pick<AppDeps, 'secrets' | 'queue'>,
  n: { businessId: string; bookingId: string; contactId: string; event: string; kind: BookingMessageKind; language: string; key: string; portalUrl: string },
  render: (manageUrl: string | undefined) => Omit<ChannelMessage, 'event'>,
  choice: RecipientChoice,
): Promise<void> {
  const token = CARRIES_MANAGE_LINK.has(n.kind) ? newLinkToken() : undefined;
  const id = await queueBookingMessage(tx, deps, { ...n, message: render(token ? manageUrl(n.portalUrl, token) : undefined) }, choice);
  if (id && token) await recordManageLink(tx, { token, businessId: n.businessId, bookingId: n.bookingId, contactId: n.contactId, notificationId: id });
}

// ───── reminders ─────

export const reminderJobSchema = z.object({ businessId: z.uuid(), bookingId: z.uuid(), arrivalAt: z.iso.datetime({ offset: true }) });
export type ReminderJob = z.infer<typeof reminderJobSchema>;

/**
 * Schedule the visit's reminder (in `tx`) for arrival − the business's reminder lead
 * (`reminderLeadMinutes`; 0: none). A visit booked or moved (at `since`, the event's time) to
 * within the lead gets none: it would arrive together with the confirmation.
 */
export async function scheduleReminder(tx: Tx, deps: Pick<AppDeps, 'queue'>, job: ReminderJob, since: Date): Promise<void> {
  const lead = await getReminderLeadMinutes(tx, job.businessId);
  if (!lead) return;
  const due = new Date(Date.parse(job.arrivalAt) - lead * 60_000);
  if (due < since) return;
  await deps.queue.send(tx, REMINDERS_QUEUE, job, { startAfter: due });
}

/**
 * A reminder came due: send it unless the visit was canceled, moved (its moved time has its own
 * reminder) or already started, or the business or the contact do not want it. Once per visit and arrival.
 */
export async function remindVisit(deps: Pick<AppDeps, 'sql' | 'mailer' | 'secrets' | 'publicUrl' | 'queue'>, job: ReminderJob): Promise<void> {
  await deps.sql.begin(async (tx) => {
    const visit = await findVisitNotice(tx, job.businessId, job.bookingId);
    if (!visit || visit.status !== 'scheduled' || visit.arrivalAt.getTime() !== Date.parse(job.arrivalAt) || !wants(visit, 'reminder')) return;
    const facts = await visitFacts(tx, deps, job.businessId, visit);
    if (!facts) return;
    await queueVisitMessage(
      tx,
      deps,
      {
        businessId: job.businessId,
        bookingId: job.bookingId,
        contactId: visit.contactId!,
        event: 'booking.reminder',
        kind: 'reminder',
        language: facts.language,
        key: `visit:${job.bookingId}:reminder:${visit.arrivalAt.toISOString()}:${visit.contactId}`,
        portalUrl: facts.portalUrl,
      },
      (manage) => bookingMessage('reminder', facts, { sequence: visit.calendarSequence, manageUrl: manage }),
      recipientChoice(visit),
    );
  });
}

/**
 * A message as a customer would get it, for a sample visit tomorrow, with the business's name,
 * phone and zone, and `brand` (its colours and wording, see services/notification-previews.ts).
 */
export async function previewNotification(
  deps: Pick<AppDeps, 'sql' | 'mailer' | 'publicUrl'>,
  business: BusinessRow,
  q: { message: NotificationMessage; language: NotificationLanguage },
  brand: BusinessBrand = { name: business.name, phone: business.phone },
): Promise<NotificationPreview> {
  const settings = await getPreviewSettings(deps.sql, business.id);
  const arrivalAt = new Date(Math.ceil((Date.now() + 86_400_000) / 3_600_000) * 3_600_000);
  const facts: VisitFacts = {
    bookingId: '00000000-0000-4000-8000-000000000000',
    to: 'customer@example.com',
    firstName: 'Alex',
    business: brand,
    serviceName: 'Drain cleaning',
    workOrderNumber: '1042',
    address: '3614 SE Hawthorne Blvd, Portland',
    technicianName: 'Maya',
    arrivalAt,
    windowEndsAt: settings?.arrivalWindowMinutes ? new Date(arrivalAt.getTime() + settings.arrivalWindowMinutes * 60_000) : null,
    endsAt: new Date(arrivalAt.getTime() + 60 * 60_000),
    timeZone: business.timeZone,
    language: q.language,
    portalUrl: portalUrlOf(settings?.portalUrl ?? null, deps.publicUrl),
    organizerEmail: /<([^>]+)>/.exec(deps.mailer.from)?.[1] ?? deps.mailer.from,
  };
  const m = bookingMessage(q.message, facts, {
    sequence: 0,
    reason: 'Sample reason',
    eta: arrivalAt,
    etaBasis: { basis: 'booked', travelMinutes: 20 },
    trackingUrl: trackingUrl(facts.portalUrl, 'sample'),
    surveyUrl: surveyUrl(facts.portalUrl, 'sample'),
    manageUrl: manageUrl(facts.portalUrl, 'sample'),
  });
  return { subject: m.subject, text: m.text, html: m.html ?? '', calendar: m.attachments?.[0]?.content ?? null };
}

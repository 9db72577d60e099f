// Notifications to customers: the message kinds, the delivery log staff read, and the per-business
// switches. The server's templates and the staff API use these; nothing restates them.
import { z } from 'zod';
import { text } from './schemas';

/** The booking messages a visit sends its Reported By contact. */
export const NOTIFICATION_MESSAGES = ['confirmation', 'reminder', 'rescheduled', 'canceled', 'on_the_way', 'arriving', 'completed'] as const;
export type NotificationMessage = (typeof NOTIFICATION_MESSAGES)[number];

/** Everything the delivery log holds: the booking messages, the account emails and staff alerts (a low survey score). */
export const NOTIFICATION_LOG_MESSAGES = [...NOTIFICATION_MESSAGES, 'invitation', 'password_reset', 'low_score_alert'] as const;
export type NotificationLogMessage = (typeof NOTIFICATION_LOG_MESSAGES)[number];

/** queued → sent; or failed (will be retried) → … → sent or dead (no more attempts). */
export const NOTIFICATION_STATES = ['queued', 'sent', 'failed', 'dead'] as const;
export type NotificationState = (typeof NOTIFICATION_STATES)[number];

const instant = z.iso.datetime({ offset: true });

export const notificationLogEntrySchema = z
  .object({
    id: z.uuid(),
    bookingId: z.uuid().nullable(),
    contactId: z.uuid().nullable(),
    channel: z.string(),
    /** The domain event that called for it (`booking.created`, `invitation.created`, …). */
    event: z.string(),
    /** The message kind (null for rows written before kinds were logged). */
    message: z.enum(NOTIFICATION_LOG_MESSAGES).nullable(),
    language: z.string().nullable(),
    recipient: z.string(),
    state: z.enum(NOTIFICATION_STATES),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    createdAt: instant,
    updatedAt: instant,
    sentAt: instant.nullable(),
    /** Whether staff may resend it (booking messages keep their content for that). */
    resendable: z.boolean(),
  })
  .meta({ id: 'NotificationLogEntry' });
export type NotificationLogEntry = z.infer<typeof notificationLogEntrySchema>;

export const notificationLogQuerySchema = z
  .object({
    state: z.enum(NOTIFICATION_STATES).optional(),
    bookingId: z.uuid().optional(),
    recipient: text.max(320).optional(),
    /** Created at or after this instant … */
    from: instant.optional(),
    /** … and before this one. */
    to: instant.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .meta({ id: 'NotificationLogQuery' });
export type NotificationLogQuery = z.infer<typeof notificationLogQuerySchema>;

/** Each message kind on or off for the business (all on by default). */
export const notificationSettingsSchema = z
  .object({
    confirmation: z.boolean(),
    rescheduled: z.boolean(),
    canceled: z.boolean(),
    onTheWay: z.boolean(),
    /** "Your technician is arriving": the technician came within the arriving radius. */
    arriving: z.boolean(),
    reminder: z.boolean(),
    /** "Thank you" after a completed visit, with the survey link when surveys are on. */
    completed: z.boolean(),
    /** Visits of these accounts send no booking messages. */
    excludedAccountIds: z.array(z.uuid()).max(1000),
    /** Visits of these service types send no booking messages. */
    excludedServiceTypeIds: z.array(z.uuid()).max(1000),
  })
  .meta({ id: 'NotificationSettings' });
export type NotificationSettings = z.infer<typeof notificationSettingsSchema>;
export const notificationSettingsPatchSchema = notificationSettingsSchema.partial().strict().meta({ id: 'NotificationSettingsPatch' });

/** The languages messages are written in; a contact's other languages get English. */
export const NOTIFICATION_LANGUAGES = ['en', 'es', 'ar'] as const;
export type NotificationLanguage = (typeof NOTIFICATION_LANGUAGES)[number];

export const notificationPreviewQuerySchema = z
  .object({ message: z.enum(NOTIFICATION_MESSAGES), language: z.enum(NOTIFICATION_LANGUAGES).default('en') })
  .meta({ id: 'NotificationPreviewQuery' });

/** A message rendered for a sample visit with the business's name, phone and zone. */
export const notificationPreviewSchema = z
  .object({ subject: z.string(), text: z.string(), html: z.string(), calendar: z.string().nullable() })
  .meta({ id: 'NotificationPreview' });
export type NotificationPreview = z.infer<typeof notificationPreviewSchema>;

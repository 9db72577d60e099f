// Notifications to customers: the message kinds, the delivery log staff read, and the per-business
// switches. The server's templates and the staff API use these; nothing restates them.
import { z } from 'zod';
import { text } from './schemas';
import { NOTIFICATION_LANGUAGES, NOTIFICATION_LOG_MESSAGES, NOTIFICATION_STATES, NOTIFICATION_TEMPLATE_MESSAGES } from './notification-placeholders';

export * from './notification-placeholders';

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

export const notificationPreviewQuerySchema = z
  .object({ message: z.enum(NOTIFICATION_TEMPLATE_MESSAGES), language: z.enum(NOTIFICATION_LANGUAGES).default('en') })
  .meta({ id: 'NotificationPreviewQuery' });

/** A message rendered for a sample visit with the business's name, phone and zone. */
export const notificationPreviewSchema = z
  .object({ subject: z.string(), text: z.string(), html: z.string(), calendar: z.string().nullable() })
  .meta({ id: 'NotificationPreview' });
export type NotificationPreview = z.infer<typeof notificationPreviewSchema>;

// ───── wording overrides ─────


const subjectText = text
  .max(200)
  .refine((s) => !/[\r\n]/.test(s), 'one line')
  .refine((s) => s.trim().length > 0, 'not empty');
const bodyText = text.max(5000).refine((s) => s.trim().length > 0, 'not empty');

/** A business's wording of one message in one language; null keeps the built-in wording of that part. */
export const notificationTemplateInputSchema = z
  .object({
    /** The subject line (plain text, one line). */
    subject: subjectText.nullable().default(null),
    /** Replaces the greeting and opening paragraphs; a blank line starts a new paragraph. */
    body: bodyText.nullable().default(null),
  })
  .strict()
  .refine((t) => t.subject !== null || t.body !== null, { message: 'a subject, a body or both', path: ['subject'] })
  .meta({ id: 'NotificationTemplateInput' });
export type NotificationTemplateInput = z.infer<typeof notificationTemplateInputSchema>;

export const notificationTemplateParamsSchema = z.object({
  message: z.enum(NOTIFICATION_TEMPLATE_MESSAGES),
  language: z.enum(NOTIFICATION_LANGUAGES),
});

export const notificationTemplateSchema = z
  .object({
    message: z.enum(NOTIFICATION_TEMPLATE_MESSAGES),
    language: z.enum(NOTIFICATION_LANGUAGES),
    subject: z.string().nullable(),
    body: z.string().nullable(),
    /** The placeholders this message offers. */
    placeholders: z.array(z.string()),
    updatedAt: instant,
  })
  .meta({ id: 'NotificationTemplate' });
export type NotificationTemplate = z.infer<typeof notificationTemplateSchema>;

/** A message rendered with a draft wording that is not saved (what staff see before saving). */
export const notificationDraftPreviewSchema = z
  .object({
    message: z.enum(NOTIFICATION_TEMPLATE_MESSAGES),
    language: z.enum(NOTIFICATION_LANGUAGES).default('en'),
    subject: subjectText.nullable().default(null),
    body: bodyText.nullable().default(null),
  })
  .strict()
  .meta({ id: 'NotificationDraftPreview' });
export type NotificationDraftPreview = z.infer<typeof notificationDraftPreviewSchema>;

// ───── colours ─────

export const hexColorSchema = text.regex(/^#[0-9a-fA-F]{6}$/, 'a colour as #rrggbb').transform((c) => c.toLowerCase());

/** Used when the business has not chosen a colour. */
export const DEFAULT_BRAND_COLOR = '#1d4ed8';
/** WCAG AA for normal text: what a chosen text colour must reach on the brand colour. */
export const MIN_BRAND_CONTRAST = 4.5;

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** WCAG contrast ratio of two #rrggbb colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

/** White or black, whichever reads better on `background` (one of them always reaches 4.5:1). */
export function readableTextOn(background: string): '#ffffff' | '#000000' {
  return contrastRatio(background, '#ffffff') >= contrastRatio(background, '#000000') ? '#ffffff' : '#000000';
}

/** The business's colours in its emails (header and buttons). */
export const brandingSettingsSchema = z
  .object({
    /** Header and button background; null: the default. */
    brandColor: hexColorSchema.nullable(),
    /** Text on the brand colour; null: white or black, whichever contrasts more. Must reach 4.5:1. */
    brandTextColor: hexColorSchema.nullable(),
  })
  .meta({ id: 'BrandingSettings' });
export type BrandingSettings = z.infer<typeof brandingSettingsSchema>;
export const brandingSettingsPatchSchema = brandingSettingsSchema.partial().strict().meta({ id: 'BrandingSettingsPatch' });

/** The colours the emails use, resolved from the settings. */
export const brandColorsSchema = z.object({ background: z.string(), text: z.string(), contrast: z.number() }).meta({ id: 'BrandColors' });
export type BrandColors = z.infer<typeof brandColorsSchema>;

export function brandColors(s: BrandingSettings): BrandColors {
  const background = s.brandColor ?? DEFAULT_BRAND_COLOR;
  const color = s.brandTextColor ?? readableTextOn(background);
  return { background, text: color, contrast: Math.round(contrastRatio(background, color) * 100) / 100 };
}

export const brandingSchema = brandingSettingsSchema.extend({ effective: brandColorsSchema }).meta({ id: 'Branding' });
export type Branding = z.infer<typeof brandingSchema>;

// ───── on-the-way ETA ─────

/**
 * When the technician should arrive, estimated as they set off: departure + the visit's travel
 * minutes, unless that is before the booked arrival (or travel is unknown): then the booked arrival.
 */
export function estimateArrival(input: { departedAt: Date; travelMinutes: number | null; bookedArrival: Date }): { at: Date; basis: 'departure' | 'booked'; travelMinutes: number | null } {
  if (input.travelMinutes === null) return { at: input.bookedArrival, basis: 'booked', travelMinutes: null };
  const estimate = new Date(input.departedAt.getTime() + input.travelMinutes * 60_000);
  return estimate > input.bookedArrival ? { at: estimate, basis: 'departure', travelMinutes: input.travelMinutes } : { at: input.bookedArrival, basis: 'booked', travelMinutes: input.travelMinutes };
}

// Insights for staff: simple counts over a range of the business's own calendar days (bookings per
// day, the self-scheduled share, cancellations with their reasons). The server's route and the
// console's insights screen use these schemas; nothing restates them.
import { z } from 'zod';

/** The longest range one request may count (a leap year). */
export const INSIGHTS_MAX_DAYS = 366;

const dayMs = 86_400_000;
/** Days from `from` to `to`, both counted (ISO dates). */
const span = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / dayMs) + 1;

/**
 * Calendar days of the business (its time zone), both included. Left out: `to` is today and
 * `from` 29 days before it. Refused (`400 validation_failed`, an issue at `query.to`) when `to`
 * is before `from` or the range is longer than {@link INSIGHTS_MAX_DAYS} days.
 */
export const insightsQuerySchema = z
  .object({
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'not before from' })
  .refine((q) => !q.from || !q.to || span(q.from, q.to) <= INSIGHTS_MAX_DAYS, { path: ['to'], message: `at most ${INSIGHTS_MAX_DAYS} days from from, both included` })
  .meta({ id: 'InsightsQuery' });
export type InsightsQuery = z.infer<typeof insightsQuerySchema>;

/** One of the business's days: visits arriving that day, by who booked them, and how many were canceled. */
export const insightsDaySchema = z
  .object({
    date: z.iso.date(),
    /** Every visit arriving that day, canceled ones included. */
    bookings: z.number().int(),
    /** Booked by the customer in the portal (self-scheduled). */
    portal: z.number().int(),
    /** Booked by staff. */
    staff: z.number().int(),
    canceled: z.number().int(),
  })
  .meta({ id: 'InsightsDay' });
export type InsightsDay = z.infer<typeof insightsDaySchema>;

export const insightsSchema = z
  .object({
    from: z.iso.date(),
    to: z.iso.date(),
    /** The zone the days are the business's in. */
    timeZone: z.string(),
    /** Every day of the range, in order, days without visits included (zeros). */
    days: z.array(insightsDaySchema),
    totals: insightsDaySchema.omit({ date: true }).extend({
      /** Portal bookings as a share (0–100, one decimal) of all bookings; null without bookings. */
      selfScheduledShare: z.number().nullable(),
    }),
    /** Canceled visits grouped by their reason (as written, trimmed; case is ignored), most frequent first. */
    cancellations: z.array(z.object({ reason: z.string(), count: z.number().int() })),
  })
  .meta({ id: 'Insights' });
export type Insights = z.infer<typeof insightsSchema>;

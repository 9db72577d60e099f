import { z } from 'zod';
import { BOOKING_STATUSES } from './booking-status';
import { text } from './schemas';
import type { IntakeField } from './scheduling-config';

export const isoDateSchema = z.iso.date();
/** An instant with an explicit offset: `2026-11-24T09:30:00-08:00` or `…Z`. */
export const instantSchema = z.iso.datetime({ offset: true });

/** One intake question as the booking form shows it (the kinds of core's `intakeFieldSchema`). */
const bookableIntakeFieldSchema = z.object({
  key: z.string(),
  label: z.string(),
  kind: z.enum(['text', 'number', 'select', 'checkbox']),
  required: z.boolean(),
  options: z.array(z.string()).optional(),
  /** Shown with this client plugin renderer when the page has it (`<plugin id>:<name>`), else as `kind`. */
  widget: z.string().optional(),
});

export const bookableServiceTypeSchema = z
  .object({
    id: z.uuid(),
    key: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    durationMinutes: z.number().int(),
    /** The questions to ask before showing times; answers go with the slots query and the booking. */
    intakeFields: z.array(bookableIntakeFieldSchema),
    /** The duration depends on the answers: send them with the slots query (`intake`). */
    durationFromAnswers: z.boolean(),
  })
  .meta({ id: 'BookableServiceType' });
export type BookableServiceType = z.infer<typeof bookableServiceTypeSchema>;

/**
 * One answer to an intake question: text, a number, a choice or a yes/no. Answers travel as a JSON
 * object keyed by the field's key (`intake`), in the booking body and, as a JSON string, in the slots
 * query when the service type's duration depends on them.
 */
export const intakeAnswerSchema = z.union([text.max(2000), z.number().finite(), z.boolean(), z.null()]);
export const intakeAnswersSchema = z.record(text.regex(/^[a-zA-Z][a-zA-Z0-9_]{0,62}$/), intakeAnswerSchema);
export type IntakeAnswers = z.infer<typeof intakeAnswersSchema>;
/** Answers after `checkIntake`: empty ones dropped, each of its field's kind. */
export type CheckedIntake = Record<string, string | number | boolean>;
/** The answers as a JSON string in a query (`?intake={"panelAmps":80}`); parsed and checked by the server. */
const intakeQuery = text.max(8000).optional();

/** Times to move this visit to (Modify): its stored answers stand in for `intake`. */
const movingBooking = z.uuid().optional();

export const slotsQuerySchema = z.object({ serviceTypeId: z.uuid(), assetId: z.uuid().optional(), date: isoDateSchema, intake: intakeQuery, bookingId: movingBooking });
export const slotDaysQuerySchema = z
  .object({ serviceTypeId: z.uuid(), assetId: z.uuid().optional(), from: isoDateSchema, to: isoDateSchema, intake: intakeQuery, bookingId: movingBooking })
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'must not be before from' });

export const slotSchema = z.object({ arrivalAt: instantSchema, endsAt: instantSchema }).meta({ id: 'Slot' });
export type SlotView = z.infer<typeof slotSchema>;

export const slotsSchema = z
  .object({ date: isoDateSchema, timeZone: z.string(), slots: z.array(slotSchema) })
  .meta({ id: 'Slots' });
export type Slots = z.infer<typeof slotsSchema>;

export const slotDaysSchema = z
  .object({ timeZone: z.string(), days: z.array(z.object({ date: isoDateSchema, slots: z.number().int().positive() })) })
  .meta({ id: 'SlotDays' });
export type SlotDays = z.infer<typeof slotDaysSchema>;

export const bookBodySchema = z
  .object({
    serviceTypeId: z.uuid(),
    assetId: z.uuid().nullable().optional(),
    arrivalAt: instantSchema,
    comments: text.trim().max(2000).optional(),
    /** Answers to the service type's intake questions, by field key (checked against its fields). */
    intake: intakeAnswersSchema.optional(),
  })
  .meta({ id: 'Book' });
export type BookBody = z.infer<typeof bookBodySchema>;

export const rescheduleBodySchema = z.object({ arrivalAt: instantSchema }).meta({ id: 'Reschedule' });
export const cancelBodySchema = z
  .object({ reason: text.trim().min(3, 'tell us briefly why').max(2000) })
  .meta({ id: 'Cancel' });

/** A visit as its customer sees it, with what they may do with it right now. */
export const customerBookingSchema = z
  .object({
    id: z.uuid(),
    workOrderNumber: z.string(),
    status: z.enum(BOOKING_STATUSES),
    arrivalAt: instantSchema,
    /** End of the arrival window promised to the customer (the business's setting), or null. */
    arrivalWindowEndsAt: instantSchema.nullable(),
    endsAt: instantSchema,
    serviceType: z.object({ id: z.uuid(), name: z.string(), durationMinutes: z.number().int() }),
    asset: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    address: z.object({ line1: z.string(), city: z.string(), postalCode: z.string().nullable() }),
    comments: z.string().nullable(),
    /** What the business chose to show about the technician. */
    technician: z.object({
      name: z.string().nullable(),
      phone: z.string().nullable(),
      photoUrl: z.string().nullable(),
      /** The technician's average rating, shown only when the business enables it and it clears its bar. */
      rating: z.object({ average: z.number(), count: z.number().int() }).nullable(),
    }),
    cancelReason: z.string().nullable(),
    actions: z.object({ modify: z.boolean(), cancel: z.boolean(), viewLiveMap: z.boolean(), feedback: z.boolean() }),
  })
  .meta({ id: 'CustomerBooking' });
export type CustomerBooking = z.infer<typeof customerBookingSchema>;

/** The seeds' home page: one Active visit (traveling), Upcoming, and the Past tab. */
export const appointmentsSchema = z
  .object({
    timeZone: z.string(),
    active: customerBookingSchema.nullable(),
    upcoming: z.array(customerBookingSchema),
    past: z.array(customerBookingSchema),
  })
  .meta({ id: 'Appointments' });
export type Appointments = z.infer<typeof appointmentsSchema>;

/**
 * Check answers against a service type's intake fields: required ones present, numbers finite,
 * choices among the options, yes/no as booleans; keys not asked about are refused. Returns the
 * answers kept (empty ones dropped) and the issues, each with the field key as its path.
 */
export function checkIntake(fields: readonly IntakeField[], answers: Record<string, unknown>): { answers: CheckedIntake; issues: { path: string[]; message: string }[] } {
  const issues: { path: string[]; message: string }[] = [];
  const kept: CheckedIntake = {};
  const known = new Set(fields.map((f) => f.key));
  for (const key of Object.keys(answers)) if (!known.has(key)) issues.push({ path: [key], message: 'not a question of this service type' });
  for (const f of fields) {
    const value = answers[f.key];
    const empty = value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
    if (empty) {
      if (f.required) issues.push({ path: [f.key], message: 'required' });
      continue;
    }
    const bad = (message: string) => issues.push({ path: [f.key], message });
    switch (f.kind) {
      case 'text':
        if (typeof value !== 'string') bad('expected text');
        else if (value.length > 2000) bad('at most 2000 characters');
        else kept[f.key] = value.trim();
        break;
      case 'number':
        if (typeof value !== 'number' || !Number.isFinite(value)) bad('expected a number');
        else kept[f.key] = value;
        break;
      case 'select':
        if (typeof value !== 'string' || !(f.options ?? []).includes(value)) bad(`expected one of: ${(f.options ?? []).join(', ')}`);
        else kept[f.key] = value;
        break;
      case 'checkbox':
        if (typeof value !== 'boolean') bad('expected true or false');
        else if (f.required && !value) bad('required');
        else kept[f.key] = value;
        break;
    }
  }
  return { answers: kept, issues };
}

import { z } from 'zod';
import { BOOKING_STATUSES } from './booking-status';
import { text } from './schemas';

export const isoDateSchema = z.iso.date();
/** An instant with an explicit offset: `2026-11-24T09:30:00-08:00` or `…Z`. */
export const instantSchema = z.iso.datetime({ offset: true });

export const bookableServiceTypeSchema = z
  .object({ id: z.uuid(), key: z.string(), name: z.string(), description: z.string().nullable(), durationMinutes: z.number().int() })
  .meta({ id: 'BookableServiceType' });
export type BookableServiceType = z.infer<typeof bookableServiceTypeSchema>;

export const slotsQuerySchema = z.object({ serviceTypeId: z.uuid(), assetId: z.uuid().optional(), date: isoDateSchema });
export const slotDaysQuerySchema = z
  .object({ serviceTypeId: z.uuid(), assetId: z.uuid().optional(), from: isoDateSchema, to: isoDateSchema })
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

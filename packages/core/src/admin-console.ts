// What the admin console reads beyond the staff CRUD: the bookings board (a day per technician in
// one answer), one visit in full for staff, and paged searches of accounts and contacts.
import { z } from 'zod';
import { BOOKING_STATUSES } from './booking-status';
import { statusHistoryEntrySchema } from './booking-status-change';
import { accountSchema, contactSchema } from './customers';
import { latitudeSchema, longitudeSchema, text } from './schemas';

const status = z.enum(BOOKING_STATUSES);
const instant = z.iso.datetime({ offset: true });

// Any day may be asked for: the answer is bounded by one day, wherever it is.
export const boardQuerySchema = z.object({
  /** The business's calendar day; today in the business's time zone when left out. */
  date: z.iso.date().optional(),
});
export type BoardQuery = z.infer<typeof boardQuerySchema>;

const interval = z.object({ startsAt: instant, endsAt: instant });

/** One visit on the board: `startsAt` is when the technician sets off (arrival − travel). */
export const boardVisitSchema = z
  .object({
    bookingId: z.uuid(),
    workOrderNumber: z.string(),
    status,
    /** The statuses staff may move it to next. */
    next: z.array(status),
    arrivalAt: instant,
    startsAt: instant,
    endsAt: instant,
    travelMinutes: z.number().int(),
    accountId: z.uuid(),
    accountName: z.string(),
    serviceTypeName: z.string(),
    address: z.object({ line1: z.string(), city: z.string(), postalCode: z.string().nullable(), lat: latitudeSchema, lon: longitudeSchema }),
    /** Booked by the customer in the portal, or by staff. */
    source: z.enum(['portal', 'staff']),
  })
  .meta({ id: 'BoardVisit' });
export type BoardVisit = z.infer<typeof boardVisitSchema>;

export const boardTechnicianSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    active: z.boolean(),
    /** The technician's working hours on that day, as instants. */
    workingHours: z.array(interval),
    timeOff: z.array(interval),
    visits: z.array(boardVisitSchema),
  })
  .meta({ id: 'BoardTechnician' });
export type BoardTechnician = z.infer<typeof boardTechnicianSchema>;

export const boardSchema = z
  .object({
    date: z.iso.date(),
    timeZone: z.string(),
    /** Where the day begins and ends in the business's zone (23 or 25 hours on a clock change). */
    startsAt: instant,
    endsAt: instant,
    /** Active technicians, and inactive ones that still have visits that day; by name. */
    technicians: z.array(boardTechnicianSchema),
  })
  .meta({ id: 'Board' });
export type Board = z.infer<typeof boardSchema>;

/** One visit as staff open it from the board: the board's fields, who and what, and its history. */
export const staffBookingSchema = boardVisitSchema
  .extend({
    technician: z.object({ id: z.uuid(), name: z.string() }),
    contact: z.object({ id: z.uuid(), name: z.string(), email: z.string(), phone: z.string().nullable() }).nullable(),
    asset: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    comments: z.string().nullable(),
    cancelReason: z.string().nullable(),
    intakeAnswers: z.array(z.object({ label: z.string(), value: z.string() })),
    timeZone: z.string(),
    history: z.array(statusHistoryEntrySchema),
  })
  .meta({ id: 'StaffBooking' });
export type StaffBooking = z.infer<typeof staffBookingSchema>;

export const PAGE_MAX_LIMIT = 100;
export const PAGE_MAX_OFFSET = 10_000;

/** A page of a search: `q` matches names (and a contact's email), `offset` from `nextOffset`. */
export const pageQuerySchema = z.object({
  q: text.trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(PAGE_MAX_LIMIT).default(25),
  offset: z.coerce.number().int().min(0).max(PAGE_MAX_OFFSET).default(0),
});
export type PageQuery = z.infer<typeof pageQuerySchema>;

export const accountSearchQuerySchema = pageQuerySchema.extend({ active: z.enum(['true', 'false']).optional() });
export type AccountSearchQuery = z.infer<typeof accountSearchQuerySchema>;

/** A page of results; `nextOffset` is null on the last page. */
const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextOffset: z.number().int().nullable() });

export const accountPageSchema = page(accountSchema).meta({ id: 'AccountPage' });
export type AccountPage = z.infer<typeof accountPageSchema>;

export const contactSearchItemSchema = contactSchema.extend({ accountName: z.string() }).meta({ id: 'ContactSearchItem' });
export type ContactSearchItem = z.infer<typeof contactSearchItemSchema>;
export const contactPageSchema = page(contactSearchItemSchema).meta({ id: 'ContactPage' });
export type ContactPage = z.infer<typeof contactPageSchema>;

// Staff scheduling for a customer from the admin console: move a visit to another free time (and
// technician), and book on an account's behalf. The same engine and rules as the customer's own
// booking and reschedule; only who acts differs.
import { z } from 'zod';
import { bookBodySchema, isoDateSchema, instantSchema, slotSchema } from './booking';
import { text } from './schemas';

/** Free times to move a visit to on one day; `technicianId`: only that technician's. */
export const staffSlotsQuerySchema = z.object({ date: isoDateSchema, technicianId: z.uuid().optional() });
export type StaffSlotsQuery = z.infer<typeof staffSlotsQuerySchema>;

/** A free time with the technician the engine would send (the least travel) and that travel. */
export const staffSlotSchema = slotSchema.extend({ technicianId: z.uuid(), travelMinutes: z.number().int() }).meta({ id: 'StaffSlot' });

export const staffSlotsSchema = z
  .object({ date: isoDateSchema, timeZone: z.string(), slots: z.array(staffSlotSchema) })
  .meta({ id: 'StaffSlots' });
export type StaffSlots = z.infer<typeof staffSlotsSchema>;

/** Move a scheduled visit: the new arrival, optionally a technician of staff's choosing, and a note for its history. */
export const moveBodySchema = z
  .object({ arrivalAt: instantSchema, technicianId: z.uuid().optional(), note: text.trim().max(2000).optional() })
  .meta({ id: 'Move' });
export type MoveBody = z.infer<typeof moveBodySchema>;

/** Book on an account's behalf: the customer's booking, with the contact it is for (Reported By). */
export const staffBookBodySchema = bookBodySchema.extend({ contactId: z.uuid() }).meta({ id: 'StaffBook' });
export type StaffBookBody = z.infer<typeof staffBookBodySchema>;

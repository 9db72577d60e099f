import { z } from 'zod';
import { emailSchema } from './access';
import { BOOKING_STATUSES, canTransition, type BookingStatus } from './booking-status';
import { text } from './schemas';

/** The statuses a booking in `from` may move to next. */
export function nextStatuses(from: BookingStatus): BookingStatus[] {
  return BOOKING_STATUSES.filter((to) => canTransition(from, to));
}

const status = z.enum(BOOKING_STATUSES);

/** Staff and the technician app move a visit along; canceling needs a reason. */
export const statusChangeBodySchema = z
  .object({ status, note: text.trim().min(1).max(2000).optional() })
  .refine((b) => b.status !== 'canceled' || b.note, { path: ['note'], message: 'a reason is required to cancel' })
  .meta({ id: 'StatusChange' });
export type StatusChangeBody = z.infer<typeof statusChangeBodySchema>;

export const statusHistoryEntrySchema = z
  .object({
    from: status.nullable(),
    to: status,
    changedByUserId: z.string().nullable(),
    note: z.string().nullable(),
    changedAt: z.iso.datetime(),
  })
  .meta({ id: 'StatusHistoryEntry' });

export const bookingStatusSchema = z
  .object({ id: z.uuid(), status, next: z.array(status), history: z.array(statusHistoryEntrySchema) })
  .meta({ id: 'BookingStatus' });
export type BookingStatusView = z.infer<typeof bookingStatusSchema>;

/** Link a technician (resource) to the user account they sign in with. */
export const technicianAccountBodySchema = z.object({ email: emailSchema }).meta({ id: 'TechnicianAccountLink' });
export const technicianAccountSchema = z
  .object({ technicianId: z.uuid(), userId: z.string().nullable(), email: z.string().nullable() })
  .meta({ id: 'TechnicianAccount' });
export type TechnicianAccount = z.infer<typeof technicianAccountSchema>;

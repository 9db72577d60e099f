/**
 * Booking statuses and the moves between them, as the seeds describe: a visit is scheduled,
 * the technician travels, works, completes; it can be canceled only before work starts.
 */
export const BOOKING_STATUSES = ['scheduled', 'traveling', 'in_progress', 'completed', 'canceled'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

const NEXT: Record<BookingStatus, readonly BookingStatus[]> = {
  scheduled: ['traveling', 'canceled'],
  traveling: ['in_progress', 'canceled'],
  in_progress: ['completed'],
  completed: [],
  canceled: [],
};

export function canTransition(from: BookingStatus, to: BookingStatus): boolean {
  return NEXT[from].includes(to);
}

/** Statuses that occupy the technician's calendar (everything but canceled). */
export function blocksCalendar(status: BookingStatus): boolean {
  return status !== 'canceled';
}

/** Customers may change or cancel only a visit that has not started moving. */
export function customerMayChange(status: BookingStatus): boolean {
  return status === 'scheduled';
}

export function isFinal(status: BookingStatus): boolean {
  return NEXT[status].length === 0;
}

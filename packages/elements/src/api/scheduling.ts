// Customer scheduling area: what can be booked, free times, the customer's bookings.
import type {
  appointmentsSchema,
  assetSchema,
  bookableServiceTypeSchema,
  bookBodySchema,
  cancelBodySchema,
  customerBookingSchema,
  rescheduleBodySchema,
  slotDaysQuerySchema,
  slotDaysSchema,
  slotsQuerySchema,
  slotsSchema,
} from '@arrivo/core';
import { IDEMPOTENT, type Connection } from './http';
import type { In, Out } from './types';

type Booking = Out<typeof customerBookingSchema>;
const booking = (id: string, action: string) => `me/bookings/${encodeURIComponent(id)}/${action}`;

export const serviceTypes = (c: Connection, signal?: AbortSignal) => c.call<Out<typeof bookableServiceTypeSchema>[]>('me/service-types', { signal });

export const assets = (c: Connection, signal?: AbortSignal) => c.call<Out<typeof assetSchema>[]>('me/assets', { signal });

/** How many free times each day from `from` to `to` has. */
export const slotDays = (c: Connection, searchParams: In<typeof slotDaysQuerySchema>, signal?: AbortSignal) =>
  c.call<Out<typeof slotDaysSchema>>('me/slot-days', { searchParams, signal });

export const slots = (c: Connection, searchParams: In<typeof slotsQuerySchema>, signal?: AbortSignal) =>
  c.call<Out<typeof slotsSchema>>('me/slots', { searchParams, signal });

/** `idempotencyKey`: the same for retries of one attempt, so it is never booked twice (and so it may be retried). */
export const book = (c: Connection, json: In<typeof bookBodySchema>, idempotencyKey: string) =>
  c.call<Booking>('me/bookings', { method: 'post', json, headers: { 'Idempotency-Key': idempotencyKey }, retry: IDEMPOTENT });

export const appointments = (c: Connection, signal?: AbortSignal) => c.call<Out<typeof appointmentsSchema>>('me/bookings', { signal });

export const reschedule = (c: Connection, id: string, json: In<typeof rescheduleBodySchema>) => c.call<Booking>(booking(id, 'reschedule'), { method: 'post', json });

export const cancel = (c: Connection, id: string, json: In<typeof cancelBodySchema>) => c.call<Booking>(booking(id, 'cancel'), { method: 'post', json });

// Admin console, staff scheduling for customers: messages sent about a visit, free times to move it
// and the move, and an account's service types, days and times (as its customer sees them) and a
// booking on its behalf. Only the console's lazy board tools and preview load this module.
import type {
  assetSchema,
  bookableServiceTypeSchema,
  contactSchema,
  moveBodySchema,
  notificationLogEntrySchema,
  slotDaysQuerySchema,
  slotDaysSchema,
  slotsQuerySchema,
  slotsSchema,
  staffBookBodySchema,
  staffBookingSchema,
  staffSlotsSchema,
} from '@arrivo/core';
import { IDEMPOTENT, type Connection } from './http';
import type { In, Out } from './types';

export type StaffBooking = Out<typeof staffBookingSchema>;
export type StaffSlots = Out<typeof staffSlotsSchema>;
export type LoggedMessage = Out<typeof notificationLogEntrySchema>;
export type ServiceType = Out<typeof bookableServiceTypeSchema>;

const id = encodeURIComponent;
const account = (accountId: string, rest: string) => `admin/accounts/${id(accountId)}/${rest}`;

/** The delivery log rows of one visit, newest first. */
export const messages = (c: Connection, bookingId: string, signal?: AbortSignal) => c.call<LoggedMessage[]>('admin/notifications', { searchParams: { bookingId }, signal });

/** Free times to move a visit to on `date`; with `technicianId`, only that technician's. */
export const moveSlots = (c: Connection, bookingId: string, q: { date: string; technicianId?: string }, signal?: AbortSignal) =>
  c.call<StaffSlots>(`admin/bookings/${id(bookingId)}/slots`, { searchParams: q, signal });

export const move = (c: Connection, bookingId: string, json: In<typeof moveBodySchema>) => c.call<StaffBooking>(`admin/bookings/${id(bookingId)}/move`, { method: 'post', json });

export const contacts = (c: Connection, accountId: string, signal?: AbortSignal) => c.call<Out<typeof contactSchema>[]>(account(accountId, 'contacts'), { signal });

export const assets = (c: Connection, accountId: string, signal?: AbortSignal) => c.call<Out<typeof assetSchema>[]>(account(accountId, 'assets'), { signal });

/** What the account's customer can book online. */
export const serviceTypes = (c: Connection, accountId: string, signal?: AbortSignal) => c.call<ServiceType[]>(account(accountId, 'service-types'), { signal });

export const slotDays = (c: Connection, accountId: string, searchParams: In<typeof slotDaysQuerySchema>, signal?: AbortSignal) =>
  c.call<Out<typeof slotDaysSchema>>(account(accountId, 'slot-days'), { searchParams, signal });

export const slots = (c: Connection, accountId: string, searchParams: In<typeof slotsQuerySchema>, signal?: AbortSignal) =>
  c.call<Out<typeof slotsSchema>>(account(accountId, 'slots'), { searchParams, signal });

/** Book on the account's behalf; `idempotencyKey` the same for retries of one attempt. */
export const book = (c: Connection, accountId: string, json: In<typeof staffBookBodySchema>, idempotencyKey: string) =>
  c.call<StaffBooking>(account(accountId, 'bookings'), { method: 'post', json, headers: { 'Idempotency-Key': idempotencyKey }, retry: IDEMPOTENT });

// Manage link area: one visit opened from a "Manage your visit" link, without signing in. The
// token goes in a header, never in the URL; reading changes nothing, changes are POSTs.
import type { cancelBodySchema, customerBookingSchema, managedVisitSchema, rescheduleBodySchema, slotDaysSchema, slotsSchema } from '@arrivo/core';
import type { Connection } from './http';
import type { In, Out } from './types';

export const MANAGE_TOKEN_HEADER = 'X-Arrivo-Manage-Token';

type Booking = Out<typeof customerBookingSchema>;
const headers = (token: string) => ({ [MANAGE_TOKEN_HEADER]: token });

export const visit = (c: Connection, token: string, signal?: AbortSignal) => c.call<Out<typeof managedVisitSchema>>('manage', { signal, headers: headers(token) });

export const slotDays = (c: Connection, token: string, searchParams: { from: string; to: string }, signal?: AbortSignal) =>
  c.call<Out<typeof slotDaysSchema>>('manage/slot-days', { searchParams, signal, headers: headers(token) });

export const slots = (c: Connection, token: string, searchParams: { date: string }, signal?: AbortSignal) =>
  c.call<Out<typeof slotsSchema>>('manage/slots', { searchParams, signal, headers: headers(token) });

export const reschedule = (c: Connection, token: string, json: In<typeof rescheduleBodySchema>) =>
  c.call<Booking>('manage/reschedule', { method: 'post', json, headers: headers(token) });

export const cancel = (c: Connection, token: string, json: In<typeof cancelBodySchema>) => c.call<Booking>('manage/cancel', { method: 'post', json, headers: headers(token) });

// Staff schedule for customers from the admin console (admins and dispatchers): free times to move
// a visit to and the move itself; for an account, what its customer could book and when (also the
// console's "see what the customer sees" preview), and a booking on its behalf. The customer's own
// engine and booking service run behind every one (services/staff-scheduling.ts).
import { createRoute, z } from '@hono/zod-openapi';
import {
  bookableServiceTypeSchema,
  moveBodySchema,
  slotDaysQuerySchema,
  slotDaysSchema,
  slotsQuerySchema,
  slotsSchema,
  staffBookBodySchema,
  staffBookingSchema,
  staffSlotsQuerySchema,
  staffSlotsSchema,
  text,
} from '@arrivo/core';
import type { AppDeps } from '../deps';
import { errors, json, jsonBody, signedIn, withId } from '../http/openapi';
import { createRouter } from '../http/router';
import { moveSlots, moveVisit, staffBook, staffServiceTypes, staffSlotDays, staffSlots } from '../services/staff-scheduling';

const common = { tags: ['staff'], security: signedIn };
const path = (rest: string) => `/businesses/{business}/admin${rest}`;

const routes = {
  moveSlots: createRoute({
    ...common, method: 'get', path: path('/bookings/{bookingId}/slots'),
    summary: 'Free times to move a visit to on one day, each with the technician the engine would send',
    description: 'The times its customer would be offered to move it (same engine, skills, territories, travel and availability rules); with `technicianId`, only that technician’s.',
    request: { params: withId('bookingId'), query: staffSlotsQuerySchema },
    responses: { 200: json(staffSlotsSchema, 'Free times'), ...errors(400, 401, 403, 404, 503) },
  }),
  move: createRoute({
    ...common, method: 'post', path: path('/bookings/{bookingId}/move'),
    summary: 'Move a scheduled visit to another free time, optionally to a technician of your choosing',
    description:
      'Checked again under the technicians’ calendar locks, as the customer’s reschedule is (`409 slot_taken` with `details.alternatives`); no change cut-off applies to staff. ' +
      'Writes a history row (scheduled → scheduled, with `note`) and publishes `booking.rescheduled`: a visit its customer booked online gets the “new time” message (when the business sends it), a staff-made one none.',
    request: { params: withId('bookingId'), ...jsonBody(moveBodySchema) },
    responses: { 200: json(staffBookingSchema, 'Moved'), ...errors(400, 401, 403, 404, 409, 422, 503) },
  }),
  serviceTypes: createRoute({
    ...common, method: 'get', path: path('/accounts/{accountId}/service-types'), summary: 'Service types this account’s customer can book online',
    request: { params: withId('accountId') }, responses: { 200: json(z.array(bookableServiceTypeSchema), 'Service types'), ...errors(400, 401, 403, 404) },
  }),
  slotDays: createRoute({
    ...common, method: 'get', path: path('/accounts/{accountId}/slot-days'), summary: 'The days with free times, as this account’s customer sees them',
    request: { params: withId('accountId'), query: slotDaysQuerySchema },
    responses: { 200: json(slotDaysSchema, 'Days with free times'), ...errors(400, 401, 403, 404, 503) },
  }),
  slots: createRoute({
    ...common, method: 'get', path: path('/accounts/{accountId}/slots'), summary: 'Free arrival times on one day, as this account’s customer sees them',
    request: { params: withId('accountId'), query: slotsQuerySchema },
    responses: { 200: json(slotsSchema, 'Free times'), ...errors(400, 401, 403, 404, 503) },
  }),
  book: createRoute({
    ...common, method: 'post', path: path('/accounts/{accountId}/bookings'),
    summary: 'Book a visit on the account’s behalf for one of its contacts',
    description:
      'The customer’s booking (same free times, intake checks, plugins’ before-hooks and calendar locks) with `source: staff`: the customer is sent no messages. ' +
      'Send an `Idempotency-Key`: a retry with the same key returns the same visit.',
    request: { params: withId('accountId'), headers: z.object({ 'idempotency-key': text.min(8).max(160) }), ...jsonBody(staffBookBodySchema) },
    responses: { 201: json(staffBookingSchema, 'Booked'), 200: json(staffBookingSchema, 'A retry: the visit booked the first time'), ...errors(400, 401, 403, 404, 409, 422, 503) },
  }),
};

export function adminStaffBookingRoutes(deps: Pick<AppDeps, 'sql' | 'auth' | 'scheduleCache' | 'events' | 'plugins'>) {
  return createRouter(deps, 'staff')
    .openapi(routes.moveSlots, async (c) => c.json(await moveSlots(deps, c.get('business'), c.req.valid('param').bookingId, c.get('user').id, c.req.valid('query')), 200))
    .openapi(routes.move, async (c) => c.json(await moveVisit(deps, c.get('business'), c.req.valid('param').bookingId, c.get('user').id, c.req.valid('json')), 200))
    .openapi(routes.serviceTypes, async (c) => c.json(await staffServiceTypes(deps, c.get('business'), c.req.valid('param').accountId, c.get('user').id), 200))
    .openapi(routes.slotDays, async (c) => c.json(await staffSlotDays(deps, c.get('business'), c.req.valid('param').accountId, c.get('user').id, c.req.valid('query')), 200))
    .openapi(routes.slots, async (c) => c.json(await staffSlots(deps, c.get('business'), c.req.valid('param').accountId, c.get('user').id, c.req.valid('query')), 200))
    .openapi(routes.book, async (c) => {
      const { booking, replayed } = await staffBook(deps, c.get('business'), c.req.valid('param').accountId, c.get('user').id, c.req.valid('json'), c.req.valid('header')['idempotency-key']);
      return replayed ? c.json(booking, 200) : c.json(booking, 201);
    });
}

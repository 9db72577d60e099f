// The customer's own scheduling: what can be booked, free times, booking, changing, canceling.
import { createRoute, z } from '@hono/zod-openapi';
import {
  appointmentsSchema,
  bookableServiceTypeSchema,
  bookBodySchema,
  cancelBodySchema,
  customerBookingSchema,
  rescheduleBodySchema,
  slotDaysQuerySchema,
  slotDaysSchema,
  slotsQuerySchema,
  slotsSchema,
  text,
} from '@arrivo/core';
import type { Context } from 'hono';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../http/app-env';
import { businessParams, errors, json, jsonBody, signedIn, withId } from '../http/openapi';
import { createRouter } from '../http/router';
import { requestLocale } from '../http/locale';
import { book, bookableServiceTypes, cancel, getBooking, listAppointments, listSlotDays, listSlots, reschedule, type CustomerContext } from '../services/scheduling';

const common = { tags: ['customer'], security: signedIn };
const path = (rest: string) => `/businesses/{business}/me${rest}`;

const routes = {
  serviceTypes: createRoute({
    ...common, method: 'get', path: path('/service-types'), summary: 'Service types the customer can book online',
    request: { params: businessParams }, responses: { 200: json(z.array(bookableServiceTypeSchema), 'Service types'), ...errors(401, 403, 404) },
  }),
  slots: createRoute({
    ...common, method: 'get', path: path('/slots'),
    summary: 'Free arrival times on one day (in the business’s time zone) for a service type, at the asset’s or account’s address',
    request: { params: businessParams, query: slotsQuerySchema },
    responses: { 200: json(slotsSchema, 'Free times'), ...errors(400, 401, 403, 404, 503) },
  }),
  slotDays: createRoute({
    ...common, method: 'get', path: path('/slot-days'), summary: 'The days in a range that have free times, for a calendar',
    request: { params: businessParams, query: slotDaysQuerySchema },
    responses: { 200: json(slotDaysSchema, 'Days with free times'), ...errors(400, 401, 403, 404, 503) },
  }),
  book: createRoute({
    ...common, method: 'post', path: path('/bookings'),
    summary: 'Book a visit at a free arrival time',
    description:
      'Creates the work order (the customer as Reported By) and the booking, which starts earlier than the arrival by the travel time. ' +
      'Send an `Idempotency-Key`: a retry with the same key returns the same booking. `409 slot_taken` carries `details.alternatives`.',
    request: { params: businessParams, headers: z.object({ 'idempotency-key': text.min(8).max(200) }), ...jsonBody(bookBodySchema) },
    responses: { 201: json(customerBookingSchema, 'Booked'), 200: json(customerBookingSchema, 'A retry: the booking made the first time'), ...errors(400, 401, 403, 404, 409, 422, 503) },
  }),
  appointments: createRoute({
    ...common, method: 'get', path: path('/bookings'), summary: 'Active, Upcoming and Past appointments',
    request: { params: businessParams }, responses: { 200: json(appointmentsSchema, 'Appointments'), ...errors(401, 403, 404) },
  }),
  booking: createRoute({
    ...common, method: 'get', path: path('/bookings/{bookingId}'), summary: 'One appointment',
    request: { params: withId('bookingId') }, responses: { 200: json(customerBookingSchema, 'Appointment'), ...errors(400, 401, 403, 404) },
  }),
  reschedule: createRoute({
    ...common, method: 'post', path: path('/bookings/{bookingId}/reschedule'), summary: 'Move a scheduled visit to another free time (“Modify”)',
    request: { params: withId('bookingId'), ...jsonBody(rescheduleBodySchema) },
    responses: { 200: json(customerBookingSchema, 'Moved'), ...errors(400, 401, 403, 404, 409, 422, 503) },
  }),
  cancel: createRoute({
    ...common, method: 'post', path: path('/bookings/{bookingId}/cancel'), summary: 'Cancel a scheduled visit, with a reason',
    request: { params: withId('bookingId'), ...jsonBody(cancelBodySchema) },
    responses: { 200: json(customerBookingSchema, 'Canceled'), ...errors(400, 401, 403, 404, 409, 422, 503) },
  }),
};

const context = (c: Context<AppEnv>): CustomerContext => ({
  business: c.get('business'),
  customer: c.get('customer'),
  userId: c.get('user').id,
  locale: requestLocale(c.req.header('accept-language')),
});

export function bookingRoutes(deps: Pick<AppDeps, 'sql' | 'auth' | 'scheduleCache' | 'events' | 'secrets' | 'plugins'>) {
  const { sql } = deps;
  return createRouter(deps, 'customer')
    .openapi(routes.serviceTypes, async (c) => c.json(await bookableServiceTypes(deps, c.get('business')), 200))
    .openapi(routes.slots, async (c) => c.json(await listSlots(deps, context(c), c.req.valid('query')), 200))
    .openapi(routes.slotDays, async (c) => c.json(await listSlotDays(deps, context(c), c.req.valid('query')), 200))
    .openapi(routes.book, async (c) => {
      const { booking, replayed } = await book(deps, context(c), c.req.valid('json'), c.req.valid('header')['idempotency-key']);
      return replayed ? c.json(booking, 200) : c.json(booking, 201);
    })
    .openapi(routes.appointments, async (c) => c.json(await listAppointments(sql, context(c)), 200))
    .openapi(routes.booking, async (c) => c.json(await getBooking(sql, context(c), c.req.valid('param').bookingId), 200))
    .openapi(routes.reschedule, async (c) => c.json(await reschedule(deps, context(c), c.req.valid('param').bookingId, c.req.valid('json').arrivalAt), 200))
    .openapi(routes.cancel, async (c) => c.json(await cancel(deps, context(c), c.req.valid('param').bookingId, c.req.valid('json').reason), 200));
}

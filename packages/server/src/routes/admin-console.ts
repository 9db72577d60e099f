// What the admin console reads beyond the staff CRUD: the bookings board, one visit in full, and
// paged searches of accounts and contacts (staff: admins and dispatchers).
import { createRoute } from '@hono/zod-openapi';
import {
  accountPageSchema,
  accountSearchQuerySchema,
  boardQuerySchema,
  boardSchema,
  contactPageSchema,
  pageQuerySchema,
  staffBookingSchema,
} from '@arrivo/core';
import type { AppDeps } from '../deps';
import { businessParams, errors, json, signedIn, withId } from '../http/openapi';
import { createRouter } from '../http/router';
import { accountPage, bookingsBoard, contactPage, staffBooking } from '../services/admin-console';

const common = { tags: ['staff'], security: signedIn };
const path = (rest: string) => `/businesses/{business}/admin${rest}`;

const routes = {
  board: createRoute({
    ...common, method: 'get', path: path('/board'),
    summary: 'The bookings board: one day (in the business’s time zone) per technician, with working hours, time off and visits',
    description: 'Active technicians, and inactive ones that still have a visit that day. A visit is on the day when its time, travel included, touches it; canceled visits are included with their status.',
    request: { params: businessParams, query: boardQuerySchema },
    responses: { 200: json(boardSchema, 'The day'), ...errors(400, 401, 403, 404) },
  }),
  booking: createRoute({
    ...common, method: 'get', path: path('/bookings/{bookingId}'), summary: 'One visit as staff see it, with its status history',
    request: { params: withId('bookingId') }, responses: { 200: json(staffBookingSchema, 'The visit'), ...errors(400, 401, 403, 404) },
  }),
  accounts: createRoute({
    ...common, method: 'get', path: path('/search/accounts'), summary: 'Accounts by name or city, a page at a time',
    request: { params: businessParams, query: accountSearchQuerySchema },
    responses: { 200: json(accountPageSchema, 'A page of accounts'), ...errors(400, 401, 403, 404) },
  }),
  contacts: createRoute({
    ...common, method: 'get', path: path('/search/contacts'), summary: 'Contacts of every account by name or email, a page at a time',
    request: { params: businessParams, query: pageQuerySchema },
    responses: { 200: json(contactPageSchema, 'A page of contacts'), ...errors(400, 401, 403, 404) },
  }),
};

export function adminConsoleRoutes(deps: Pick<AppDeps, 'sql' | 'auth'>) {
  return createRouter(deps, 'staff')
    .openapi(routes.board, async (c) => c.json(await bookingsBoard(deps, c.get('business'), c.req.valid('query')), 200))
    .openapi(routes.booking, async (c) => c.json(await staffBooking(deps, c.get('business'), c.req.valid('param').bookingId), 200))
    .openapi(routes.accounts, async (c) => c.json(await accountPage(deps.sql, c.get('business'), c.req.valid('query')), 200))
    .openapi(routes.contacts, async (c) => c.json(await contactPage(deps.sql, c.get('business'), c.req.valid('query')), 200));
}

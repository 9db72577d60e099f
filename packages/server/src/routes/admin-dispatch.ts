// Staff (admin, dispatcher) run the day: move visits through the status machine, and link each
// technician record to the account its technician signs in with.
import { createRoute } from '@hono/zod-openapi';
import { bookingStatusSchema, statusChangeBodySchema, technicianAccountBodySchema, technicianAccountSchema } from '@arrivo/core';
import type { AppDeps } from '../deps';
import { errors, json, jsonBody, noContent, signedIn, withId } from '../http/openapi';
import { createRouter } from '../http/router';
import { changeBookingStatus } from '../services/booking-status';
import { linkTechnicianAccount, technicianAccount, unlinkTechnicianAccount } from '../services/technician-accounts';

const common = { tags: ['staff'], security: signedIn };
const path = (rest: string) => `/businesses/{business}/admin${rest}`;

const routes = {
  changeStatus: createRoute({
    ...common, method: 'post', path: path('/bookings/{bookingId}/status'),
    summary: 'Move a visit along: scheduled → traveling → in_progress → completed, or cancel it (with a reason) while scheduled or traveling',
    description: 'Writes a history row with who changed it and publishes `booking.status_changed`. A move the status machine does not allow is `409 status_transition_not_allowed` with `details.allowed`.',
    request: { params: withId('bookingId'), ...jsonBody(statusChangeBodySchema) },
    responses: { 200: json(bookingStatusSchema, 'The new status, what may follow, and the history'), ...errors(400, 401, 403, 404, 409, 422, 503) },
  }),
  getAccount: createRoute({
    ...common, method: 'get', path: path('/technicians/{technicianId}/account'), summary: 'The account a technician signs in with',
    request: { params: withId('technicianId') }, responses: { 200: json(technicianAccountSchema, 'Account link'), ...errors(400, 401, 403, 404) },
  }),
  linkAccount: createRoute({
    ...common, method: 'put', path: path('/technicians/{technicianId}/account'),
    summary: 'Link a technician to the account (holding the technician role here) with this email',
    request: { params: withId('technicianId'), ...jsonBody(technicianAccountBodySchema) },
    responses: { 200: json(technicianAccountSchema, 'Linked'), ...errors(400, 401, 403, 404, 409, 422) },
  }),
  unlinkAccount: createRoute({
    ...common, method: 'delete', path: path('/technicians/{technicianId}/account'), summary: 'Unlink a technician from its account',
    request: { params: withId('technicianId') }, responses: { 204: noContent, ...errors(400, 401, 403, 404) },
  }),
};

export function adminDispatchRoutes(deps: Pick<AppDeps, 'sql' | 'auth' | 'events' | 'secrets' | 'plugins'>) {
  return createRouter(deps, 'staff')
    .openapi(routes.changeStatus, async (c) =>
      c.json(await changeBookingStatus(deps, c.get('business'), c.req.valid('param').bookingId, c.req.valid('json'), { role: 'staff', userId: c.get('user').id }), 200),
    )
    .openapi(routes.getAccount, async (c) => c.json(await technicianAccount(deps, c.get('business'), c.req.valid('param').technicianId), 200))
    .openapi(routes.linkAccount, async (c) =>
      c.json(await linkTechnicianAccount(deps, c.get('business'), c.req.valid('param').technicianId, c.req.valid('json').email), 200),
    )
    .openapi(routes.unlinkAccount, async (c) => {
      await unlinkTechnicianAccount(deps, c.get('business'), c.req.valid('param').technicianId);
      return c.body(null, 204);
    });
}
